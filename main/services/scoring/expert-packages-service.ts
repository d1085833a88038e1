/**
 * 专家评分包 (issue 12, item 2): an expert's offline scoring package out, and back in through the
 * same checks as the schools' packages — signature with the round's secret, a dry run that shows
 * every change before anything is written, revisions, a 回执 with the workbook's SHA-256. An
 * expert's package only ever writes that expert's scores (round_expert_id from the signed
 * manifest), only the scores that change, so the same package twice changes nothing and two
 * experts' packages imported in either order give the same scores and the same suggested score.
 * The package format is main/exchange/expert-packages/expert-package.ts.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { AppError, type FileResult } from '../../../shared/api/envelope';
import { OPINION_KIND_LABELS, type ExpertImportReport, type ExpertPackageMade, type ExpertSubmission, type OpinionKind } from '../../../shared/api/contracts/scoring';
import type { IndicatorNode, IndicatorSystem, SchoolType } from '../../../shared/domain/indicators';
import { formatDate, formatDateTime } from '../../../shared/domain/text/datetime';
import { safeFileName } from '../../documents/write-file';
import { ensureBlob } from '../../db/repositories/attachments-repo';
import * as repo from '../../db/repositories/rounds-repo';
import { insertOpinion, opinionRowsOfRound, type OpinionRow } from '../../db/repositories/scoring-opinions-repo';
import * as scores from '../../db/repositories/scoring-repo';
import * as results from '../../db/repositories/scoring-results-repo';
import { putBlob } from '../../files/blob-store';
import { evaluationRows, MET_WORDS, VETO_WORDS, type SelfAnswer } from '../../exchange/packages/format';
import { receiptDoc, receiptWorkbook } from '../../exchange/package-receipt';
import { CHOICE_WORDS, EXPERT_FILES, readExpertPackage, readPoints, writeExpertPackage, type ExpertCell, type ExpertRowSpec, type OpinionCell } from '../../exchange/expert-packages/expert-package';
import { workbookBuffer } from '../../exchange/register/workbook-style';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { MIME } from '../documents/mime';
import { frozenSystem } from '../rounds/packages-service';
import { answerText } from '../rounds/submissions-service';
import { expertLeafScopes } from './blocks-service';
import { currentOpinionRows } from './opinions-service';
import { checkAnswer, choicesOf, evidenceByNode, isComputed, selfEvaluation } from './scoring-service';

function invalid(message: string): never {
  throw new AppError('invalid_input', message);
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A choice answer in the words of the drop-down (等级 label, 达标/未达标, 存在/不存在); a points answer as its number. */
function cellWords(a: SelfAnswer | null | undefined): string {
  if (!a) return '';
  if (a.grade !== undefined) return a.grade;
  if (a.met !== undefined) return a.met ? MET_WORDS.yes : MET_WORDS.no;
  if (a.triggered !== undefined) return a.triggered ? VETO_WORDS.yes : VETO_WORDS.no;
  if (a.points !== undefined) return String(a.points);
  return '';
}

/**
 * Reads a cell as the leaf's answer, or says why not. Grades are compared after NFKC and upper case
 * (a full-width Ｂ is B); points are read as numbers, then checked like a score typed on screen.
 */
