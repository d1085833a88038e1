/**
 * 填报包 issue (issue 11 item 2): builds each unit's PackageSpec from the round (frozen system, stage
 * table, the unit's statistics for the year pre-filled with last year's), writes the packages with
 * main/exchange/packages/write-package.ts, and marks each unit 已下发 as its package is written (so a
 * cancelled batch leaves the units it finished issued and the others as they were). Runs as the
 * `rounds.packages` job (progress, cancel, found again in 作业记录).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { AppError } from '../../../shared/api/envelope';
import type { RoundPackagesParameters } from '../../../shared/api/contracts/jobs';
import type { School } from '../../../shared/api/contracts/schools';
import type { BalanceResult } from '../../../shared/domain/balance';
import type { IndicatorSystem } from '../../../shared/domain/indicators';
import { applicableStatFields } from '../../../shared/domain/schools/stat-completeness';
import { STAT_FIELD_BY_KEY } from '../../../shared/domain/schools/statistics-fields';
import type { SchoolType } from '../../../shared/domain/schools/school-enums';
import type { Db } from '../../db/connection';
import { getSystem } from '../../db/repositories/indicator-systems-repo';
import * as repo from '../../db/repositories/rounds-repo';
import { getSchool } from '../../db/repositories/schools-repo';
import { getStats } from '../../db/repositories/stats-repo';
import { sectionsText } from '../../documents/builders/self-report';
import { safeFileName } from '../../documents/write-file';
import { PACKAGE_FORMAT_ID, PACKAGE_FORMAT_VERSION, type PackageQuery, type PackageSpec, type PackageStatField, type SelfAnswer } from '../../exchange/packages/format';
import { writePackage } from '../../exchange/packages/write-package';
import { renderDocxOnPool } from '../documents/pool-render';
import { TaskAborted } from '../../workers/task-runner';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { computeYear } from '../balance-service';
import { resourcesOf } from '../scoring/conclusions-service';
import { freshExportFolder } from '../documents/jobs';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { systemHash } from './rounds-service';

/** The round's frozen system, refused when it is gone or no longer what the round froze. */
export async function frozenSystem(db: Db, round: repo.RoundRow): Promise<IndicatorSystem> {
  const stored = await getSystem(db, round.system_id);
  if (!stored) throw new AppError('conflict', `评估项目“${round.name}”使用的指标体系已不存在`);
  if (systemHash(stored.system) !== round.system_hash) throw new AppError('conflict', `评估项目“${round.name}”使用的指标体系“${stored.system.name}”第 ${stored.version} 版在创建项目后被修改过，无法据此生成或读取填报包`);
  return stored.system;
}

/** The statistics fields a unit of `type` fills in a package (list fields such as 各班人数 are entered on the school page). */
export function packageStatFields(type: SchoolType): { key: string; label: string }[] {
  return applicableStatFields(type)
    .map((f) => STAT_FIELD_BY_KEY.get(f.key)!)
    .filter((d) => d.kind !== 'list')
    .map((d) => ({ key: d.key, label: `${d.label}（${d.unit}）` }));
}

/**
 * The unit's 统计数据 rows as a package issues them: each applicable field with last year's value and
 * the pre-filled 本年数值 (this year's stored value, else last year's, else empty). A first
 * submission's statistics are compared with these pre-filled values (what the school confirmed or
 * corrected). Values in the catalogue's units.
 */
export async function statisticsOf(db: Db, unit: repo.UnitRow, year: number): Promise<PackageStatField[]> {
  const [current, last] = await Promise.all([getStats(db, unit.school_id, unit.campus_id, year), getStats(db, unit.school_id, unit.campus_id, year - 1)]);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return packageStatFields(unit.school_type as SchoolType).map((f) => {
    const lastYear = num(last?.values[f.key]);
    const thisYear = num(current?.values[f.key]);
    return { key: f.key, label: f.label, lastYear, value: thisYear ?? lastYear, ...(thisYear === null && lastYear !== null ? { fromLastYear: true } : {}) };
  });
}

/** What a package needs besides the unit: the round, its system and the collecting stage's end. */
export interface RoundContext {
  round: repo.RoundRow;
  system: IndicatorSystem;
  stages: repo.StageRow[];
  /**
   * The round year's 差异系数测算 (or why there is none), for the resource table of the report
   * draft; computed once per batch by {@link withYearBalance}. Absent: the draft asks the school.
   */
  balance?: BalanceResult | string;
}

