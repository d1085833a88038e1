/**
 * 生成现场督导工作用表 (issue 12 item 5): per unit its 现场督导工作用表 (per 评估组 the group's
 * indicators that apply to the unit, from the round's frozen system, with the school's
 * self-evaluation of its latest revision) and its 迎检材料清单, in DOCX and/or PDF through the
 * product's document engine (typeset on a worker thread). Runs as the `scoring.worksheets` job:
 * progress per unit, a stop between units and inside a render when cancelled, found again in 作业记录.
 * Reads only: nothing in the database changes.
 */
import path from 'node:path';
import { AppError } from '../../../shared/api/envelope';
import type { DocumentFormat } from '../../../shared/api/contracts/documents';
import type { WorksheetsParameters } from '../../../shared/api/contracts/scoring';
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { allLeafIds, blockLeafIds, STANDARD_METHODS } from '../../../shared/domain/scoring/blocks';
import type { Db } from '../../db/connection';
import * as repo from '../../db/repositories/rounds-repo';
import { FileExistsError, safeFileName, writeFileAtomic } from '../../documents/write-file';
import type { DocModel } from '../../documents/model';
import { answerKind, evaluationRows, MET_WORDS, VETO_WORDS } from '../../exchange/packages/format';
import { TaskAborted } from '../../workers/task-runner';
import { reader, type ServiceContext } from '../context';
import { freshExportFolder } from '../documents/jobs';
import { dataRelative, JobCancelled, type JobHandle } from '../jobs-service';
import { frozenSystem } from '../rounds/packages-service';
import { answerText } from '../rounds/submissions-service';
import { storedBlocks } from './blocks-service';
import { selfEvaluation } from './scoring-service';
import { buildMaterialsList, buildWorksheets, type WorksheetGroup, type WorksheetRow } from './worksheets-doc';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

/** A group as the sheets use it: its name (null: the round has no groups), methods and leaves. */
export interface SheetGroup {
  name: string | null;
  methods: string[];
  leafIds: ReadonlySet<string>;
}

/**
 * The groups to print, in the round's order: the chosen ones, or (none chosen) every group that
 * covers indicators; a round without groups prints one sheet of every indicator with the six
 * methods of seed 000. A chosen group without indicators is refused rather than printed empty.
 * @throws AppError('invalid_input') in Chinese.
 */
export async function sheetGroups(db: Db, roundId: number, system: IndicatorSystem, blockIds: readonly number[] | undefined): Promise<SheetGroup[]> {
  const stored = await storedBlocks(db, roundId);
  if (stored.length === 0) {
    if (blockIds?.length) invalid('本项目还没有设置评估组，请刷新后重试');
    return [{ name: null, methods: [...STANDARD_METHODS], leafIds: new Set(allLeafIds(system.nodes)) }];
  }
  const wanted = blockIds ? new Set(blockIds) : null;
  if (wanted) {
    const stranger = [...wanted].find((id) => !stored.some((b) => b.id === id));
    if (stranger !== undefined) invalid(`编号为 ${stranger} 的评估组不在本项目中，请刷新后重试`);
  }
  const out: SheetGroup[] = [];
  for (const b of stored) {
    if (wanted && !wanted.has(b.id)) continue;
    const leaves = blockLeafIds(system.nodes, b.nodeIds);
    if (leaves.length === 0) {
      if (wanted) invalid(`评估组“${b.name}”还没有选择指标，请先在“专家与设置”中为其选择指标`);
      continue;
    }
    out.push({ name: b.name, methods: b.methods, leafIds: new Set(leaves) });
  }
  if (out.length === 0) invalid('各评估组都还没有选择指标，请先在“专家与设置”中为评估组选择指标');
  return out;
}

const numberText = (n: number) => String(Number(n.toFixed(2)));

/** 分值 in words: the points, a bonus's or deduction's ceiling, or 一票否决. */
function pointsText(node: IndicatorNode): string {
  const p = numberText(node.points ?? 0);
  switch (node.scoring?.method) {
    case 'veto':
      return '一票否决';
    case 'bonus':
      return `加分 ${p}`;
    case 'deduction':
      return `扣分 ${p}`;
    default:
      return p;
  }
}

