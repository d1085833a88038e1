/**
 * Where one year's statistics came from, for the 差异系数测算报告's 数据来源和核查: the year's records,
 * each stored value's current source (stat_value_log) counted by kind, and the files imported values
 * still come from. Read from the register, never assumed.
 */
import type { StatSource, StatSourceKind } from '../../../shared/api/contracts/statistics';
import { currentSources, statsForYear } from '../../db/repositories/stats-repo';
import type { BalanceDataSource } from '../../documents/builders/balance-report';
import { reader, type ServiceContext } from '../context';

/** The source kinds in the order the report lists them. */
const KIND_ORDER: readonly (StatSourceKind | 'none')[] = ['import', 'grid', 'manual', 'submission', 'override', 'demo', 'legacy', 'none'];

/** A stored value: a number, or a list with at least one figure (an empty list is an answer too). */
const isValue = (v: unknown) => v !== undefined && v !== null;

/** The local calendar date of an ISO timestamp (the office's day, as the rest of the app shows it). */
function localDate(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * The provenance of `year`'s statistics. `referenceDate` is the 统计时点 the user gave; absent, it is
 * 1 September of the year, the autumn census date the register uses to tell which schools were in
 * operation (shared/domain/schools/evaluated-units.ts `inOperation`), and the report says so.
 */
export async function statisticsProvenance(ctx: ServiceContext, year: number, referenceDate: string | undefined): Promise<BalanceDataSource> {
  const db = reader(ctx);
  const [records, sources] = await Promise.all([statsForYear(db, year), currentSources(db, { years: [year] })]);
  const counts = new Map<StatSourceKind | 'none', number>();
  const files = new Map<string, { name: string; at: string; values: number }>();
  for (const rec of records) {
    const own: Record<string, StatSource> = sources.get(`${rec.schoolId}/${rec.campusId ?? '-'}/${year}`) ?? {};
    for (const [field, value] of Object.entries(rec.values)) {
      if (!isValue(value)) continue;
      const src = own[field];
      const kind = src?.kind ?? 'none';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (src?.kind === 'import' && src.fileName) {
        const f = files.get(src.fileName) ?? { name: src.fileName, at: src.at, values: 0 };
        f.values += 1;
        if (src.at > f.at) f.at = src.at;
        files.set(src.fileName, f);
      }
    }
  }
  return {
    referenceDate: referenceDate ?? `${year}-09-01`,
    referenceDateGiven: referenceDate !== undefined,
    records: records.length,
    byKind: KIND_ORDER.filter((k) => counts.has(k)).map((kind) => ({ kind, values: counts.get(kind)! })),
    files: [...files.values()].sort((a, b) => a.at.localeCompare(b.at)).map((f) => ({ name: f.name, on: localDate(f.at), values: f.values })),
  };
}
