import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('writes sizes one way everywhere: at least 1 KB, MB and GB with one decimal', () => {
    expect(formatBytes(0)).toBe('1 KB');
    expect(formatBytes(13)).toBe('1 KB');
    expect(formatBytes(36_762)).toBe('36 KB');
    expect(formatBytes(4.5 * 1024 ** 2)).toBe('4.5 MB');
    expect(formatBytes(394.6 * 1024 ** 2)).toBe('394.6 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
  });
});
