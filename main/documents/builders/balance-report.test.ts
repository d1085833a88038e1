import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { composeYearRows, computeBalance, describeBasis, type CalculationBasis, type YearRecord } from '../../../shared/domain/balance';
import type { UnitSchool } from '../../../shared/domain/schools/evaluated-units';
import { renderDocx } from '../docx/render-docx';
import type { Block } from '../model';
import { buildBalanceReport } from './balance-report';

const SCHOOLS: UnitSchool[] = [
  { id: 1, name: '景行小学', type: '小学', status: '在办', closedOn: null, campuses: [{ id: 10, name: '本部', evaluatedSeparately: false }, { id: 11, name: '潭中校区', evaluatedSeparately: true }] },
  { id: 2, name: '公园路小学', type: '小学', status: '在办', closedOn: null, campuses: [] },
];
const RECORDS: YearRecord[] = [
  { schoolId: 1, campusId: null, values: { pupilsPrimary: 1000, teachingAuxArea: 5000 } },
  { schoolId: 1, campusId: 11, values: { pupilsPrimary: 200, teachingAuxArea: 600 } },
  { schoolId: 2, campusId: null, values: { pupilsPrimary: 500, teachingAuxArea: 3500 } },
];

function report(basis: CalculationBasis) {
  const rows = composeYearRows(2025, SCHOOLS, RECORDS, basis).rows.map((r) => ({ id: r.id, name: r.name, type: r.type, stats: r.stats, campusOf: r.campusId === null ? undefined : String(r.schoolId) }));
  const result = computeBalance({ year: 2025, schools: rows }, { sections: ['primary'], basis });
  return buildBalanceReport({ region: '城中区', year: 2025, result, notInOperation: [], issuer: '城中区教育局', date: '2025-12-01' });
}
const texts = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text ?? (b.runs ?? []).map((r) => r.text).join('')] : []));

async function docxText(doc: ReturnType<typeof report>): Promise<string> {
  const { buffer } = await renderDocx(doc);
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, '');
}

describe('差异系数测算报告: the calculation basis', () => {
  it('按学校: the scope paragraph states the national basis', async () => {
    const doc = report('school');
    const scope = texts(doc.body).find((t) => t.startsWith('本次测算以2025年'))!;
    expect(scope).toBe(`本次测算以2025年教育事业统计数据为准，纳入测算的学校（学段）共小学2所（在校学生1500人）。${describeBasis('school')}`);
    expect(await docxText(doc)).toContain('按学校计算（国家统计口径）：每个学校标识码计为一所学校，单独评估的校区并入所属学校计算。');
  });

  it('按评估单位: it states the basis and names the campuses that were rows of their own', async () => {
    const doc = report('unit');
    const scope = texts(doc.body).find((t) => t.startsWith('本次测算以2025年'))!;
    expect(scope).toContain('小学3所（在校学生1500人）');
    expect(scope).toContain(`${describeBasis('unit')}本次单列的校区：景行小学潭中校区。`);
    expect(await docxText(doc)).toContain('本次单列的校区：景行小学潭中校区。');
  });
});
