/**
 * CLI output of `balance`: the JSON summary (full precision, the service's numbers unchanged) and
 * the readable Chinese tables (display rounding of shared/domain/balance/rounding.ts).
 */
import type { BalanceView } from '../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS, formatForDisplay, type BalanceSection } from '../../../shared/domain/balance';
import type { CliIo } from '../cli-types';

export interface BalanceCliSchool {
  schoolId: string;
  schoolName: string;
  schoolType: string;
  section: BalanceSection;
  pupils: number | null;
  /** Indicator code → value (full precision; null = missing). */
  values: Record<string, number | null>;
  verdict: string | null;
  verdictLabel: string | null;
}

export function balanceJson(view: BalanceView) {
  const r = view.result;
  const schools: BalanceCliSchool[] = r.schools.flatMap((s) =>
    s.sections.map((sb) => ({
      schoolId: s.schoolId,
      schoolName: s.schoolName,
      schoolType: s.schoolType,
      section: sb.section,
      pupils: sb.pupils,
      values: Object.fromEntries(sb.values.map((v) => [v.code, v.value])),
      verdict: sb.attainment?.verdict ?? null,
      verdictLabel: sb.attainment?.verdictLabel ?? null,
    })),
  );
  return {
    year: view.year,
    profile: { id: r.profile.id, name: r.profile.name, cvTest: r.profile.cvTest },
    basis: { id: view.basis.id, label: view.basis.label },
    campuses: view.basisNotes.map((n) => ({ unitName: n.unitName, kind: n.kind, note: n.note })),
    sections: r.sections.map((s) => ({
      section: s.section,
      label: s.label,
      schoolCount: s.schoolCount,
      pupils: s.pupils,
      indicators: s.indicators.map((i) => ({ code: i.code, name: i.name, mean: i.mean, sd: i.sd, cv: i.cv, limit: i.limit, tested: i.tested, pass: i.pass, schoolCount: i.schoolCount, unweightedDiagnosticCv: i.unweightedDiagnostic?.cv ?? null })),
      composite: { cv: s.composite.cv, limit: s.composite.limit, tested: s.composite.tested, pass: s.composite.pass },
      pass: s.pass,
      verdictText: s.verdictText,
      attainment: s.attainment,
    })),
    schools,
    exclusions: [...view.notInOperation.map((n) => ({ schoolName: n.schoolName, section: null, reason: n.reason })), ...r.exclusions.map((e) => ({ schoolName: e.schoolName, section: e.section, reason: e.reason }))],
    warnings: r.warnings.map((w) => w.message),
  };
}

const pass = (p: boolean | null) => (p === null ? '—' : p ? '达到' : '未达到');

export function printBalance(io: CliIo, view: BalanceView): void {
  const r = view.result;
  io.out(`${view.year} 年 资源配置差异系数（${r.profile.name}）`);
  io.out('差异系数按学生数加权计算；平均值、标准差、差异系数保留 4 位小数，指标值保留 3 位小数。');
  io.out(`计算口径：${view.basis.label}。${view.basis.description}`);
  for (const s of r.sections) {
    io.out(`\n【${s.label}】${s.schoolCount} 所学校（学段），在校生 ${s.pupils} 人`);
    io.out(['指标', '平均值', '标准差', '差异系数', '限值', '结论'].join('\t'));
    for (const i of s.indicators) {
      io.out([`${i.code} ${i.name}`, formatForDisplay(i.mean, 'mean'), formatForDisplay(i.sd, 'sd'), formatForDisplay(i.cv, 'cv'), i.tested ? i.limit.toFixed(2) : '—', i.tested ? pass(i.pass) : '不单独判定'].join('\t'));
    }
    io.out(['综合', '', '', formatForDisplay(s.composite.cv, 'cv'), s.composite.tested ? s.composite.limit.toFixed(2) : '—', s.composite.tested ? pass(s.composite.pass) : '仅供参考'].join('\t'));
    io.out(`结论：${s.verdictText}`);
    if (s.attainment) io.out(`学校达标：${s.attainment.pass} 所达标，${s.attainment.fail} 所未达标，${s.attainment.incomplete} 所数据不全`);
  }
  const codes = r.profile.indicators.map((i) => i.code);
  io.out(`\n【各校指标值】`);
  io.out(['学校', '学段', '学生数', ...codes, '结论'].join('\t'));
  for (const s of r.schools) {
    for (const sb of s.sections) {
      io.out([s.schoolName, BALANCE_SECTION_LABELS[sb.section], sb.pupils ?? '—', ...sb.values.map((v) => formatForDisplay(v.value, 'value')), sb.attainment?.verdictLabel ?? '—'].join('\t'));
    }
  }
  const excluded = [...view.notInOperation.map((n) => `${n.schoolName}：${n.reason}`), ...r.exclusions.map((e) => `${e.schoolName}${e.section ? `（${BALANCE_SECTION_LABELS[e.section]}）` : ''}：${e.reason}`)];
  if (excluded.length) io.out(`\n【未参与计算】\n${excluded.join('\n')}`);
  if (view.basisNotes.length) io.out(`\n【单独评估的校区】\n${view.basisNotes.map((n) => `${n.unitName}：${n.note}`).join('\n')}`);
  if (r.warnings.length) io.out(`\n【提示】\n${r.warnings.map((w) => w.message).join('\n')}`);
}
