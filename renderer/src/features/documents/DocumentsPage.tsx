import { Badge, Space, Tabs } from 'antd';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { BalanceReportCard } from './BalanceReportCard';
import { BatchExportCard } from './BatchExportCard';
import { NoticeCard } from './NoticeCard';
import { RegisterCard } from './RegisterCard';
import { useBatch } from './use-batch';

/** The page's tabs, as the address names them (…/documents?tab=batch). */
const TABS = ['notice', 'reports', 'batch'] as const;
type Tab = (typeof TABS)[number];

/**
 * 文书报告: the office's documents as Word and PDF in the 党政机关公文格式 (GB/T 9704). The tab and
 * the report's year are in the address, so reload and back keep them. The latest batch export is
 * followed here at page level, so its tab says when one is running.
 */
export function DocumentsPage() {
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'notice');
  const batch = useBatch();
  return (
    <>
      <PageHeader title="文书报告" subtitle="按党政机关公文格式（GB/T 9704-2012）生成通知、测算报告和名册（Word / PDF）；版头、文号、抄送在“设置 → 公文”中维护" />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          // Leaving the notice tab with edits asks first (the tab is in the address); 放弃修改 really drops them.
          { key: 'notice', label: '通知', destroyOnHidden: true, children: <NoticeCard /> },
          {
            key: 'reports',
            label: '测算报告与名册',
            children: (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <BalanceReportCard />
                <RegisterCard />
              </Space>
            ),
          },
          {
            key: 'batch',
            label: batch.running ? <Badge status="processing" text="批量导出（进行中）" /> : '批量导出',
            children: <BatchExportCard batch={batch} />,
          },
        ]}
      />
    </>
  );
}
