import { Button, Result, Space } from 'antd';
import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { errorIdOf } from '../components/use-notify';

/** True for a page's script that could not be loaded (an update replaced the files, a damaged install). */
function isChunkLoadError(e: unknown): boolean {
  return e instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(e.message);
}

/**
 * One page's fault never blanks the app (issue 10 item 2): each route renders this instead of
 * its page when the page throws, while the menu and the header stay usable. What the user reads
 * is Chinese; the technical text goes to the console for whoever supports them.
 */
export function RouteError() {
  const error = useRouteError();
  const go = useNavigate();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const id = errorIdOf(error);
  const subTitle = notFound
    ? '地址中的页面不存在，可能是链接已过期。'
    : isChunkLoadError(error)
      ? '页面文件未能加载。请重新加载；若仍不行，请重新启动工作台。'
      : `此页面遇到了意外错误，其他页面不受影响。${id ? `错误编号：${id}` : '可重新加载本页再试。'}`;
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? '找不到此页面' : '此页面无法显示'}
      subTitle={subTitle}
      data-testid="route-error"
      extra={
        <Space>
          <Button type="primary" onClick={() => window.location.reload()}>
            重新加载
          </Button>
          <Button onClick={() => void go('/schools')}>返回学校名册</Button>
        </Space>
      }
    />
  );
}
