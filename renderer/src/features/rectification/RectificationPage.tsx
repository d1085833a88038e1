/**
 * 整改台账 (issue 14): 督办看板, the ledger itself, the reviewed generation of items from a round's
 * results or a year's balance computation, and the schools' 整改进展包 (out and back by USB). The
 * tab and every filter live in the address.
 */
import { Space, Tabs } from 'antd';
import { updateSearch } from '../../app/navigation';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { DashboardTab } from './DashboardTab';
import { LEDGER_FILTER_KEYS, type LedgerFilterFields } from './ledger-view';
import { LedgerTab } from './LedgerTab';
import { NewItemButton } from './NewItemModal';
import { NoticesButton } from './NoticesButton';
import { PackagesCard } from './PackagesCard';
import { ProposeTab } from './ProposeTab';
import { ReportButton } from './ReportButton';
import { SettingsButton } from './SettingsModal';

const TABS = ['board', 'ledger', 'propose', 'packages'] as const;
type Tab = (typeof TABS)[number];

export function RectificationPage() {
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'board');

  /** From the dashboard: the ledger showing exactly what a figure counts (one history step). */
  const openLedger = (f: LedgerFilterFields) =>
    updateSearch((next) => {
      for (const k of [...LEDGER_FILTER_KEYS, 'from', 'round', 'year', 'profile']) next.delete(k);
      next.set('tab', 'ledger');
      for (const [k, v] of Object.entries(f)) if (v) next.set(k, v);
    });

  return (
    <>
      <PageHeader
        title="整改台账"
        subtitle="督导发现问题的整改责任、时限、进展与核验销号"
        extra={
          <Space wrap>
            <NewItemButton />
            <NoticesButton />
            <ReportButton />
            <SettingsButton />
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        destroyOnHidden
        items={[
          { key: 'board', label: '督办看板', children: <DashboardTab openLedger={openLedger} /> },
          { key: 'ledger', label: '台账', children: <LedgerTab /> },
          { key: 'propose', label: '生成整改事项', children: <ProposeTab onDone={() => openLedger({})} /> },
          { key: 'packages', label: '学校整改进展包', children: <PackagesCard /> },
        ]}
      />
    </>
  );
}
