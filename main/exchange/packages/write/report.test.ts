/** The report draft of a package: what the writer hands the self-report builder from a PackageSpec. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boolLeaf, branch, gradeLeaf, pointsLeaf, system } from '../../../../shared/domain/indicators/test-helpers';
import { PACKAGE_FORMAT_ID, type PackageSpec } from '../format';
import { selfReportInput } from './report';

function spec(over: Partial<PackageSpec> = {}): PackageSpec {
  return {
    manifest: {
      format: PACKAGE_FORMAT_ID,
      formatVersion: 1,
      packageId: randomUUID(),
      roundUid: randomUUID(),
      roundId: 1,
      roundName: '2025年督导评估',
      year: 2025,
      unitId: 1,
      unitCode: 'a01',
      unitName: '文华中学',
      schoolId: 1,
      campusId: null,
      packageVersion: 2,
      baseRevision: 1,
      issuedAt: '2025-03-01T00:00:00.000Z',
      systemId: 1,
      systemVersion: 1,
      systemHash: 'c'.repeat(64),
    },
    secret: 'a1'.repeat(32),
    system: system([
      branch('1', [
        gradeLeaf('1.1', 10, { title: '办学理念' }),
        pointsLeaf('1.2', 6, 0.5, { title: '课程开设' }),
        boolLeaf('1.3', 4, { title: '图书配备' }),
        boolLeaf('1.4', 4, { title: '小学专项', applicability: { schoolTypes: ['小学'] } }),
        { id: '1.5', code: '1.5', title: '生均图书', points: 5, scoring: { method: 'formula', expression: 'books / pupils', threshold: { all: 30 } } },
      ]),
    ], { values: [{ name: 'books', label: '图书册数' }, { name: 'pupils', label: '在校生数' }] }),
    unit: { name: '文华中学', code: 'a01', schoolName: '文华中学', campusName: null, schoolType: '初中' },
    round: { name: '2025年督导评估', year: 2025, evaluator: '督导室', stages: [], returnBy: '2025-03-31' },
    statistics: [
      { key: 'pupilsJunior', label: '初中在校生数（人）', lastYear: 900, value: 900, fromLastYear: true },
      { key: 'books', label: '图书册数（册）', lastYear: null, value: null },
    ],
    answers: {
      '1.1': { answer: { grade: 'B' }, explanation: '' },
      '1.2': { answer: { points: 5.5 }, explanation: '' },
      '1.3': { answer: { met: false }, explanation: '' },
    },
    ...over,
  };
}

describe('selfReportInput', () => {
  it('carries the unit’s applicable indicators with the answers already entered, in the workbook’s words', () => {
    const input = selfReportInput(spec());
    expect(input.rows.map((r) => [r.code, r.points, r.method, r.answer, r.computed ?? false])).toEqual([
      ['1', 29, '', '', false],
      ['1.1', 10, '自评等级（A/B/C/D）', 'B', false],
      ['1.2', 6, '自评得分', '5.5', false],
      ['1.3', 4, '是否达标（达标/未达标）', '未达标', false],
      ['1.5', 5, '—', '', true],
    ]);
    expect(input.statistics).toEqual([
      { label: '初中在校生数（人）', value: 900, fromLastYear: true },
      { label: '图书册数（册）', value: null, fromLastYear: undefined },
    ]);
  });

  it('without the register’s facts names the unit and its type, and leaves the resources to the school', () => {
    const input = selfReportInput(spec());
    expect(input.profile).toEqual([
      { label: '单位名称', value: '文华中学' },
      { label: '学校类型', value: '初中' },
      { label: '学段', value: '初中' },
    ]);
    expect(input.resources).toBeNull();
    const withDraft = selfReportInput(spec({ draft: { profile: [{ label: '校址', value: '文华路 2 号' }], resources: { kind: 'none', reason: '未测算' } } }));
    expect(withDraft.profile).toEqual([{ label: '校址', value: '文华路 2 号' }]);
    expect(withDraft.resources).toEqual({ kind: 'none', reason: '未测算' });
  });
});
