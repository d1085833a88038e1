import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './datetime';

describe('one date and time format', () => {
  it('writes local date and time without seconds', () => {
    const d = new Date(2026, 10, 29, 20, 58, 41);
    expect(formatDateTime(d)).toBe('2026-11-29 20:58');
    expect(formatDateTime(d.toISOString())).toBe('2026-11-29 20:58');
  });
  it('keeps a calendar date on its day in any time zone', () => {
    expect(formatDate('2026-01-05')).toBe('2026-01-05');
    expect(formatDateTime('2026-01-05')).toBe('2026-01-05 00:00');
  });
  it('shows a dash for missing or unreadable values', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});
