/**
 * The 差异系数测算报告 as the PDF prints it (pdftotext -bbox): school names, short headers and figures
 * on one line, the attachments' keys on the pages of their tables, no page left almost blank.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBalance, type SchoolBalanceInput } from '../../../shared/domain/balance';
import { createFontRegistry } from '../fonts/registry';
import { renderPdf } from '../pdf/render-pdf';
import { pdfTextLines, tempDir, type PdfTextLine } from '../testing/tools';
import { buildBalanceReport } from './balance-report';

/** Primary schools with the long names of a real county; 白沙乡民族学校 falls short on three indicators. */
const SCHOOLS: [name: string, pupils: number, factor: number][] = [
  ['云溪区第二实验小学', 1580, 1.1],
  ['白沙乡民族学校', 290, 0.8],
  ['柳林乡九年一贯制学校', 330, 0.95],
  ['石门镇中心小学', 720, 1.2],
];
function school([name, p, f]: (typeof SCHOOLS)[number], k: number): SchoolBalanceInput {
  return {
    id: String(k + 1),
    name,
    type: '小学',
    stats: {
      pupilsPrimary: p,
      teachersAboveDegreePrimary: Math.round((p * 4.6 * f) / 100),
      backboneTeachersPrimary: Math.round((p * 1.2 * f) / 100),
      peArtTeachersPrimary: Math.round((p * 1 * f) / 100),
      teachingAuxArea: p * 5.1 * f,
      sportsGroundArea: p * 8 * f,
      gymArea: 0,
      equipmentValue: p * 2300 * f,
      multimediaRooms: Math.round((p * 2.6 * f) / 100),
    },
  };
}

describe('差异系数测算报告 in PDF', () => {
  let lines: PdfTextLine[];
  const lineWith = (s: string) => lines.filter((l) => l.text.includes(s));

  beforeAll(async () => {
    const result = computeBalance({ year: 2025, schools: SCHOOLS.map(school) }, { sections: ['primary'] });
    expect(result.gaps.items.some((g) => g.schoolName === '白沙乡民族学校')).toBe(true);
    const doc = buildBalanceReport({
      region: '云溪区',
      year: 2025,
      result,
      notInOperation: [],
      commissioner: '',
      measurer: '云溪区教育评估中心',
      dataSource: { referenceDate: '2025-09-01', referenceDateGiven: false, records: 4, byKind: [{ kind: 'manual', values: 40 }], files: [] },
      date: '2025-12-01',
    });
    const file = path.join(await tempDir('balance-pdf'), 'report.pdf');
    fs.writeFileSync(file, (await renderPdf(doc, createFontRegistry())).buffer);
    lines = await pdfTextLines(file);
  }, 60_000);

  it('prints school names whole in the shortfalls table, every figure of a row on its line', () => {
    const rows = lineWith('白沙乡民族学校（小学）');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // The name opens its row and the figures follow on the same baseline (pdftotext joins a baseline's words).
    for (const r of rows) expect(r.text).toMatch(/^白沙乡民族学校（小学）.*\d+\.\d{2,3}\d*\.\d{2,3}\d*\.\d{2,3}/);
    expect(lines.filter((l) => /^白沙乡民族学$|^校（小学）/.test(l.text))).toEqual([]);
    expect(lineWith('学校（学段）指标（单位）现值标准值差额需增加对照85%值')).toHaveLength(1);
  });

  it('sets the short headers of the standards and coefficient tables on one line', () => {
    expect(lineWith('指标（单位）全县平均值标准差差异系数标准结论')).toHaveLength(1);
    const composite = lineWith('综合差异系数0.');
    expect(composite).toHaveLength(1);
    expect(composite[0].text).toMatch(/^综合差异系数0\.\d{4}≤0\.50仅供参考$/);
    expect(lineWith('标准值85%值')).toHaveLength(1);
    expect(lines.filter((l) => /^(差异系|数|仅供参|考)$/.test(l.text))).toEqual([]);
  });

  it('puts each attachment key on the page of its table, and leaves no page almost blank', () => {
    const key = lineWith('说明：L1为');
    const header = lineWith('序号学校（学段）学生数达标情况');
    expect(key).toHaveLength(1);
    expect(header.map((h) => h.page)).toContain(key[0].page);
    const gapKey = lineWith('说明：差额＝标准值－现值');
    expect(gapKey).toHaveLength(1);
    expect(lineWith('学校（学段）指标（单位）现值')[0].page).toBe(gapKey[0].page);
    const pages = Math.max(...lines.map((l) => l.page));
    for (let p = 1; p <= pages; p++) {
      // Page numbers (— 3 —) aside, every page carries at least a few lines of the report.
      const text = lines.filter((l) => l.page === p && !/^—\s*\d+\s*—$/.test(l.text));
      expect(text.length, `page ${p}: ${text.map((l) => l.text).join(' / ')}`).toBeGreaterThanOrEqual(4);
    }
  });
});