/** What the expert's 评分 cell carries: the choices to circle, nothing (points are written), or why no score is given. */
function scoreHint(node: IndicatorNode): string {
  const s = node.scoring;
  switch (s?.method) {
    case 'grade':
      return s.grades.map((g) => g.label).join(' ');
    case 'boolean':
      return `${MET_WORDS.yes} ${MET_WORDS.no}`;
    case 'veto':
      return `${VETO_WORDS.yes} ${VETO_WORDS.no}`;
    case 'points':
    case 'bonus':
    case 'deduction':
      return '';
    default:
      return '据统计数据计算';
  }
}

/**
 * The rows of one group for a unit: the group's leaves that apply to the unit (evaluationRows: the
 * engine's applicability) under the headings of their branches, in the tree's order.
 */
function groupRows(rows: ReturnType<typeof evaluationRows>, group: SheetGroup, self: Awaited<ReturnType<typeof selfEvaluation>>): WorksheetRow[] {
  const included = rows.map((r) => r.leaf && group.leafIds.has(r.node.id));
  // A branch is kept when a kept leaf follows inside its subtree (the rows after it that are deeper).
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i]!.leaf) continue;
    for (let j = i + 1; j < rows.length && rows[j]!.depth > rows[i]!.depth; j++) {
      if (included[j]) {
        included[i] = true;
        break;
      }
    }
  }
  return rows
    .filter((_, i) => included[i])
    .map(({ node, leaf }): WorksheetRow => {
      if (!leaf) return { kind: 'branch', code: node.code, title: node.title };
      const computed = answerKind(node.scoring) === 'computed';
      const answer = self.answers.get(node.id);
      const selfText = computed || self.revision === 0 ? '—' : answer ? answerText(answer.answer) || '未自评' : '未自评';
      return {
        kind: 'leaf',
        code: node.code,
        title: node.title,
        content: node.content.trim(),
        standard: node.standard.trim(),
        points: pointsText(node),
        self: selfText,
        explanation: computed ? '' : (answer?.explanation ?? '').trim(),
        scoreHint: scoreHint(node),
      };
    });
}

/** One document to write: its model and its file name without extension. */
export interface UnitDocument {
  doc: DocModel;
  baseName: string;
}

/**
 * A unit's documents: its 现场督导工作用表 (null when none of the groups has an indicator that
 * applies to it) and its 迎检材料清单 (null when `materials` is empty).
 */
export async function unitDocuments(
  db: Db,
  round: repo.RoundRow,
  system: IndicatorSystem,
  groups: readonly SheetGroup[],
  unit: repo.UnitRow,
  materials: readonly string[],
): Promise<{ worksheets: UnitDocument | null; materials: UnitDocument | null }> {
  const rows = evaluationRows(system, unit.school_type as SchoolType);
  const self = await selfEvaluation(db, unit.id);
  const sheets: WorksheetGroup[] = groups.map((g) => ({ name: g.name, methods: g.methods, rows: groupRows(rows, g, self) })).filter((g) => g.rows.some((r) => r.kind === 'leaf'));
  const stem = (what: string) => safeFileName(`${round.name}_${unit.code}_${unit.name}_${what}`, 100, 200);
  const base = { roundName: round.name, evaluator: round.evaluator_name, unitName: unit.name, unitCode: unit.code };
  return {
    worksheets: sheets.length ? { doc: buildWorksheets({ ...base, revision: self.revision, groups: sheets }), baseName: stem('现场督导工作用表') } : null,
    materials: materials.length ? { doc: buildMaterialsList({ ...base, materials }), baseName: stem('迎检材料清单') } : null,
  };
}

async function roundOrThrow(db: Db, roundId: number): Promise<repo.RoundRow> {
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  return round;
}

/**
 * Checks a `scoring.worksheets` job before it exists (jobs-service titleOf): the round, its groups,
 * the units (the round's) and the destination folder. Returns the job's title.
 * @throws AppError not_found / invalid_input / conflict (the round's system changed) in Chinese.
 */
