/**
 * A document request → its DocModel and file name, from the office settings and real data. A
 * notice takes its number from the 发文登记 first (see numbers.ts) and marks it used once rendered;
 * an 评估项目's notice generated again carries the number it was given.
 */
import type { DocumentRequest } from '../../../shared/api/contracts/documents';
import type { DocModel } from '../../documents/model';
import { buildBalanceReport } from '../../documents/builders/balance-report';
import { buildNotice, type NoticeInput } from '../../documents/builders/notice';
import { buildRegister } from '../../documents/builders/register';
import { formatChineseDate } from '../../documents/dates';
import { safeFileName } from '../../documents/write-file';
import { getRoundRow } from '../../db/repositories/rounds-repo';
import { reader, type ServiceContext } from '../context';
import { claimNumber, markUsed, roundNoticeKind } from './numbers';
import { getDocumentSettings, regionOf } from './settings';
import { balanceReportInput, noticeInput, registerInput, todayIso } from './sources';

const PROFILE_LABEL: Record<string, string> = { quality2017: '优质均衡', basic2012: '基本均衡', application2019: '申报条件' };

export interface BuiltDocument {
  doc: DocModel;
  /** File name without extension. */
  baseName: string;
  /** Shown in progress and errors. */
  label: string;
  docNumber: string | null;
  warnings: string[];
  /** Run after the files were produced (marks a notice's number used). */
  commit(): Promise<void>;
}

const noop = async () => {};

/**
 * A notice announces work to come: a stage that ended before the 成文日期 (a round's stage table
 * from last spring, a date typed in the wrong year) is most likely a mistake, so it is named.
 */
export function pastStages(input: Pick<NoticeInput, 'stages' | 'date'>): string[] {
  return input.stages
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.end < input.date)
    .map(({ s, i }) => `第 ${i + 1} 个阶段“${s.name}”在成文日期（${formatChineseDate(input.date)}）之前已结束（${formatChineseDate(s.end)}），请核对日程`);
}

export async function buildDocument(ctx: ServiceContext, req: DocumentRequest): Promise<BuiltDocument> {
  const settings = await getDocumentSettings(ctx);
  const region = regionOf(settings);
  switch (req.kind) {
    case 'notice': {
      const title = req.notice.title.replace(/\s*\r?\n\s*/g, '');
      const year = Number((req.notice.date ?? todayIso()).slice(0, 4));
      // Gather the data first: a request that cannot be built must not use up a number.
      const input = await noticeInput(ctx, req.notice, settings, '');
      // A round's notice generated again keeps the number it was given (numbers.ts).
      const round = req.notice.roundId ? await getRoundRow(reader(ctx), req.notice.roundId) : undefined;
      const claimed = await claimNumber(ctx, req.notice.docNumber, title, year, round ? roundNoticeKind(round.uid) : undefined);
      const doc = buildNotice({ ...input, docNumber: claimed.number });
      return {
        doc,
        baseName: safeFileName(`${claimed.number} ${title}`),
        label: title,
        docNumber: claimed.number,
        warnings: [...claimed.warnings, ...pastStages(input)],
        commit: claimed.id === null ? noop : () => markUsed(ctx, claimed.id!, title, claimed.kind),
      };
    }
    case 'balance': {
      const input = await balanceReportInput(ctx, req, settings, region);
      const doc = buildBalanceReport(input);
      const profile = PROFILE_LABEL[input.result.profile.id] ?? input.result.profile.name;
      const label = `${region}${req.year}年差异系数测算报告（${profile}）`;
      return { doc, baseName: safeFileName(label), label, docNumber: null, warnings: [], commit: noop };
    }
    case 'register': {
      const input = await registerInput(ctx, req, settings, region);
      return { doc: buildRegister(input), baseName: safeFileName(input.title), label: input.title, docNumber: null, warnings: [], commit: noop };
    }
  }
}
