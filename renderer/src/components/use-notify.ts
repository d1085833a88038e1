import { App } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../api/client';

/** Themed, context-aware feedback; server errors already arrive in Chinese. */
export function useNotify() {
  const { message, notification } = App.useApp();
  return useMemo(
    () => ({
      success: (text: string) => void message.success(text),
      error: (e: unknown, title = '操作未完成') =>
        void notification.error({ title, description: errorMessage(e), duration: 8, placement: 'topRight' }),
    }),
    [message, notification],
  );
}
