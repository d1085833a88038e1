import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd';
import { useOp } from '../../api/queries';

const MODE_LABELS: Record<string, string> = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' };

/** 关于: version, how the workbench runs, and where its data lives (for backups and support). */
export function AboutCard() {
  const info = useOp('app.info', {}, { silent: true });
  return (
    <Card title="关于" data-testid="about-card">
      {info.error ? (
        <Alert type="error" showIcon title="无法读取软件信息" description={info.error.message} />
      ) : !info.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'name', label: '软件名称', children: '督导评估工作台' },
            { key: 'version', label: '版本', children: info.data.version },
            { key: 'mode', label: '运行方式', children: MODE_LABELS[info.data.mode] ?? '其他' },
            // Support asks for it when a backup from another installation will not restore.
            { key: 'schema', label: '数据格式版本', children: `第 ${info.data.schemaVersion} 版` },
            { key: 'dir', label: '数据目录', span: 2, children: <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} data-testid="data-dir" data-user-text>{info.data.dataDir}</Typography.Text> },
          ]}
        />
      )}
    </Card>
  );
}