/**
 * `rc` with the round year's balance computation (the 差异系数 page's: stored settings, the year's
 * statistics), as the 一校一案 quote it. A year without statistics, or a computation the stored
 * settings refuse, becomes the reason in words (the draft prints it); other failures are thrown.
 */
export async function withYearBalance(ctx: ServiceContext, rc: RoundContext): Promise<RoundContext> {
  const year = rc.round.year;
  try {
    return { ...rc, balance: (await computeYear(ctx, { year })).result };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const reason = e.code === 'not_found' ? `${year}年尚无统计数据，未进行差异系数测算，资源配置指标暂无法计算。` : `${year}年差异系数测算未能完成：${e.message}`;
    return { ...rc, balance: reason };
  }
}

/** The register's facts about a unit for the report draft, label → value in words; only what is stored. */
export function registerProfile(unit: repo.UnitRow, school: School | undefined): { label: string; value: string }[] {
  const type = (school?.type ?? unit.school_type) as SchoolType;
  const out = [
    { label: '单位名称', value: unit.name },
    ...(unit.campus_id !== null && school ? [{ label: '所属学校', value: school.name }] : []),
    { label: '报送编码', value: unit.code },
    { label: '学校类型', value: type },
    { label: '学段', value: sectionsText(type) },
  ];
  if (!school) return out;
  out.push({ label: '办学性质', value: school.ownership }, { label: '城乡类别', value: school.locality });
  if (school.township) out.push({ label: '所在乡镇', value: school.township });
  const campus = unit.campus_id === null ? null : school.campuses.find((c) => c.id === unit.campus_id);
  // A campus without its own address is not given the school's as its own: each is named for what it is.
  if (campus?.address) out.push({ label: '校区地址', value: campus.address });
  if (school.address) out.push({ label: campus ? '学校校址' : '校址', value: school.address });
  if (unit.campus_id === null && school.campuses.length) out.push({ label: '校区', value: `${school.campuses.length} 个（${school.campuses.map((c) => c.name).join('、')}）` });
  if (school.principal) out.push({ label: '校长', value: school.principal });
  return out;
}

export async function roundContext(db: Db, roundId: number): Promise<RoundContext> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  return { round, system: await frozenSystem(db, round), stages: await repo.stagesOf(db, [roundId]) };
}

/**
 * One unit's PackageSpec. `returned` (退回修改) carries the revision the package is built on, the
 * school's answers to pre-fill and the office's open queries; without it, a first issue (blank).
 */
export async function packageSpec(
  db: Db,
  rc: RoundContext,
  unit: repo.UnitRow,
  returned?: { packageVersion: number; baseRevision: number; answers: Record<string, { answer: SelfAnswer; explanation: string }>; queries: PackageQuery[] },
): Promise<PackageSpec> {
  const collecting = rc.stages.find((s) => s.collects === 1)!;
  const extension = await repo.latestExtension(db, unit.id, collecting.id);
  const returnBy = extension && extension.until > collecting.ends_on ? extension.until : collecting.ends_on;
  const school = await getSchool(db, unit.school_id);
  const schoolName = school?.name ?? unit.name;
  const campusName = unit.campus_id === null ? null : (school?.campuses.find((c) => c.id === unit.campus_id)?.name ?? null);
  return {
    manifest: {
      format: PACKAGE_FORMAT_ID,
      formatVersion: PACKAGE_FORMAT_VERSION,
      packageId: randomUUID(),
      roundUid: rc.round.uid,
      roundId: rc.round.id,
      roundName: rc.round.name,
      year: rc.round.year,
      unitId: unit.id,
      unitCode: unit.code,
      unitName: unit.name,
      schoolId: unit.school_id,
      campusId: unit.campus_id,
      packageVersion: returned?.packageVersion ?? 1,
      baseRevision: returned?.baseRevision ?? 0,
      issuedAt: new Date().toISOString(),
      systemId: rc.round.system_id,
      systemVersion: rc.system.version,
      systemHash: rc.round.system_hash,
    },
    secret: rc.round.secret,
    system: rc.system,
    unit: { name: unit.name, code: unit.code, schoolName, campusName, schoolType: unit.school_type as SchoolType },
    round: {
      name: rc.round.name,
      year: rc.round.year,
      evaluator: rc.round.evaluator_name,
      stages: rc.stages.map((s) => ({ name: s.name, startsOn: s.starts_on, endsOn: s.ends_on })),
      returnBy,
    },
    statistics: await statisticsOf(db, unit, rc.round.year),
    draft: { profile: registerProfile(unit, school), resources: rc.balance === undefined ? null : resourcesOf(rc.balance, unit) },
    answers: returned?.answers,
    queries: returned?.queries,
  };
}

