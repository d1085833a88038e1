import { describe, expect, it } from 'vitest';
import type { PackageIssueDto, PackagePreview } from '../../../../../shared/api/contracts/rounds';
import { answerLabel, changedIndicators, defaultResolutions, groupEvidence, importReport, isDryRun, revisionText, sortPackageIssues, statisticsBaseText, toStore, viewKind } from './submission-view';

const pkg = (key: string, verdict: PackagePreview['verdict'], extra: Partial<PackagePreview> = {}): PackagePreview => ({
  key,
  name: `${key}.zip`,
  unit: null,
  verdict,
  reason: null,
  revision: null,
  currentRevision: null,
  late: false,
  issues: [],
  answers: [],
  statistics: [],
  report: null,
  evidence: [],
  refused: [],
  changes: null,
  stored: false,
  ...extra,
});

describe('submission view', () => {
  it('orders a package’s problems errors first, then by file, sheet, row (numbers as numbers) and column', () => {
    const issues: PackageIssueDto[] = [
      { severity: 'warning', file: '自评表.xlsx', sheet: '自评', row: 3, message: 'w' },
      { severity: 'error', file: '自评表.xlsx', sheet: '自评', row: 12, column: 'H', message: 'e12' },
      { severity: 'error', file: '自评表.xlsx', sheet: '自评', row: 9, column: 'AA', message: 'e9aa' },
      { severity: 'error', file: '自评表.xlsx', sheet: '自评', row: 9, column: 'I', message: 'e9i' },
      { severity: 'error', file: '填报包校验信息（请勿修改）.json', message: 'manifest' },
      { severity: 'error', file: '自评表.xlsx', message: 'whole' },
    ];
    expect(sortPackageIssues(issues).map((i) => i.message)).toEqual(['manifest', 'whole', 'e9i', 'e9aa', 'e12', 'w']);
  });

  it('counts what a commit stores: new packages and the conflicts accepted; conflicts start as 不导入', () => {
    const report = { packages: [pkg('a', 'new'), pkg('b', 'conflict'), pkg('c', 'conflict'), pkg('d', 'unchanged'), pkg('e', 'refused')] };
    const start = defaultResolutions(report);
    expect(start).toEqual({ b: 'skip', c: 'skip' });
    expect(toStore(report, start)).toBe(1);
    expect(toStore(report, { ...start, c: 'accept' })).toBe(2);
  });

  it('says what a package’s revision is in a check and after an import', () => {
    expect(revisionText(pkg('a', 'new', { revision: 2 }), true)).toBe('将成为第 2 版');
    expect(revisionText(pkg('a', 'conflict', { revision: 3 }), true)).toBe('若导入则为第 3 版');
    expect(revisionText(pkg('a', 'unchanged', { revision: 1 }), false)).toBe('已有第 1 版');
    expect(revisionText(pkg('a', 'new', { revision: 2, stored: true }), false)).toBe('已存为第 2 版');
    expect(revisionText(pkg('a', 'conflict', { revision: 2 }), false)).toBe('未导入');
    expect(revisionText(pkg('a', 'refused'), true)).toBe('—');
  });

  it('names the base of the statistics changes', () => {
    expect(statisticsBaseText('previous')).toBe('与上一版相比');
    expect(statisticsBaseText('register')).toBe('与名册中的统计数据相比');
  });

  it('marks the answers a revision changed by the label the core gives them', () => {
    const changed = changedIndicators({ indicators: [{ label: 'A1.2 集团章程', before: '', after: '等级 B' }], statistics: [], statisticsBase: 'previous', evidenceAdded: [], evidenceChanged: [], evidenceRemoved: [] });
    expect(changed.has(answerLabel({ code: 'A1.2', title: '集团章程' }))).toBe(true);
    expect(changed.has(answerLabel({ code: 'A1.3', title: '集团章程' }))).toBe(false);
    expect(changedIndicators(null).size).toBe(0);
  });

  it('groups evidence by indicator in code order, 未归类 last, files by name', () => {
    const f = (indicator: string, name: string) => ({ indicator, name });
    const groups = groupEvidence([f('未归类', 'x.jpg'), f('1.10 课程', 'b.pdf'), f('1.2 章程', 'z.png'), f('1.2 章程', 'a.png')]);
    expect(groups.map((g) => [g.indicator, g.files.map((x) => x.name)])).toEqual([
      ['1.2 章程', ['a.png', 'z.png']],
      ['1.10 课程', ['b.pdf']],
      ['未归类', ['x.jpg']],
    ]);
  });

  it('shows in place only raster images and PDFs (never SVG or HTML)', () => {
    expect(viewKind('image/jpeg')).toBe('image');
    expect(viewKind('application/pdf')).toBe('pdf');
    expect(viewKind('image/svg+xml')).toBe('other');
    expect(viewKind('image/heic')).toBe('other');
    expect(viewKind(null)).toBe('other');
  });

  it('reads a job’s dry-run flag and report', () => {
    expect(isDryRun({ parameters: { roundId: 1, sources: [], dryRun: false } })).toBe(false);
    expect(isDryRun({ parameters: { roundId: 1, sources: [] } })).toBe(true);
    expect(importReport({ result: null })).toBeNull();
    expect(importReport({ result: { packages: [] } })).not.toBeNull();
  });
});
