/** Human-readable CLI output for indicator systems; --json prints the API values unchanged. */
import type { SystemFamily } from '../../../shared/api/contracts/indicators';
import { conclusionText, formatNumber, LEVEL_LABELS, STATE_LABELS, type EvaluationResult } from '../../../shared/domain/indicators';
import type { CliIo } from '../cli-types';

export function printFamilies(io: CliIo, list: SystemFamily[]): void {
  for (const f of list) {
    io.out(`${f.name}（${LEVEL_LABELS[f.level]}，标识 ${f.key}）`);
    for (const v of f.versions) {
      const problems = v.errorCount ? `，${v.errorCount} 处错误` : '';
      io.out(`  编号 ${v.id}\t第 ${v.version} 版\t${STATE_LABELS[v.state]}\t${v.leafCount} 个末级指标，满分 ${formatNumber(v.maxTotal)}${problems}`);
    }
  }
  io.out(`共 ${list.length} 个指标体系`);
}

const STATUS_TEXT: Record<string, string> = { na: '不适用', missing: '未填写', error: '有误' };

/** Every subtotal, then vetoes, rules, refused values, notices, grade and the overall explanation — as the 试算 page shows them. */
export function printTrial(io: CliIo, name: string, r: EvaluationResult): void {
  io.out(`${name} 第 ${r.systemVersion} 版 试算结果`);
  for (const n of r.nodes) {
    const indent = '  '.repeat(n.depth - 1);
    const score = n.method === 'veto' ? (n.vetoTriggered ? '否决' : '—') : `${formatNumber(n.earned)}/${formatNumber(n.maxPoints)}`;
    const flag = STATUS_TEXT[n.status] ? `【${STATUS_TEXT[n.status]}】` : n.met === true ? '【达标】' : n.met === false ? '【未达标】' : '';
    io.out(`${indent}${n.code} ${n.title}\t${score}${flag}\t${n.explanation}`);
  }
  io.out(`总分：${formatNumber(r.total)}（满分 ${formatNumber(r.maxTotal)}）`);
  for (const v of r.vetoes) io.out(`一票否决：${v.code} ${v.title}：${v.reason}`);
  for (const rule of r.rules) io.out(`${rule.passed ? '✓' : '✗'} ${rule.explanation}`);
  // Older stored results have no notices / refusedValues; the engine always sets them now.
  for (const p of r.refusedValues ?? []) io.out(`数据有误：${p.message}`);
  for (const n of r.notices ?? []) io.out(`提示：${n.message}`);
  if (r.grade) io.out(`等级：${r.grade.label || '—'}（${r.grade.explanation}）`);
  io.out(`判定：${conclusionText(r)}`);
  io.out(`结论：${r.explanation}`);
  io.out(`说明：${r.roundingRule}`);
}
