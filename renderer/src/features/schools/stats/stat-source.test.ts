import { describe, expect, it } from 'vitest';
import type { StatSource } from '../../../../../shared/api/contracts/statistics';
import { historyByField, historyValue, sourceDetail, sourceLabel } from './stat-source';

const base: StatSource = { kind: 'manual', operatorName: '张三', fileName: null, fileSha256: null, fileSheet: null, fileRow: null, batchId: null, at: '2026-11-29T03:00:00.000Z' };

describe('statistics value sources in Chinese', () => {
  it('names the source briefly for the tag', () => {
    expect(sourceLabel(base)).toMatch(/^手工录入 张三 2026-11-29$/);
    expect(sourceLabel({ ...base, kind: 'import', fileName: '办学条件.xlsx' })).toBe('导入 办学条件.xlsx');
    expect(sourceLabel({ ...base, kind: 'legacy', operatorName: null })).toBe('未记录来源');
    expect(sourceLabel({ ...base, kind: 'demo' })).toBe('演示数据');
    expect(sourceLabel({ ...base, kind: 'submission' })).toBe('学校填报');
    expect(sourceLabel({ ...base, kind: 'grid' })).toMatch(/^表格录入 张三 2026-11-29$/);
  });

  it('details how, which file and row, who and when, without English or the hash of the file', () => {
    const imported = { ...base, kind: 'import' as const, fileName: '办学条件.xlsx', fileSha256: 'ab'.repeat(32), fileSheet: '学校统计', fileRow: 7 };
    const detail = sourceDetail(imported);
    expect(detail).toMatch(/^导入，文件“办学条件.xlsx”工作表“学校统计”第 7 行，操作人 张三，2026-11-29 \d\d:\d\d$/);
    expect(detail).not.toMatch(/abab|SHA|指纹/);
    // A CSV has no sheet; a value imported before rows were recorded names the file only.
    expect(sourceDetail({ ...imported, fileName: '办学条件.csv', fileSheet: null })).toMatch(/^导入，文件“办学条件.csv”第 7 行，操作人 张三，/);
    expect(sourceDetail({ ...imported, fileSheet: null, fileRow: null })).toMatch(/^导入，文件“办学条件.xlsx”，操作人 张三，/);
    expect(sourceDetail({ ...base, kind: 'legacy', operatorName: null })).toBe('未记录来源');
  });

  it('shows values with units and groups the history by field', () => {
    expect(historyValue(1833700, '元')).toBe('1,833,700 元');
    expect(historyValue([45, 43], '人')).toBe('45、43 人');
    // Per-room areas: each item as typed, no thousands separator inside a list.
    expect(historyValue([1200, 96.5], '平方米')).toBe('1200、96.5 平方米');
    expect(historyValue(null, '元')).toBe('（已清空）');
    const h = historyByField([
      { ...base, id: 3, field: 'books', value: 2 },
      { ...base, id: 2, field: 'pupilsPrimary', value: 1 },
      { ...base, id: 1, field: 'books', value: 1 },
    ]);
    expect(h.get('books')!.map((e) => e.id)).toEqual([3, 1]);
  });
});
