import { Space, Tabs } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { BalanceReportCard } from './BalanceReportCard';
import { BatchExportCard } from './BatchExportCard';
import { NoticeCard } from './NoticeCard';
import { RegisterCard } from './RegisterCard';

/** 文书报告: the office's documents as DOCX and PDF in the GB/T 9704 format. */
export function DocumentsPage() {
  return (
    <>
      <PageHeader title="文书报告" subtitle="按 GB/T 9704-2012 生成通知、测算报告和名册（DOCX / PDF）；版头、文号、抄送在“设置 → 公文”中维护" />
      <Tabs
        items={[
          { key: 'notice', label: '通知', children: <NoticeCard /> },
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
          { key: 'batch', label: '批量导出', children: <BatchExportCard /> },
        ]}
      />
    </>
  );
}