function answerOfCell(node: IndicatorNode, text: string): { ok: true; answer: SelfAnswer } | { ok: false; message: string } {
  const s = node.scoring!;
  const t = text.normalize('NFKC').trim();
  let raw: SelfAnswer;
  switch (s.method) {
    case 'grade': {
      const g = s.grades.find((x) => x.label.normalize('NFKC').toUpperCase() === t.toUpperCase());
      if (!g) return { ok: false, message: `“${text}”不是本项的等级，应为 ${s.grades.map((x) => x.label).join('、')} 之一` };
      raw = { grade: g.label };
      break;
    }
    case 'boolean':
      if (t !== CHOICE_WORDS.met.yes && t !== CHOICE_WORDS.met.no) return { ok: false, message: `应填写“${MET_WORDS.yes}”或“${MET_WORDS.no}”（填写的是“${text}”）` };
      raw = { met: t === CHOICE_WORDS.met.yes };
      break;
    case 'veto':
      if (t !== CHOICE_WORDS.veto.yes && t !== CHOICE_WORDS.veto.no) return { ok: false, message: `应填写“${VETO_WORDS.yes}”或“${VETO_WORDS.no}”（填写的是“${text}”）` };
      raw = { triggered: t === CHOICE_WORDS.veto.yes };
      break;
    default: {
      const p = readPoints(text);
      if (!p.ok) return { ok: false, message: p.message };
      raw = { points: p.value };
    }
  }
  try {
    return { ok: true, answer: checkAnswer(node, raw, 'expert') };
  } catch (e) {
    return { ok: false, message: e instanceof AppError ? e.message : String(e) };
  }
}

// ---------------------------------------------------------------- making packages

