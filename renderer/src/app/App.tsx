import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient, setFeedback } from '../api/query-client';
import { useNotify } from '../components/use-notify';
import { OperatorProvider } from '../features/operators/OperatorProvider';
import { createAppRouter } from './router';
import { theme } from './theme';
import { UnsavedProvider } from './unsaved';

dayjs.locale('zh-cn');

/** Gives the query client's one error handler antd's themed message and notification. */
function Feedback() {
  const notify = useNotify();
  useEffect(() => {
    setFeedback({ success: notify.success, error: notify.error });
    return () => setFeedback(null);
  }, [notify]);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter(queryClient));
  return (
    // autoInsertSpace off: "保 存" reads oddly next to longer labels and breaks accessible names.
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <Feedback />
          <OperatorProvider>
            <UnsavedProvider>
              <RouterProvider router={router} />
            </UnsavedProvider>
          </OperatorProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
