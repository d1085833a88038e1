/**
 * The office's 退回修改 queries as a school reads them: what each is about (指标 1.2 …, a statistics
 * field, the report, evidence) and where in the package it is answered. Shared by the read-me, the
 * 退回意见 sheet and the cell notes, so the three never word a query differently.
 */
import { AppError } from '../../../../shared/api/envelope';
import { nodeLabel } from '../../../../shared/domain/indicators';
import { evidenceFolderName, FILES, SHEETS, type EvaluationRow, type PackageQuery, type PackageSpec } from '../format';

/** Where the answerable things of one package are: 自评 rows by node id, 统计数据 rows by field key. */
export interface QueryPlaces {
  evaluationRowOf: Map<string, number>;
  statisticsRowOf: Map<string, number>;
  leafById: Map<string, EvaluationRow>;
}

/**
 * Checks that every query names something this package holds: a leaf or branch among the 自评 rows,
 * a field among the statistics. Throws AppError (invalid_input, Chinese) otherwise — a query the
 * school cannot find is worse than none, and it means the caller built the spec wrongly.
 */
export function checkQueries(spec: PackageSpec, places: QueryPlaces): void {
  for (const q of spec.queries ?? []) {
    const t = q.target;
    if ((t.kind === 'indicator' || (t.kind === 'evidence' && t.nodeId !== null)) && !places.evaluationRowOf.has(t.nodeId!)) {
      throw new AppError('invalid_input', `退回意见“${q.text}”所针对的指标不在${spec.unit.name}的自评表中（指标不存在或不适用于本单位），未生成填报包`);
    }
    if (t.kind === 'evidence' && t.nodeId !== null && !places.leafById.has(t.nodeId)) {
      throw new AppError('invalid_input', `退回意见“${q.text}”所针对的指标不是末级指标，没有佐证材料文件夹，未生成填报包`);
    }
    if (t.kind === 'statistic' && !places.statisticsRowOf.has(t.key)) {
      throw new AppError('invalid_input', `退回意见“${q.text}”所针对的统计数据项不在${spec.unit.name}的统计数据表中，未生成填报包`);
    }
  }
}

/** What a query is about, in words: “指标 1.2 师资配置”, “统计数据 学校占地面积（平方米）” … */
export function queryTarget(spec: PackageSpec, q: PackageQuery): string {
  const t = q.target;
  const node = (id: string) => findNode(spec, id);
  switch (t.kind) {
    case 'indicator':
      return `指标 ${nodeLabel(node(t.nodeId))}`;
    case 'statistic':
      return `统计数据 ${spec.statistics.find((s) => s.key === t.key)?.label ?? ''}`.trim();
    case 'report':
      return '学校自评报告';
    case 'evidence':
      return t.nodeId === null ? '佐证材料' : `佐证材料 ${nodeLabel(node(t.nodeId))}`;
  }
}

/** Where the school answers a query, e.g. “自评表.xlsx“自评”工作表第 12 行”. */
export function queryPlace(q: PackageQuery, places: QueryPlaces): string {
  const t = q.target;
  switch (t.kind) {
    case 'indicator':
      return `${FILES.workbook}“${SHEETS.evaluation}”工作表第 ${places.evaluationRowOf.get(t.nodeId)} 行`;
    case 'statistic':
      return `${FILES.workbook}“${SHEETS.statistics}”工作表第 ${places.statisticsRowOf.get(t.key)} 行`;
    case 'report':
      return FILES.reportTemplate;
    case 'evidence': {
      const leaf = t.nodeId === null ? undefined : places.leafById.get(t.nodeId);
      return leaf ? `“${FILES.evidenceDir}”文件夹中的“${evidenceFolderName(leaf.node)}”子文件夹` : `“${FILES.evidenceDir}”文件夹`;
    }
  }
}

function findNode(spec: PackageSpec, id: string) {
  const stack = [...spec.system.nodes];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id === id) return n;
    stack.push(...n.children);
  }
  // checkQueries ran first; reaching here is a programming error.
  throw new AppError('internal', '退回意见所针对的指标不存在');
}
