import { describe, expect, it } from 'vitest';
import type { ImportIssue } from '../../../../../shared/api/contracts/exchange';
import { sortIssues } from './IssueTable';

const issue = (row: number | null, column: string | null, message = ''): ImportIssue => ({ file: '统计.xlsx', sheet: '学校统计', row, column, columnLabel: null, message });

describe('import issues in file order', () => {
  it('sorts by row, then column as Excel orders letters (Z before AA); file-wide issues first', () => {
    const sorted = sortIssues([issue(12, 'B'), issue(3, 'AA'), issue(3, 'Z'), issue(null, null, '文件'), issue(10, 'C'), issue(3, 'D')]);
    expect(sorted.map((i) => [i.row, i.column])).toEqual([
      [null, null],
      [3, 'D'],
      [3, 'Z'],
      [3, 'AA'],
      [10, 'C'],
      [12, 'B'],
    ]);
  });
});