export async function checkWorksheets(ctx: ServiceContext, params: WorksheetsParameters): Promise<string> {
  const db = reader(ctx);
  const round = await roundOrThrow(db, params.roundId);
  const system = await frozenSystem(db, round);
  await sheetGroups(db, round.id, system, params.blockIds);
  const ids = new Set((await repo.unitsOf(db, round.id)).map((u) => u.id));
  const stranger = params.unitIds.find((id) => !ids.has(id));
  if (stranger !== undefined) invalid(`编号为 ${stranger} 的单位不在评估项目“${round.name}”中`);
  if (params.destination) ctx.files.resolveFolder(params.destination.ref);
  return `为“${round.name}”生成现场督导工作用表（${new Set(params.unitIds).size} 个单位）`;
}

/** Writes under a free name: a second file of the same name gets “（2）”, never a silent overwrite. */
async function writeUnique(dir: string, baseName: string, format: DocumentFormat, data: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${baseName}${n === 1 ? '' : `（${n}）`}.${format}`);
    try {
      await writeFileAtomic(file, data);
      return file;
    } catch (e) {
      if (!(e instanceof FileExistsError)) throw e;
    }
  }
}

/**
 * The runner of a `scoring.worksheets` job: unit by unit (in 报送编码 order), its documents built on
 * the calling thread and typeset on a worker, each file written under a free name into the chosen
 * folder or a fresh one under 导出文件/现场督导工作用表/<项目>. A forfeited unit (弃权: no visit) and a
 * unit none of whose groups' indicators applies are reported, not stopped on. Fails only when no
 * unit got its documents.
 */
export async function runWorksheets(job: JobHandle, params: WorksheetsParameters): Promise<{ failure?: string }> {
  const { ctx } = job;
  const db = reader(ctx);
  const round = await roundOrThrow(db, params.roundId);
  const system = await frozenSystem(db, round);
  const groups = await sheetGroups(db, round.id, system, params.blockIds);
  const wanted = new Set(params.unitIds);
  const units = (await repo.unitsOf(db, round.id)).filter((u) => wanted.has(u.id)).sort((a, b) => a.code.localeCompare(b.code));
  const folder = params.destination ? ctx.files.resolveFolder(params.destination.ref).path : await freshExportFolder(ctx.dataDir, '现场督导工作用表', safeFileName(round.name, 60, 150));
  await job.progress({ done: 0, total: units.length, ...(params.destination ? {} : { folder: dataRelative(ctx.dataDir, folder) }) });
  let done = 0;
  let succeeded = 0;
  for (const unit of units) {
    job.check();
    await job.progress({ message: `正在生成“${unit.name}”的工作用表` });
    try {
      if (unit.state === 'forfeited') {
        await job.error(`${unit.name}：已弃权，不安排实地督导，未生成工作用表`);
      } else {
        const docs = await unitDocuments(db, round, system, groups, unit, params.materials);
        if (!docs.worksheets) await job.error(`${unit.name}：所选评估组中没有适用于该单位的指标，未生成工作用表`);
        for (const d of [docs.worksheets, docs.materials]) {
          if (!d) continue;
          // Typeset on a worker thread; cancelling the job aborts the render where it stands.
          const rendered = await ctx.tasks.run('render', { doc: d.doc, formats: params.formats }, { signal: job.signal });
          job.check();
          for (const f of rendered.files) {
            const file = await writeUnique(folder, d.baseName, f.format, f.buffer);
            if (!params.destination) await job.output({ name: dataRelative(ctx.dataDir, file), format: f.format, bytes: f.buffer.length });
          }
        }
        if (docs.worksheets) succeeded++;
      }
    } catch (e) {
      if (e instanceof TaskAborted || e instanceof JobCancelled) throw new JobCancelled();
      await job.error(`${unit.name}：${e instanceof Error ? e.message : String(e)}`);
    }
    done++;
    await job.progress({ done });
  }
  await job.progress({ message: null });
  return succeeded === 0 ? { failure: '没有一个单位生成了工作用表' } : {};
}
