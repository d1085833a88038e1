import { SaveOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { call } from '../../api/client';
import { useDownload } from '../../components/use-download';

export function BackupCard() {
  const { busy, run } = useDownload();
  return (
    <Card title="数据备份" data-testid="backup-card">
      <Typography.Paragraph type="secondary">
        生成整个数据库的备份文件并保存到您选择的位置。建议在大批量导入前、每轮评估结束后各备份一次，并把备份文件另存到移动硬盘或单位服务器。
      </Typography.Paragraph>
      <Button type="primary" icon={<SaveOutlined />} loading={busy === 'backup'} onClick={() => run('backup', () => call('backup.create', {}))}>
        立即备份
      </Button>
    </Card>
  );
}
