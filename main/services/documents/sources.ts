/**
 * Real data for each document: the register's schools in operation for notices and the 学校名册,
 * and the balance service's result for the 差异系数测算报告 (the same call the 差异系数 page makes,
 * so the report and the page show the same numbers).
 */
import { DISCLOSURE_NOTES, type DocumentSettings, type NoticeForm, type SchoolSelection } from '../../../shared/api/contracts/documents';
import type { School } from '../../../shared/api/contracts/schools';
import { AppError } from '../../../shared/api/envelope';
import type { ProfileId } from '../../../shared/domain/balance';
import type { SchoolType } from '../../../shared/domain/schools/school-enums';
import { listSchools } from '../../db/repositories/schools-repo';
import { getRound } from '../rounds/rounds-service';
import { titleLines } from '../../documents/title-lines';
import type { BalanceReportInput } from '../../documents/builders/balance-report';
import type { NoticeInput, NoticeSchool } from '../../documents/builders/notice';
import type { RegisterInput } from '../../documents/builders/register';
import { computeYear } from '../balance-service';
import { statisticsProvenance } from './balance-source';
import { reader, type ServiceContext } from '../context';

export function todayIso(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export async function selectSchools(ctx: ServiceContext, sel: SchoolSelection): Promise<School[]> {
  let schools = await listSchools(reader(ctx), { status: '在办', township: sel.township || undefined });
  if (sel.types?.length) schools = schools.filter((s) => sel.types!.includes(s.type));
  if (sel.schoolIds?.length) {
    const ids = new Set(sel.schoolIds);
    schools = schools.filter((s) => ids.has(s.id));
  }
  if (schools.length === 0) throw new AppError('invalid_input', '没有符合条件的在办学校，请检查参评学校的选择或先录入学校名册');
  return schools;
}

const noticeSchool = (s: School): NoticeSchool => ({ name: s.name, code: s.code ?? '—', type: s.type, urbanRural: s.locality });

/**
 * The stages and participants of a notice for an 评估项目 (NoticeForm.roundId): the round's stage
 * table (names, dates; the form's 主要任务 by position) and its units with their 报送编码.
 */
async function roundParts(ctx: ServiceContext, form: NoticeForm): Promise<Pick<NoticeInput, 'stages' | 'schools' | 'roundUnits'>> {
  const round = await getRound(ctx, form.roundId!);
  if (round.units.length === 0) throw new AppError('invalid_input', `评估项目“${round.name}”还没有参评单位`);
  const locality = new Map((await listSchools(reader(ctx))).map((s) => [s.id, s.locality]));
  return {
    stages: round.stages.map((s, i) => ({ name: s.name, start: s.startsOn, end: s.endsOn, tasks: form.stages[i]?.tasks ?? `按评估项目安排完成“${s.name}”阶段的工作。` })),
    schools: round.units.map((u) => ({ name: u.name, code: u.code, type: u.schoolType, urbanRural: locality.get(u.schoolId) ?? '—' })),
    roundUnits: true,
  };
}

export async function noticeInput(ctx: ServiceContext, form: NoticeForm, settings: DocumentSettings, docNumber: string): Promise<NoticeInput> {
  const fromRound = form.roundId ? await roundParts(ctx, form) : null;
  const schools = fromRound ? fromRound.schools : (await selectSchools(ctx, form.schools)).map(noticeSchool);
  const date = form.date ?? todayIso();
  const printDate = form.printDate ?? date;
  // The contract checks the two dates when both are typed; here the 成文日期 may be today's default.
  if (printDate < date) throw new AppError('invalid_input', `印发日期（${printDate}）早于成文日期（${date}），文件须先成文后印发`);
  return {
    issuer: settings.letterhead,
    docNumber,
    title: titleLines(form.title),
    addressee: form.addressee || settings.defaultAddressee,
    purpose: form.purpose,
    stages: fromRound ? fromRound.stages : form.stages,
    procedure: form.procedure,
    requirements: form.requirements,
    contact: form.contact,
    schools,
    roundUnits: fromRound?.roundUnits,
    signature: settings.signature,
    date,
    note: noticeNote(form),
    cc: form.cc ?? settings.cc,
    printer: settings.printer,
    printDate,
  };
}

/**
 * The 附注 (GB/T 9704 §7.3.7): the 公开方式's wording (此件公开发布 by default), then the office's own
 * note, in one pair of parentheses under the date.
 */
export function noticeNote(form: Pick<NoticeForm, 'note' | 'disclosure'>): string | undefined {
  const own = form.note?.replace(/^[（(]\s*/, '').replace(/\s*[）)]$/, '');
  const parts = [form.disclosure ? DISCLOSURE_NOTES[form.disclosure] : '', own ?? ''].filter(Boolean);
  return parts.length > 0 ? `（${parts.join('；')}）` : undefined;
}

/**
 * The 差异系数测算报告's input: the year's balance result (the 差异系数 page's computation), the
 * statistics' provenance (balance-source.ts), the 委托单位 as typed (empty stays empty: the report
 * then has no 受……委托 clause, none is invented) and the 测算单位 as typed, else the office's 署名
 * (设置 → 公文).
 * Errors: not_found when the year has no statistics (computeYear).
 */
export async function balanceReportInput(
  ctx: ServiceContext,
  req: { year: number; profile?: ProfileId; commissioner?: string; measurer?: string; referenceDate?: string },
  settings: DocumentSettings,
  region: string,
): Promise<BalanceReportInput> {
  const view = await computeYear(ctx, { year: req.year, profile: req.profile });
  return {
    region,
    year: req.year,
    result: view.result,
    notInOperation: view.notInOperation.map((n) => ({ schoolName: n.schoolName, closedOn: n.closedOn, reason: n.reason })),
    commissioner: req.commissioner ?? '',
    measurer: req.measurer || settings.signature,
    dataSource: await statisticsProvenance(ctx, req.year, req.referenceDate),
    date: todayIso(),
  };
}

export async function registerInput(ctx: ServiceContext, req: { includeClosed: boolean; types?: SchoolType[] }, settings: DocumentSettings, region: string): Promise<RegisterInput> {
  let schools = await listSchools(reader(ctx), req.includeClosed ? {} : { status: '在办' });
  if (req.types?.length) schools = schools.filter((s) => req.types!.includes(s.type));
  if (schools.length === 0) throw new AppError('invalid_input', '学校名册中没有符合条件的学校');
  const date = todayIso();
  return {
    title: `${region}义务教育学校名册`,
    subtitle: `${req.includeClosed ? '含已撤并学校' : '在办学校'}共${schools.length}所`,
    // Widths in points of the 638 pt landscape text block, sized for 10.5 pt text: codes, phone
    // numbers and two-character values stay on one line; the address takes what is left.
    columns: [
      { key: 'no', header: '序号', width: 26 },
      { key: 'name', header: '学校名称', width: 112, align: 'left' },
      { key: 'code', header: '学校标识码', width: 68 },
      { key: 'type', header: '类型', width: 70 },
      { key: 'ownership', header: '性质', width: 30 },
      { key: 'locality', header: '城乡', width: 30 },
      { key: 'township', header: '乡镇（街道）', width: 52 },
      { key: 'principal', header: '校长', width: 42, group: '联系方式' },
      { key: 'contact', header: '电话', width: 84, group: '联系方式' },
      { key: 'address', header: '地址', width: 78, align: 'left', group: '联系方式' },
      { key: 'status', header: '状态', width: 42 },
    ],
    rows: schools.map((s, i) => ({
      no: i + 1,
      name: s.name,
      code: s.code,
      type: s.type,
      ownership: s.ownership,
      locality: s.locality,
      township: s.township,
      principal: s.principal,
      contact: s.contact,
      address: s.address,
      status: s.status === '撤并' && s.closedOn ? `撤并 ${s.closedOn}` : s.status,
    })),
    note: '注：根据学校名册整理，学校标识码为全国教育事业统计学校代码。',
    date,
    author: settings.signature,
  };
}
