import { Layout, Menu, Typography } from 'antd';
import type { ReactNode } from 'react';
import { OperatorSwitch } from '../features/operators/OperatorSwitch';
import { navigate, useHashPath } from './hash-router';
import { MODULES, moduleForPath } from './modules';

const { Header, Sider, Content } = Layout;

export function Shell({ children }: { children: ReactNode }) {
  const path = useHashPath();
  const active = moduleForPath(path)?.key ?? 'schools';
  return (
    <Layout style={{ minHeight: '100vh' }}>
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
      <Layout>
        <Sider width={188} style={{ borderRight: '1px solid #e5e9f0' }}>
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[active]}
              style={{ borderInlineEnd: 'none', paddingTop: 8 }}
              items={MODULES.map((m) => ({ key: m.key, icon: m.icon, label: m.label }))}
              onClick={({ key }) => navigate(MODULES.find((m) => m.key === key)!.path)}
            />
          </nav>
        </Sider>
        <Content style={{ padding: 24, minWidth: 0 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
