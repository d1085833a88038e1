import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { errorDescription, errorIdOf } from './use-notify';

describe('error notifications', () => {
  it('show the Chinese message and the error number', () => {
    const e = new ApiError({ code: 'internal', message: '内部错误：磁盘已满', errorId: 'E-20261129-1A2B3C' });
    expect(errorIdOf(e)).toBe('E-20261129-1A2B3C');
    const html = renderToStaticMarkup(errorDescription(e) as any);
    expect(html).toContain('内部错误：磁盘已满');
    expect(html).toContain('错误编号：');
    expect(html).toMatch(/data-testid="error-id"[^>]*>E-20261129-1A2B3C</);
  });

  it('show only the message when there is no error number', () => {
    expect(errorDescription(new Error('无法连接'))).toBe('无法连接');
    expect(errorIdOf(null)).toBeUndefined();
  });
});