/** Makes the round's expert packages (see contract scoring.expertPackages). */
export async function makeExpertPackages(ctx: ServiceContext, roundId: number, expertIds: readonly number[], destination?: { ref: string }): Promise<ExpertPackageMade[]> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const system = await frozenSystem(db, round);
  const experts = (await scores.roundExperts(db, roundId)).filter((x) => expertIds.length === 0 || expertIds.includes(x.expert.id));
  if (expertIds.length && experts.length !== new Set(expertIds).size) invalid('所选专家中有人不在本项目的专家名单中');
  if (experts.length === 0) invalid('本项目还没有评估专家；请先在“专家与设置”中添加专家并分配单位');
  const empty = experts.find((x) => x.unitIds.length === 0);
  if (empty) invalid(`专家“${empty.expert.name}”还没有分配评估单位`);
  const outDir = destination ? ctx.files.resolveFolder(destination.ref).path : null;
  const units = new Map((await repo.unitsOf(db, roundId)).map((u) => [u.id, u]));
  const scopes = await expertLeafScopes(db, roundId, system);
  const opinionRows = await opinionRowsOfRound(db, roundId);
  const made: ExpertPackageMade[] = [];
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'desk-expert-'));
  try {
    for (const x of experts) {
      const latest = (await scores.expertSubmissionsOf(db, x.roundExpertId))[0];
      const current = await scores.currentExpertScores(db, x.roundExpertId);
      const rows: ExpertRowSpec[] = [];
      const covered: { unitId: number; unitCode: string; unitName: string; nodeIds: string[] }[] = [];
      for (const unitId of [...x.unitIds].sort((a, b) => units.get(a)!.code.localeCompare(units.get(b)!.code))) {
        const unit = units.get(unitId)!;
        const scope = scopes.get(x.roundExpertId);
        const leaves = evaluationRows(system, unit.school_type as SchoolType).filter((r) => r.leaf && !isComputed(r.node) && (!scope || scope.has(r.node.id)));
        const self = await selfEvaluation(db, unit.id);
        const evidence = await evidenceByNode(db, unit.id);
        covered.push({ unitId, unitCode: unit.code, unitName: unit.name, nodeIds: leaves.map((l) => l.node.id) });
        for (const { node } of leaves) {
          const mine = current.get(`${unit.id}|${node.id}`);
          const s = self.answers.get(node.id);
          rows.push({
            unitCode: unit.code,
            unitName: unit.name,
            nodeId: node.id,
            code: node.code,
            title: node.title,
            standard: [node.content, node.standard].filter(Boolean).join('\n'),
            points: node.points ?? 0,
            method: methodWords(node),
            choices: choicesOf(node),
            self: cellWords(s?.answer),
            explanation: s?.explanation ?? '',
            evidence: (evidence.get(node.id) ?? []).map((f) => f.path),
            score: cellWords(mine?.answer),
            note: mine?.note ?? '',
          });
        }
      }
      const codeOf = new Map(covered.map((u) => [u.unitId, u]));
      const nodeCode = nodeCodes(system);
      const mineOpinions = currentOpinions(opinionRows, x.roundExpertId)
        .filter((o) => codeOf.has(o.unit_id))
        .map((o) => ({ id: o.id, unitCode: codeOf.get(o.unit_id)!.unitCode, unitName: codeOf.get(o.unit_id)!.unitName, code: o.node_id === null ? '' : (nodeCode.get(o.node_id) ?? ''), kind: OPINION_KIND_LABELS[o.kind], text: o.text }));
      const spec = {
        opinions: mineOpinions,
        fields: { roundUid: round.uid, roundId: round.id, roundName: round.name, roundExpertId: x.roundExpertId, expertName: x.expert.name, baseRevision: latest?.revision ?? 0, systemHash: round.system_hash, units: covered },
        secret: round.secret,
        rows,
        readme: { roundName: round.name, expertName: x.expert.name, evaluator: round.evaluator_name },
      };
      const written = await writeExpertPackage(spec, work);
      const name = path.basename(written.dir);
      if (outDir) await writeExpertPackage(spec, outDir);
      const zip = new JSZip();
      for (const f of await fs.readdir(written.dir)) zip.file(`${name}/${f}`, await fs.readFile(path.join(written.dir, f)));
      const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      // The download's name says when it was made: packages made again are told apart from older copies.
      const stamp = formatDateTime(written.manifest.issuedAt).replace(/[-:]/g, '').replace(' ', '-');
      made.push({ expertId: x.expert.id, expertName: x.expert.name, units: covered.length, rows: rows.length, folder: name, zip: await ctx.files.writeResult(`${name}_${stamp}生成.zip`, 'application/zip', buffer) });
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  await unitOfWork(ctx, async (_tx, unit) => {
    unit.audit({ entityType: 'round-scoring', entityId: roundId, entityName: round.name, action: 'generate', summary: `生成专家评分包 ${made.length} 个：${made.map((m) => m.expertName).join('、')}`, before: null, after: { experts: made.map((m) => `${m.expertName}（${m.units} 个单位，${m.rows} 项）`) } });
  });
  return made;
}

function methodWords(node: IndicatorNode): string {
  const s = node.scoring!;
  switch (s.method) {
    case 'grade':
      return `评定等级：${s.grades.map((g) => g.label).join('/')}`;
    case 'boolean':
      return '达标 / 未达标';
    case 'veto':
      return '是否存在否决情形';
    case 'bonus':
      return `加分 0–${node.points ?? 0}`;
    case 'deduction':
      return `扣分 0–${node.points ?? 0}`;
    default:
      return `得分 0–${node.points ?? 0}${s.method === 'points' && s.step > 0 ? `（按 ${s.step} 分）` : ''}`;
  }
}

/** Node codes by id (every node: opinions may be on a branch). */
function nodeCodes(system: IndicatorSystem): Map<string, string> {
  const m = new Map<string, string>();
  const go = (list: readonly IndicatorNode[]) => list.forEach((n) => (m.set(n.id, n.code), go(n.children)));
  go(system.nodes);
  return m;
}

/** An expert's current opinions (their chains' latest versions, not withdrawn: opinions-service). */
const currentOpinions = (rows: readonly OpinionRow[], roundExpertId: number): OpinionRow[] => currentOpinionRows(rows).filter((r) => r.round_expert_id === roundExpertId);

// ---------------------------------------------------------------- importing

interface OpinionChange {
  unitId: number;
  nodeId: string | null;
  kind: OpinionKind;
  text: string;
  /** The current row it replaces (edit or withdrawal), or null for a new opinion. */
  replaces: number | null;
  withdraw: boolean;
  view: ExpertImportReport['opinions'][number];
}

interface Change {
  unitId: number;
  nodeId: string;
  answer: SelfAnswer;
  note: string;
  view: ExpertImportReport['changes'][number];
}

/** Checks or imports a returned expert package (see contract scoring.importExpertPackage). */
export async function importExpertPackage(ctx: ServiceContext, roundId: number, source: { ref: string }, dryRun: boolean, acceptConflict: boolean): Promise<ExpertImportReport> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const file = ctx.files.resolve(source.ref);
  const read = await readExpertPackage(file.path, { roundId: round.id, roundUid: round.uid, secret: round.secret, systemHash: round.system_hash }, file.fileName);
  const report: ExpertImportReport = {
    source: file.fileName,
    expertName: read.manifest?.expertName ?? null,
    issuedAt: read.manifest?.issuedAt ?? null,
    verdict: 'refused',
    baseRevision: read.manifest?.baseRevision ?? 0,
    latestRevision: 0,
    changes: [],
    opinions: [],
    skipped: [],
    issues: read.issues,
    scored: 0,
    empty: 0,
    revision: null,
  };
  const m = read.manifest;
  if (!m || read.issues.some((i) => i.severity === 'error')) return report;
  const expert = (await scores.roundExperts(db, roundId)).find((x) => x.roundExpertId === m.roundExpertId);
  if (!expert) {
    report.issues.push({ severity: 'error', file: '', message: `专家“${m.expertName}”已不在本项目的专家名单中，评分包不能导入` });
    return report;
  }
  const system = await frozenSystem(db, round);
  const units = new Map((await repo.unitsOf(db, roundId)).map((u) => [u.code, u]));
  const locks = await results.latestLocksOfRound(db, roundId);
  const current = await scores.currentExpertScores(db, expert.roundExpertId);
  const latest = (await scores.expertSubmissionsOf(db, expert.roundExpertId))[0];
  report.latestRevision = latest?.revision ?? 0;
  const leafCache = new Map<string, Map<string, IndicatorNode>>();
  const leavesOf = (type: string) => {
    let m2 = leafCache.get(type);
    if (!m2) leafCache.set(type, (m2 = new Map(evaluationRows(system, type as SchoolType).filter((r) => r.leaf).map((r) => [r.node.id, r.node]))));
    return m2;
  };
  const changes: Change[] = [];
  const bad = (c: ExpertCell, message: string) => report.issues.push({ severity: 'error', file: '专家评分表.xlsx', sheet: '专家评分', row: c.row, column: 'K', message });
  for (const c of read.cells) {
    if (c.text === '') {
      report.empty++;
      continue;
    }
    report.scored++;
    const unit = units.get(c.unitCode);
    const node = unit ? leavesOf(unit.school_type).get(c.nodeId) : undefined;
    if (!unit || !node) {
      report.skipped.push({ unitName: unit?.name ?? c.unitCode, code: c.code, reason: '该单位已不在本项目中，或该指标不再适用于该单位' });
      continue;
    }
    const parsed = answerOfCell(node, c.text);
    if (!parsed.ok) {
      bad(c, `${unit.name} ${node.code} ${node.title}：${parsed.message}`);
      continue;
    }
    const why = unit.state === 'forfeited' ? '单位已弃权' : locks.get(unit.id)?.locked === 1 ? '单位的评分已锁定（如需修改请先解锁）' : !expert.unitIds.includes(unit.id) ? '该专家已不再评估此单位' : null;
    const mine = current.get(`${unit.id}|${node.id}`);
    const same = mine?.answer && JSON.stringify(mine.answer) === JSON.stringify(parsed.answer) && mine.note === c.note;
    if (same) continue;
    if (why) {
      report.skipped.push({ unitName: unit.name, code: node.code, reason: why });
      continue;
    }
    changes.push({ unitId: unit.id, nodeId: node.id, answer: parsed.answer, note: c.note, view: { unitName: unit.name, code: node.code, title: node.title, before: mine?.answer ? answerText(mine.answer) : '（未评）', after: answerText(parsed.answer), note: c.note } });
  }
  report.changes = changes.map((c) => c.view);
  const allOpinions = await opinionRowsOfRound(db, roundId);
  const opinionChanges = judgeOpinions(read.opinions, {
    report,
    units,
    system,
    expert,
    manifestUnits: new Set(m.units.map((u) => u.unitCode)),
    current: currentOpinions(allOpinions, expert.roundExpertId),
    history: allOpinions.filter((o) => o.round_expert_id === expert.roundExpertId),
  });
  report.opinions = opinionChanges.map((o) => o.view);
  if (report.issues.some((i) => i.severity === 'error')) return report;
  if (changes.length === 0 && opinionChanges.length === 0) {
    report.verdict = 'unchanged';
    return report;
  }
  report.verdict = m.baseRevision < report.latestRevision ? 'conflict' : 'new';
  if (dryRun || (report.verdict === 'conflict' && !acceptConflict)) return report;

  // The workbook is on disk under its hash before any row names it (blob-store.ts).
  const blob = await putBlob(ctx.dataDir, Readable.from(read.workbook!.bytes));
  report.revision = await unitOfWork(ctx, async (tx, unit) => {
    const again = (await scores.expertSubmissionsOf(tx, expert.roundExpertId))[0];
    if ((again?.revision ?? 0) !== report.latestRevision) throw new AppError('conflict', '检查之后又导入了该专家的评分包，请重新检查');
    const revision = report.latestRevision + 1;
    await ensureBlob(tx, { sha256: blob.sha256, bytes: blob.bytes, created_at: unit.at });
    await scores.insertExpertSubmission(tx, {
      round_expert_id: expert.roundExpertId,
      revision,
      package_id: m.packageId,
      base_revision: m.baseRevision,
      content_hash: read.contentHash,
      workbook_sha256: blob.sha256,
      workbook_bytes: blob.bytes,
      source_name: file.fileName,
      data: JSON.stringify({ scored: report.scored, changed: changes.length, opinions: opinionChanges.length, changes: report.changes, opinionChanges: report.opinions, skipped: report.skipped }),
      received_at: unit.at,
      received_by: unit.operator.name,
    });
    for (const o of opinionChanges) {
      await insertOpinion(tx, { unit_id: o.unitId, node_id: o.nodeId, round_expert_id: expert.roundExpertId, kind: o.kind, text: o.text, replaces: o.replaces, withdrawn: o.withdraw ? 1 : 0, created_at: unit.at, created_by: unit.operator.name });
    }
    for (const c of changes) {
      await scores.insertScore(tx, { unit_id: c.unitId, node_id: c.nodeId, kind: 'expert', round_expert_id: expert.roundExpertId, answer: JSON.stringify(c.answer), note: c.note, evidence_viewed: '[]', created_at: unit.at, created_by: unit.operator.name });
    }
    unit.audit({
      entityType: 'round-scoring',
      entityId: roundId,
      entityName: round.name,
      action: 'import',
      summary: `导入专家“${expert.expert.name}”的评分包（第 ${revision} 版）：${changes.length} 项评分有变化${opinionChanges.length ? `，${opinionChanges.length} 条评估意见有变化` : ''}${report.skipped.length ? `，${report.skipped.length} 项未导入` : ''}${report.verdict === 'conflict' ? '（版本冲突，经确认导入）' : ''}`,
      before: null,
      after: { revision, changed: changes.length, opinions: opinionChanges.length, source: file.fileName },
    });
    return revision;
  });
  return report;
}

