import { App } from 'antd';
import { createElement, useMemo, type ReactNode } from 'react';
import { errorMessage } from '../api/client';

/** The error number (错误编号) an API error carries, if any; it is also in the log line of that error. */
export function errorIdOf(e: unknown): string | undefined {
  const id = (e as { errorId?: unknown } | null)?.errorId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The Chinese message, and below it 错误编号 (copyable) when the error has one, for support to find the log line. */
export function errorDescription(e: unknown): ReactNode {
  const id = errorIdOf(e);
  if (!id) return errorMessage(e);
  return createElement(
    'div',
    null,
    createElement('div', null, errorMessage(e)),
    createElement(
      'div',
      { style: { marginTop: 6, fontSize: 12, color: 'rgba(0,0,0,0.55)' } },
      '错误编号：',
      createElement('span', { 'data-testid': 'error-id', style: { fontFamily: 'monospace', userSelect: 'all' } }, id),
    ),
  );
}

/** Themed, context-aware feedback; server errors already arrive in Chinese, with their error number. */
export function useNotify() {
  const { message, notification } = App.useApp();
  return useMemo(
    () => ({
      success: (text: string) => void message.success(text),
      /** A neutral note (a cancelled action, work that goes on in the background). */
      info: (text: string) => void message.info(text),
      error: (e: unknown, title = '操作未完成') =>
        void notification.error({ title, description: errorDescription(e), duration: errorIdOf(e) ? 15 : 8, placement: 'topRight' }),
    }),
    [message, notification],
  );
}
