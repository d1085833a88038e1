/**
 * 回执 (issue 11 item 3): what the office received from a unit in one revision, for the school to
 * keep — every file with its size and SHA-256, so either side can later prove what was handed over
 * (pitfalls.md: every received file is listed with its hash in the receipt). PDF (typeset like the
 * other documents, on a worker thread) and xlsx, from the same rows.
 */
import { AppError } from '../../../shared/api/envelope';
import type { FileResult } from '../../../shared/api/envelope';
import { formatBytes } from '../../../shared/domain/text/bytes';
import type { SchoolType } from '../../../shared/domain/indicators';
import { formatDate, formatDateTime } from '../../../shared/domain/text/datetime';
import { formatChineseDate } from '../../documents/dates';
import { answerKind, evaluationRows } from '../../exchange/packages/format';
import { buildRegister } from '../../documents/builders/register';
import { safeFileName } from '../../documents/write-file';
import { receiptNote } from '../../exchange/package-receipt';
import { newWorkbook, workbookBuffer } from '../../exchange/register/workbook-style';
import * as repo from '../../db/repositories/rounds-repo';
import * as subs from '../../db/repositories/submissions-repo';
import { reader, type ServiceContext } from '../context';
import { MIME } from '../documents/mime';
import { roundContext } from './packages-service';
import { unitSubmissions } from './submissions-service';

const ROLE_LABELS = { workbook: '自评表', report: '自评报告', evidence: '佐证材料' } as const;

/** The receipt of `revision` of a unit as PDF and xlsx. Errors: not_found for an unknown unit or revision. */
export async function receipt(ctx: ServiceContext, unitId: number, revision: number): Promise<{ pdf: FileResult; xlsx: FileResult }> {
  const db = reader(ctx);
  const unit = await repo.getUnitRow(db, unitId);
  if (!unit) throw new AppError('not_found', `找不到编号为 ${unitId} 的评估单位`);
  const rc = await roundContext(db, unit.round_id);
  const s = (await subs.submissionsOf(db, unitId)).find((x) => x.revision === revision);
  if (!s) throw new AppError('not_found', `“${unit.name}”没有第 ${revision} 版填报材料`);
  const view = (await unitSubmissions(ctx, unitId)).revisions.find((r) => r.revision === revision)!;
  const files = await subs.filesOf(db, s.id);
  const evidence = view.evidence;
  const indicatorOf = new Map(evidence.map((f) => [f.path, f.indicator]));
  const rows = files.map((f, i) => ({
    n: i + 1,
    role: ROLE_LABELS[f.role],
    indicator: f.role === 'evidence' ? (indicatorOf.get(f.path) ?? '未归类') : '',
    name: f.path,
    size: formatBytes(f.bytes),
    sha256: f.blob_sha256,
  }));
  const answered = view.answers.filter((a) => a.answer).length;
  // What the unit had to self-evaluate: the leaves of its workbook that take an answer (format.ts).
  const expected = evaluationRows(rc.system, unit.school_type as SchoolType).filter((r) => r.leaf && answerKind(r.node.scoring) !== 'computed').length;
  const blankStats = view.statistics.filter((x) => x.value === '（空）').length;
  const time = formatDateTime(s.received_at).slice(11);
  const facts = [
    `评估项目：${rc.round.name}（${rc.round.year} 年）`,
    `单位：${unit.name}（报送编码 ${unit.code}）`,
    `版本：第 ${revision} 版${s.late ? '（逾期提交）' : ''}`,
    `接收时间：${formatChineseDate(formatDate(s.received_at))} ${time}`,
    `接收人：${s.received_by}`,
    `来源：${s.source_name}`,
    `内容：自评 ${answered} 项（应自评 ${expected} 项）；统计数据 ${view.statistics.length - blankStats} 项${blankStats ? `（另有 ${blankStats} 项留空）` : ''}；自评报告 ${view.report ? '1 份' : '未提交'}；佐证材料 ${evidence.length} 个（${formatBytes(evidence.reduce((a, f) => a + f.bytes, 0))}）`,
    // What was handed in but not received is on the receipt too: the school signs what the office did not take.
    ...(view.refused.length ? [`未接收：${view.refused.length} 个文件——${view.refused.map((r) => `${r.path}（${r.reason}）`).join('；')}`] : []),
  ];
  const title = '填报材料接收回执';
  const doc = buildRegister({
    title,
    subtitle: facts.join('\n'),
    columns: [
      { key: 'n', header: '序号', width: 4, align: 'center' },
      { key: 'role', header: '类别', width: 9, align: 'center' },
      { key: 'indicator', header: '所属指标', width: 16 },
      { key: 'name', header: '文件', width: 28 },
      { key: 'size', header: '大小', width: 7, align: 'right' },
      { key: 'sha256', header: '文件校验值（SHA-256）', width: 32 },
    ],
    rows,
    // The signatures on a line of their own, short enough never to wrap.
    note: receiptNote('学校经办人'),
    date: formatDate(s.received_at),
    author: rc.round.evaluator_name,
  });
  const stem = safeFileName(`${rc.round.name}_${unit.code}_${unit.name}_第${revision}版_接收回执`, 100, 200);
  const rendered = await ctx.tasks.run('render', { doc, formats: ['pdf'] });
  const pdf = await ctx.files.writeResult(`${stem}.pdf`, MIME.pdf, rendered.files[0]!.buffer);

  const wb = await newWorkbook();
  const ws = wb.addWorksheet('接收回执');
  ws.addRow([title]);
  for (const f of facts) ws.addRow([f]);
  ws.addRow([]);
  const header = ws.addRow(['序号', '类别', '所属指标', '文件', '大小（字节）', '文件校验值（SHA-256）']);
  for (const [i, f] of files.entries()) ws.addRow([i + 1, ROLE_LABELS[f.role], rows[i]!.indicator, f.path, f.bytes, f.blob_sha256]);
  ws.columns = [{ width: 6 }, { width: 10 }, { width: 28 }, { width: 48 }, { width: 14 }, { width: 70 }];
  ws.getRow(1).font = { bold: true, size: 14 };
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const xlsx = await ctx.files.writeResult(`${stem}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await workbookBuffer(wb));
  return { pdf, xlsx };
}
