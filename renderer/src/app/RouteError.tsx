import { Button, Result, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useRouteError } from 'react-router';
import { serviceReachable } from '../api/bridge';
import { errorIdOf } from '../components/use-notify';
import { routeErrorKind, type RouteErrorKind } from './route-error-kind';

/**
 * One page's fault never blanks the app (issue 10 item 2): each route renders this instead of
 * its page when the page throws, while the menu and the header stay usable. What the user reads
 * is Chinese; the technical text goes to the console for whoever supports them.
 *
 * A page script that could not be loaded has two causes that need different advice: the local
 * service stopped (browser mode: the window outlived the program), or the file is damaged or was
 * replaced by an update. The service is asked once (serviceReachable) to tell which.
 */
export function RouteError() {
  const error = useRouteError();
  const go = useNavigate();
  const first = routeErrorKind(error);
  // A chunk failure is 'chunk' or 'offline' once the probe answers; null while it runs.
  const [probed, setProbed] = useState<RouteErrorKind | null>(null);
  useEffect(() => {
    if (first !== 'chunk') return;
    let live = true;
    void serviceReachable().then((up) => {
      if (live) setProbed(up ? 'chunk' : 'offline');
    });
    return () => {
      live = false;
    };
  }, [first, error]);
  const kind = first === 'chunk' ? probed : first;

  if (kind === null)
    return (
      <div data-testid="route-error-checking" style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );

  if (kind === 'offline') {
    return (
      <Result
        status="warning"
        title="无法连接到本机服务"
        subTitle="督导评估工作台的本机服务已停止或没有响应，此页面无法加载。请重新启动程序；如果程序仍在运行，请刷新页面再试。"
        data-testid="route-error"
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
        }
      />
    );
  }

  const notFound = kind === 'notFound';
  const id = errorIdOf(error);
  const subTitle = notFound
    ? '地址中的页面不存在，可能是链接已过期。'
    : kind === 'chunk'
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