const KIND_BY_LABEL = new Map(Object.entries(OPINION_KIND_LABELS).map(([k, v]) => [v, k as OpinionKind]));

/**
 * The 评估意见 rows of a package against the expert's current opinions: a pre-filled row (its hidden
 * 意见标识) edited is a new version, emptied a withdrawal; a new row is a new opinion unless the expert
 * already has the same one (so the same package twice changes nothing). Errors go to the report
 * with sheet, row and column; an opinion changed in the office since the package was made is skipped.
 */
function judgeOpinions(
  cells: readonly OpinionCell[],
  c: { report: ExpertImportReport; units: Map<string, repo.UnitRow>; system: IndicatorSystem; expert: { roundExpertId: number; unitIds: number[] }; manifestUnits: Set<string>; current: OpinionRow[]; history: OpinionRow[] },
): OpinionChange[] {
  const out: OpinionChange[] = [];
  const at = (row: number, column: string, message: string) => c.report.issues.push({ severity: 'error', file: '专家评分表.xlsx', sheet: '评估意见', row, column, message });
  const byId = new Map(c.current.map((o) => [o.id, o]));
  const codes = nodeCodes(c.system);
  const nodesOfType = new Map<string, Map<string, IndicatorNode>>();
  const nodeByCode = (type: string, code: string) => {
    let m = nodesOfType.get(type);
    if (!m) nodesOfType.set(type, (m = new Map(evaluationRows(c.system, type as SchoolType).map((r) => [r.node.code, r.node]))));
    return m.get(code);
  };
  const itemWords = (nodeId: string | null) => (nodeId === null ? '整体' : (codes.get(nodeId) ?? ''));
  for (const o of cells) {
    const prev = o.id === null ? undefined : byId.get(o.id);
    if (o.id !== null && !prev) {
      c.report.skipped.push({ unitName: c.units.get(o.unitCode)?.name ?? o.unitCode, code: o.code || '整体', reason: '这条评估意见在评分包生成后已在系统中修改或撤回，未导入' });
      continue;
    }
    if (o.text === '') {
      if (!prev) continue; // a row with a unit or a kind chosen but no words: nothing to record
      const owner = [...c.units.values()].find((u) => u.id === prev.unit_id);
      out.push({ unitId: prev.unit_id, nodeId: prev.node_id, kind: prev.kind, text: prev.text, replaces: prev.id, withdraw: true, view: { unitName: owner?.name ?? o.unitCode, item: itemWords(prev.node_id), kind: OPINION_KIND_LABELS[prev.kind], before: prev.text, after: '' } });
      continue;
    }
    const unit = c.units.get(o.unitCode);
    if (!unit || !c.manifestUnits.has(o.unitCode)) {
      at(o.row, 'A', o.unitCode ? `报送编码“${o.unitCode}”不在本评分包的评估单位中` : '请填写报送编码');
      continue;
    }
    const node = o.code === '' ? null : nodeByCode(unit.school_type, o.code);
    if (node === undefined) {
      at(o.row, 'C', `指标编码“${o.code}”不是适用于“${unit.name}”的指标（对单位整体的意见请不填指标编码）`);
      continue;
    }
    const kind = KIND_BY_LABEL.get(o.kind);
    if (!kind) {
      at(o.row, 'D', o.kind ? `类别应为 ${[...KIND_BY_LABEL.keys()].join('、')} 之一（填写的是“${o.kind}”）` : `请选择类别：${[...KIND_BY_LABEL.keys()].join('、')}`);
      continue;
    }
    const nodeId = node?.id ?? null;
    if (unit.state === 'forfeited' || !c.expert.unitIds.includes(unit.id)) {
      c.report.skipped.push({ unitName: unit.name, code: o.code || '整体', reason: unit.state === 'forfeited' ? '单位已弃权' : '该专家已不再评估此单位' });
      continue;
    }
    if (prev) {
      if (prev.unit_id !== unit.id) {
        at(o.row, 'A', '已有意见不能改到另一个单位；如需对另一单位提出意见，请在空行中另填一条');
        continue;
      }
      if (prev.node_id === nodeId && prev.kind === kind && prev.text === o.text) continue;
      out.push({ unitId: unit.id, nodeId, kind, text: o.text, replaces: prev.id, withdraw: false, view: { unitName: unit.name, item: itemWords(nodeId), kind: OPINION_KIND_LABELS[kind], before: prev.text, after: o.text } });
      continue;
    }
    const same = (x: OpinionRow) => x.unit_id === unit.id && x.node_id === nodeId && x.kind === kind && x.text === o.text;
    if (c.current.some(same)) continue;
    // Once recorded and since edited or withdrawn (an older package, or one filled on two laptops): not brought back.
    if (c.history.some(same)) {
      c.report.skipped.push({ unitName: unit.name, code: o.code || '整体', reason: '这条意见此前已录入，后来已修改或撤回，未重复导入' });
      continue;
    }
    if (out.some((x) => x.replaces === null && x.unitId === unit.id && x.nodeId === nodeId && x.kind === kind && x.text === o.text)) continue;
    out.push({ unitId: unit.id, nodeId, kind, text: o.text, replaces: null, withdraw: false, view: { unitName: unit.name, item: itemWords(nodeId), kind: OPINION_KIND_LABELS[kind], before: '', after: o.text } });
  }
  return out;
}

