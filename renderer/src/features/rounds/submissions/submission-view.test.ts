import { describe, expect, it } from 'vitest';
import type { PackageIssueDto, PackagePreview, SubmittedFile } from '../../../../../shared/api/contracts/rounds';
import { answerLabel, changedIndicators, defaultResolutions, filesSummary, filesTabLabel, foldIssues, groupEvidence, issuesSummary, importOutcome, importReport, isDryRun, outcomeCounts, revisionText, sortPackageIssues, statisticsBaseText, toStore, viewKind } from './submission-view';

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

  it('folds frequent warnings by kind: errors and warnings of no kind one by one, each kind once with its items in place order', () => {
    const noAnswer = (row: number): PackageIssueDto => ({ severity: 'warning', file: '自评表.xlsx', sheet: '自评', row, column: 'H', message: `r${row} 没有填写自评结果`, group: 'noAnswer' });
    const issues: PackageIssueDto[] = [
      noAnswer(12),
      { severity: 'warning', file: '佐证材料/1.1 校舍', message: 'ev1', group: 'noEvidence' },
      noAnswer(9),
      { severity: 'warning', file: '学校自评报告.docx', message: 'report missing' },
      // An error is listed on its own whatever its kind: it stops the package and must be seen.
      { severity: 'error', file: '自评表.xlsx', sheet: '自评', row: 3, message: 'bad', group: 'noAnswer' },
      noAnswer(10),
      { severity: 'warning', file: '自评表.xlsx', sheet: '统计数据', row: 7, column: 'C', message: 'stat', group: 'statistics' },
    ];
    const fold = foldIssues(issues);
    expect(fold.errors.map((i) => i.message)).toEqual(['bad']);
    expect(fold.warnings.map((i) => i.message)).toEqual(['report missing']);
    // Kinds in the contract's order (未填写自评结果, 未填写自评说明, 缺少佐证材料, 统计数据需核实), absent kinds left out.
    expect(fold.groups.map((g) => [g.title, g.issues.map((i) => i.row ?? i.message)])).toEqual([
      ['未填写自评结果', [9, 10, 12]],
      ['缺少佐证材料', ['ev1']],
      ['统计数据需核实', [7]],
    ]);
    // Nothing lost, nothing twice.
    expect(fold.errors.length + fold.warnings.length + fold.groups.reduce((n, g) => n + g.issues.length, 0)).toBe(issues.length);
    expect(issuesSummary(fold)).toBe('错误 1 条；提醒 6 条：未填写自评结果 3 项、缺少佐证材料 1 项、统计数据需核实 1 项、其他 1 条');
  });

  it('sums up a problem list in one line, with the breakdown only when something is folded', () => {
    const w = (message: string, group?: PackageIssueDto['group']): PackageIssueDto => ({ severity: 'warning', file: '自评表.xlsx', message, ...(group ? { group } : {}) });
    const e: PackageIssueDto = { severity: 'error', file: '自评表.xlsx', message: 'e' };
    // The case that asked for folding: 1 of 40 indicators filled, evidence missing for 12, one other warning.
    const school = [...Array.from({ length: 39 }, (_, i) => w(`a${i}`, 'noAnswer')), ...Array.from({ length: 12 }, (_, i) => w(`v${i}`, 'noEvidence')), w('other')];
    expect(issuesSummary(foldIssues(school))).toBe('提醒 52 条：未填写自评结果 39 项、缺少佐证材料 12 项、其他 1 条');
    expect(issuesSummary(foldIssues([w('x'), w('y')]))).toBe('提醒 2 条');
    expect(issuesSummary(foldIssues([w('x', 'noExplanation')]))).toBe('提醒 1 条：未填写自评说明 1 项');
    expect(issuesSummary(foldIssues([e, e]))).toBe('错误 2 条');
    expect(issuesSummary(foldIssues([]))).toBe('');
  });

  it('counts what a commit stores: new packages and the conflicts accepted; conflicts start as 不导入', () => {
    const report = { packages: [pkg('a', 'new'), pkg('b', 'conflict'), pkg('c', 'conflict'), pkg('d', 'unchanged'), pkg('e', 'refused')] };
    const start = defaultResolutions(report);
    expect(start).toEqual({ b: 'skip', c: 'skip' });
    expect(toStore(report, start)).toBe(1);
    expect(toStore(report, { ...start, c: 'accept' })).toBe(2);
  });

  it('says what a package’s revision would be in a check', () => {
    expect(revisionText(pkg('a', 'new', { revision: 2 }))).toBe('将成为第 2 版');
    expect(revisionText(pkg('a', 'conflict', { revision: 3 }))).toBe('若导入则为第 3 版');
    expect(revisionText(pkg('a', 'unchanged', { revision: 1 }))).toBe('已有第 1 版');
    expect(revisionText(pkg('a', 'refused'))).toBe('—');
  });

  it('says what an import did with each package, never the check’s 可导入', () => {
    expect(importOutcome(pkg('a', 'new', { revision: 2, stored: true }))).toEqual({ stored: true, text: '已导入为第 2 版' });
    // An accepted conflict is stored as the next revision too.
    expect(importOutcome(pkg('a', 'conflict', { revision: 3, stored: true }))).toEqual({ stored: true, text: '已导入为第 3 版' });
    // A conflict left at 不导入: the core's reason asks for a decision, which the import has taken.
    expect(importOutcome(pkg('b', 'conflict', { revision: 3, reason: '……请核对后选择：作为第 3 版导入，或不导入' }))).toEqual({ stored: false, text: '未导入', reason: '版本冲突，未选择“作为新版本导入”' });
    expect(importOutcome(pkg('c', 'unchanged', { revision: 1, reason: '与已导入的第 1 版内容相同，不会重复导入' }))).toEqual({ stored: false, text: '未导入', reason: '与已导入的第 1 版内容相同，不会重复导入' });
    expect(importOutcome(pkg('d', 'refused', { reason: '已超过“学校自评”的截止日期 2026-12-30，且未办理延期' }))).toMatchObject({ stored: false, reason: '已超过“学校自评”的截止日期 2026-12-30，且未办理延期' });
    expect(importOutcome(pkg('e', 'error'))).toMatchObject({ stored: false, reason: '有错误，不能导入' });
    expect(importOutcome(pkg('f', 'new', { revision: 2 }))).toMatchObject({ stored: false, reason: '未保存' });
    const report = { packages: [pkg('a', 'new', { revision: 2, stored: true }), pkg('b', 'conflict', { revision: 3 }), pkg('c', 'unchanged', { revision: 1 })] };
    expect(outcomeCounts(report)).toEqual({ stored: 1, notStored: 2 });
  });

  it('counts a package’s files the same way as a stored revision’s: evidence alone, report and workbook named apart', () => {
    const file = (bytes: number): SubmittedFile => ({ path: `p${bytes}`, name: `n${bytes}`, bytes, sha256: '', mimeType: null, indicator: '未归类', nodeId: null });
    const evidence = [file(1024), file(2048), file(1024 * 1024)];
    // The same package as a check kept from before previewed it (no workbook known) and as the unit's page shows it once stored.
    const preview = pkg('a', 'new', { evidence, report: file(500) });
    const stored = { evidence, report: file(500), workbook: file(30_000) };
    expect(filesSummary(preview)).toBe('佐证材料 3 个（1 MB），另有自评报告 1 份');
    expect(filesSummary(stored)).toBe('佐证材料 3 个（1 MB），另有自评报告 1 份、自评表 1 份');
    // The tab's count is the evidence alone in both places (it was 3 in the check and 4 on the unit's page).
    expect(filesTabLabel(preview.evidence)).toBe('自评报告和佐证材料（佐证材料 3 个）');
    expect(filesTabLabel(stored.evidence)).toBe(filesTabLabel(preview.evidence));
    expect(filesSummary({ evidence: [], report: null, workbook: file(30_000) })).toBe('佐证材料 0 个，另有自评表 1 份；未提交自评报告');
    expect(filesSummary({ evidence: [file(10)], report: null, workbook: null })).toBe('佐证材料 1 个（1 KB）；未提交自评报告、自评表');
    // Files not received are counted by the name of the list that shows them; none: not mentioned.
    const refused = [{ path: '佐证材料/1.1/安装.exe', reason: '可执行程序' }];
    expect(filesSummary({ ...stored, refused })).toBe('佐证材料 3 个（1 MB），另有自评报告 1 份、自评表 1 份；未接收的文件 1 个');
    expect(filesSummary({ ...stored, refused: [] })).toBe(filesSummary(stored));
  });

  it('names the base of the statistics changes', () => {
    expect(statisticsBaseText('previous')).toBe('与上一版相比');
    expect(statisticsBaseText('register')).toBe('与名册中的统计数据相比');
    expect(statisticsBaseText('issued')).toBe('与下发时预填的数值相比');
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
