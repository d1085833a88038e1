import { describe, expect, it } from 'vitest';
import { leavesDirtyEditor } from './unsaved-rules';

const at = (pathname: string, search = '') => ({ pathname, search });

describe('which navigation loses unsaved edits', () => {
  it('nothing dirty: never asks', () => {
    expect(leavesDirtyEditor([], at('/schools/1'), at('/balance'))).toBe(false);
  });
  it('another page always asks', () => {
    expect(leavesDirtyEditor([{ label: '学校信息', watch: [] }], at('/schools/1'), at('/schools/2'))).toBe(true);
  });
  it('an editor without a watch list counts every change of the address (tab, year, filter)', () => {
    expect(leavesDirtyEditor([{ label: '统计数据' }], at('/schools/1', '?tab=stats&year=2025'), at('/schools/1', '?tab=stats&year=2024'))).toBe(true);
    expect(leavesDirtyEditor([{ label: '统计数据' }], at('/schools/1', '?tab=stats'), at('/schools/1', '?tab=stats'))).toBe(false);
  });
  it('a watch list counts only its own parameters', () => {
    const settings = [{ label: '公文设置', watch: [] }];
    expect(leavesDirtyEditor(settings, at('/settings', '?action=update'), at('/settings', '?action=create&page=2'))).toBe(false);
    const stats = [{ label: '2025 年统计数据', watch: ['year', 'campus', 'tab'] }];
    expect(leavesDirtyEditor(stats, at('/schools/1', '?year=2025&x=1'), at('/schools/1', '?year=2025&x=2'))).toBe(false);
    expect(leavesDirtyEditor(stats, at('/schools/1', '?year=2025'), at('/schools/1', '?year=2025&campus=3'))).toBe(true);
  });
});