/** The round's accepted expert package revisions, newest first (see contract scoring.expertSubmissions). */
export async function expertSubmissions(ctx: ServiceContext, roundId: number): Promise<ExpertSubmission[]> {
  const db = reader(ctx);
  if (!(await repo.getRoundRow(db, roundId))) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const out: ExpertSubmission[] = [];
  for (const x of await scores.roundExperts(db, roundId)) {
    for (const s of await scores.expertSubmissionsOf(db, x.roundExpertId)) {
      const data = JSON.parse(s.data) as { scored: number; changed: number };
      out.push({ expertId: x.expert.id, expertName: x.expert.name, revision: s.revision, receivedAt: s.received_at, receivedBy: s.received_by, sourceName: s.source_name, scored: data.scored, changed: data.changed, workbook: { bytes: s.workbook_bytes, sha256: s.workbook_sha256 } });
    }
  }
  return out.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}

/** The 回执 of one accepted expert package revision (see contract scoring.expertReceipt). */
export async function expertReceipt(ctx: ServiceContext, roundId: number, expertId: number, revision: number): Promise<{ pdf: FileResult; xlsx: FileResult }> {
  const db = reader(ctx);
  const round = await repo.getRoundRow(db, roundId);
  if (!round) throw new AppError('not_found', `找不到编号为 ${roundId} 的评估项目`);
  const x = (await scores.roundExperts(db, roundId)).find((e) => e.expert.id === expertId);
  const s = x ? (await scores.expertSubmissionsOf(db, x.roundExpertId)).find((r) => r.revision === revision) : undefined;
  if (!x || !s) throw new AppError('not_found', `没有该专家第 ${revision} 版评分包的接收记录`);
  const data = JSON.parse(s.data) as { scored: number; changed: number; opinions?: number; skipped: unknown[] };
  const facts = [
    `评估项目：${round.name}（${round.year} 年）`,
    `评估专家：${x.expert.name}${x.expert.organisation ? `（${x.expert.organisation}）` : ''}`,
    `版本：第 ${revision} 版`,
    `接收时间：${formatDateTime(s.received_at)}`,
    `接收人：${s.received_by}`,
    `来源：${s.source_name}`,
    `内容：已评 ${data.scored} 项，其中 ${data.changed} 项评分有变化${data.opinions ? `；评估意见 ${data.opinions} 条有变化` : ''}${data.skipped.length ? `；${data.skipped.length} 项未导入` : ''}`,
  ];
  const title = '专家评分包接收回执';
  const files = [{ name: EXPERT_FILES.workbook, bytes: s.workbook_bytes, sha256: s.workbook_sha256 }];
  const doc = receiptDoc({ title, facts, files, signer: '评估专家', date: formatDate(s.received_at), author: round.evaluator_name });
  const stem = safeFileName(`${round.name}_专家评分_${x.expert.name}_第${revision}版_接收回执`, 100, 200);
  const rendered = await ctx.tasks.run('render', { doc, formats: ['pdf'] });
  const pdf = await ctx.files.writeResult(`${stem}.pdf`, MIME.pdf, rendered.files[0]!.buffer);
  const { wb, ws } = await receiptWorkbook({ title, facts, files });
  ws.columns = [{ width: 6 }, { width: 40 }, { width: 14 }, { width: 70 }];
  const xlsx = await ctx.files.writeResult(`${stem}.xlsx`, XLSX_MIME, await workbookBuffer(wb));
  return { pdf, xlsx };
}

