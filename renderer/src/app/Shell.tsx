import { Badge, Layout, Menu, Spin, Tag, Tooltip, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useOp } from '../api/queries';
import { OperatorSwitch } from '../features/operators/OperatorSwitch';
import { MODULES, moduleForPath } from './modules';
import { UnsavedGuard } from './unsaved';

const { Header, Sider, Content } = Layout;
const SIDER_WIDTH = 208;

/**
 * 整改台账 in the menu with its overdue items counted (到期提醒 wherever the user is): red while any
 * item is overdue, the count of items due soon otherwise; nothing when neither.
 */
function LedgerLabel({ label }: { label: string }) {
  const { data } = useOp('rectification.dashboard', {}, { silent: true });
  const overdue = data?.counts.overdue ?? 0;
  const dueSoon = data?.counts.dueSoon ?? 0;
  if (!overdue && !dueSoon) return <>{label}</>;
  const tip = [overdue ? `逾期 ${overdue} 项` : '', dueSoon ? `即将到期 ${dueSoon} 项` : ''].filter(Boolean).join('，');
  return (
    <Tooltip title={tip} placement="right">
      <span data-testid="ledger-menu-label">
        {label}
        <Badge count={overdue || dueSoon} color={overdue ? '#cf1322' : '#d48806'} size="small" style={{ marginInlineStart: 6 }} aria-label={tip} />
      </span>
    </Tooltip>
  );
}

/** The window's frame: header, the module menu (modules of later releases marked 待建设) and the page. */
export function Shell() {
  const { pathname } = useLocation();
  const go = useNavigate();
  const active = moduleForPath(pathname)?.key ?? 'schools';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <UnsavedGuard />
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <div aria-hidden style={{ width: 28, height: 28, borderRadius: 6, background: '#ffffff22', display: 'grid', placeItems: 'center', color: '#fff', fontWeight: 600, lineHeight: 1, fontSize: 16 }}>
          督
        </div>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, fontWeight: 600, letterSpacing: 1 }} data-testid="product-name">
          督导评估工作台
        </Typography.Title>
        <Typography.Text style={{ color: '#c9d6e8', marginLeft: 8 }}>义务教育优质均衡发展督导评估</Typography.Text>
        <OperatorSwitch />
      </Header>
      {/* The menu column (white, with its right border) is drawn by this background down the whole
          page, so the menu itself can be only as tall as its items. */}
      <Layout style={{ background: `linear-gradient(to right, #fff 0 ${SIDER_WIDTH - 1}px, #e5e9f0 ${SIDER_WIDTH - 1}px ${SIDER_WIDTH}px, transparent ${SIDER_WIDTH}px)` }}>
        {/* The menu stays in view on long pages (a school's statistics, the balance tables at
            1366×768): the window scrolls and the menu sticks to the top once the header is gone;
            a window too low for every item scrolls the menu on its own. */}
        <Sider
          width={SIDER_WIDTH}
          data-testid="main-sider"
          style={{ position: 'sticky', top: 0, alignSelf: 'flex-start', maxHeight: '100vh', overflowY: 'auto', borderRight: '1px solid #e5e9f0' }}
        >
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[active]}
              style={{ borderInlineEnd: 'none', paddingTop: 8 }}
              items={MODULES.map((m) => ({
                key: m.key,
                icon: m.icon,
                label: m.built ? (
                  m.key === 'rectification' ? (
                    <LedgerLabel label={m.label} />
                  ) : (
                    m.label
                  )
                ) : (
                  <span>
                    {m.label}
                    <Tag style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>待建设</Tag>
                  </span>
                ),
              }))}
              onClick={({ key }) => void go(MODULES.find((m) => m.key === key)!.path)}
            />
          </nav>
        </Sider>
        <Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
