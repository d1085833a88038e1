import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';

const MODE_LABELS: Record<string, string> = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' };

export function AboutCard() {
  const info = useRemote(() => call('app.info', {}), []);
  return (
    <Card title="关于" data-testid="about-card">
      {info.error ? (
        <Alert type="error" showIcon title="无法读取软件信息" description={info.error} />
      ) : !info.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'name', label: '软件名称', children: '督导评估工作台' },
            { key: 'version', label: '版本', children: info.data.version },
            { key: 'mode', label: '运行方式', children: MODE_LABELS[info.data.mode] ?? info.data.mode },
            { key: 'schema', label: '数据库结构版本', children: info.data.schemaVersion },
            { key: 'dir', label: '数据目录', span: 2, children: <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} data-testid="data-dir">{info.data.dataDir}</Typography.Text> },
          ]}
        />
      )}
    </Card>
  );
}
