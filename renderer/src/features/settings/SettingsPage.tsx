import { Space } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { AboutCard } from './AboutCard';
import { AuditLogCard } from './AuditLogCard';
import { BackupCard } from './BackupCard';
import { DemoCard } from './DemoCard';
import { DocumentSettingsCard } from './DocumentSettingsCard';

export function SettingsPage() {
  return (
    <>
      <PageHeader title="设置" subtitle="软件信息、演示数据、数据备份与操作日志" />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <AboutCard />
        <DemoCard />
        <BackupCard />
        <DocumentSettingsCard />
        <AuditLogCard />
      </Space>
    </>
  );
}