/** Units a 生成填报包 covers: those asked for, else every unit still 未下发 or 已下发 without a submission. */
function unitsToIssue(all: repo.UnitRow[], unitIds: number[] | undefined): repo.UnitRow[] {
  if (!unitIds) return all.filter((u) => u.state === 'pending' || u.state === 'issued');
  const byId = new Map(all.map((u) => [u.id, u]));
  return unitIds.map((id) => {
    const u = byId.get(id);
    if (!u) throw new AppError('not_found', `该评估项目中没有编号为 ${id} 的单位`);
    if (u.state !== 'pending' && u.state !== 'issued') throw new AppError('invalid_input', `“${u.name}”已${u.state === 'forfeited' ? '弃权' : '提交材料'}，不再下发空白填报包${u.state === 'submitted' ? '；如需学校修改，请使用“退回修改”' : ''}`);
    return u;
  });
}

/**
 * The `rounds.packages` job: writes each unit's package (and zip when asked) into the chosen folder
 * (a folder reference from the CLI or Electron) or a fresh folder under exports, marking each unit
 * 已下发 (audited) right after its package is complete. Cancel stops between packages or inside
 * one (that one leaves nothing).
 */
export async function runPackages(job: JobHandle, params: RoundPackagesParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const db = reader(ctx);
  const round = await roundContext(db, params.roundId);
  const units = unitsToIssue(await repo.unitsOf(db, params.roundId), params.unitIds);
  if (units.length === 0) return { failure: '没有需要下发填报包的单位（已提交或弃权的单位不再下发空白填报包）' };
  // Once per batch: every unit's report draft quotes the same computation.
  const rc = await withYearBalance(ctx, round);
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '填报包', safeFileName(rc.round.name, 60, 150));
  const shown = params.destination ? folder : dataRelative(ctx.dataDir, folder);
  await job.progress({ done: 0, total: units.length, ...(params.destination ? {} : { folder: shown }) });
  let done = 0;
  for (const unit of units) {
    job.check();
    await job.progress({ message: `正在生成“${unit.name}”的填报包` });
    const spec = await packageSpec(db, rc, unit);
    try {
      const written = await writePackage(spec, folder, { zip: params.zip, signal: job.signal, renderDocx: renderDocxOnPool(ctx.tasks, job.signal) });
      if (written.zipPath && !params.destination) {
        const st = await fs.stat(written.zipPath);
        await job.output({ name: dataRelative(ctx.dataDir, written.zipPath), format: 'zip', bytes: st.size });
      }
    } catch (e) {
      if (e instanceof TaskAborted) throw new JobCancelled();
      throw e;
    }
    await unitOfWork(ctx, async (tx, u) => {
      const current = (await repo.getUnitRow(tx, unit.id))!;
      const first = current.package_version === 0;
      await repo.updateUnit(tx, unit.id, {
        package_version: Math.max(1, current.package_version),
        package_id: spec.manifest.packageId,
        issued_at: u.at,
        ...(current.state === 'pending' ? { state: 'issued' as const, state_changed_at: u.at } : {}),
      });
      u.audit({
        entityType: 'round-unit',
        entityId: unit.id,
        entityName: `${rc.round.name} · ${unit.name}`,
        action: 'generate',
        summary: `${first ? '下发' : '重新生成'}“${unit.name}”的填报包（报送编码 ${unit.code}）`,
        before: { state: current.state },
        after: { state: current.state === 'pending' ? 'issued' : current.state },
      });
    });
    done++;
    await job.progress({ done });
  }
  await job.progress({ message: null });
  return {};
}
