import { ReloadOutlined, RollbackOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Divider, InputNumber, Progress, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Job } from '../../../../shared/api/contracts/jobs';
import type { BackupFile, BackupKind, RestoreOutcome } from '../../../../shared/api/contracts/system';
import type { FileRef, StagedFile } from '../../../../shared/api/envelope';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { FilePicker } from '../../components/FilePicker';
import { saveResult } from '../../api/files';
import { useNotify } from '../../components/use-notify';
import { useJobRunner } from '../jobs/use-jobs';

const KIND: Record<BackupKind, { label: string; color: string }> = {
  auto: { label: '自动备份', color: 'blue' },
  manual: { label: '手动备份', color: 'green' },
  'before-restore': { label: '恢复前备份', color: 'orange' },
  'before-migration': { label: '升级前备份', color: 'purple' },
  other: { label: '其他', color: 'default' },
};

const size = formatBytes;

/**
 * 设置 → 数据备份: a backup to download, the automatic backups kept in the data directory (how many
 * is set here), and restore from one of them or from a backup file the user picks, always after a
 * confirmation that says the current data is backed up first.
 */
export function BackupCard() {
  const { modal } = App.useApp();
  const notify = useNotify();
  const list = useRemote(() => call('backup.list', {}), []);
  // What the user typed; until then, the saved setting.
  const [draft, setDraft] = useState<number | null>(null);
  const keep = draft ?? list.data?.settings.keep ?? null;
  const [saving, setSaving] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);

  // 立即备份 runs as a job (progress, 取消, found again in 作业记录); then the user saves the file.
  const backup = useJobRunner();

  const backupNow = async () => {
    let final: Job;
    try {
      final = await backup.run({ kind: 'backup.create', parameters: {} });
    } catch (e) {
      notify.error(e, '备份失败');
      return;
    }
    await list.reload();
    if (final.state === '已取消') return notify.info('已取消备份，没有留下文件');
    const output = final.outputs[0];
    if (final.state !== '已完成' || !output) return notify.error(new Error(final.message ?? '备份未完成'), '备份失败');
    notify.success(`已备份到数据目录的 backups 文件夹：${output.name.split('/').pop()}`);
    try {
      // Also kept in the list below; saving elsewhere (移动硬盘、单位服务器) is what protects against a lost PC.
      await saveResult(await call('jobs.file', { id: final.id, name: output.name }));
    } catch (e) {
      notify.error(e, '保存失败');
    }
  };

  const saveKeep = async () => {
    if (keep === null) return;
    setSaving(true);
    try {
      const saved = await call('backup.setSettings', { keep });
      notify.success(`已保存：自动备份保留最近 ${saved.keep} 份`);
      await list.reload();
      setDraft(null);
    } catch (e) {
      notify.error(e, '保存失败');
    } finally {
      setSaving(false);
    }
  };

  const restore = async (key: string, request: { name: string } | { file: FileRef }) => {
    setRestoring(key);
    try {
      const outcome: RestoreOutcome = await call('backup.restore', request);
      // Everything on every page may have changed: start the interface afresh once the user has read the result.
      modal.success({
        title: '数据已恢复',
        content: <span data-testid="restore-message">{outcome.message}</span>,
        okText: '好的',
        onOk: () => window.location.reload(),
      });
    } catch (e) {
      notify.error(e, '恢复未完成');
      await list.reload();
    } finally {
      setRestoring(null);
    }
  };

  const confirmRestore = (what: string, onOk: () => Promise<void>) =>
    modal.confirm({
      title: '从备份恢复数据？',
      content: (
        <div data-testid="restore-confirm">
          <p>当前数据将被替换为{what}中的数据，此后所做的修改都会消失。</p>
          <p>恢复前会先把当前数据另存为一份“恢复前备份”，如需撤销，可再从那份备份恢复。</p>
        </div>
      ),
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk,
    });

  const restoreListed = (b: BackupFile) =>
    confirmRestore(`${KIND[b.kind].label}“${b.name}”（${dayjs(b.createdAt).format('YYYY-MM-DD HH:mm')}）`, () => restore(b.name, { name: b.name }));

  // The picked file is already staged (a reference); only the reference goes to the core.
  const restoreUpload = ([file]: StagedFile[]) => {
    confirmRestore(`备份文件“${file.fileName}”`, () => restore('upload', { file: { ref: file.ref } }));
  };

  return (
    <Card
      title="数据备份"
      data-testid="backup-card"
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.reload()}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        生成整个数据库的备份（保存在数据目录的 backups 文件夹，列在下方“手动备份”中），完成后再保存一份到您选择的位置。建议在大批量导入前、每轮评估结束后各备份一次，并把备份文件另存到移动硬盘或单位服务器。
      </Typography.Paragraph>
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={backup.job !== null} onClick={() => void backupNow()} data-testid="backup-now">
          立即备份
        </Button>
        {backup.job && (
          <>
            <Progress percent={backup.job.done} size="small" status="active" style={{ width: 200 }} data-testid="backup-progress" />
            <Button size="small" danger onClick={backup.cancel}>
              取消
            </Button>
          </>
        )}
      </Space>

      <Divider titlePlacement="start">自动备份与恢复</Divider>
      <Typography.Paragraph type="secondary">
        程序每次启动时和运行期间每天自动备份一次，保存在数据目录的 backups 文件夹{list.data ? `（${list.data.dir}）` : ''}
        中，只保留最近的若干份。恢复会先检查所选文件确是本软件的数据备份、且不是更新版本创建的，再备份当前数据，然后替换。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title="无法读取备份列表" description={list.error} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>自动备份保留最近</span>
        <InputNumber aria-label="自动备份保留份数" min={1} max={100} precision={0} value={keep} onChange={(v) => setDraft(v)} style={{ width: 90 }} />
        <span>份</span>
        <Button loading={saving} disabled={keep === null || keep === list.data?.settings.keep} onClick={() => void saveKeep()}>
          保存
        </Button>
        <FilePicker accept={['.sqlite', '.db', '.sqlite3']} title="选择备份文件" onPicked={restoreUpload} onBusy={(b) => setRestoring(b ? 'upload' : null)}>
          <Button icon={<UploadOutlined />} loading={restoring === 'upload'} data-testid="restore-upload">
            从备份文件恢复…
          </Button>
        </FilePicker>
      </Space>
      <Table<BackupFile>
        rowKey="name"
        size="small"
        data-testid="backup-list"
        loading={list.loading}
        dataSource={list.data?.backups ?? []}
        locale={{ emptyText: '暂无备份' }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: '备份时间', dataIndex: 'createdAt', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: '类型', dataIndex: 'kind', width: 110, render: (k: BackupKind) => <Tag color={KIND[k].color}>{KIND[k].label}</Tag> },
          { title: '文件', dataIndex: 'name', render: (n: string) => <Typography.Text type="secondary">{n}</Typography.Text> },
          { title: '大小', dataIndex: 'size', width: 90, render: size },
          {
            title: '操作',
            width: 100,
            render: (_: unknown, b) => (
              <Button size="small" icon={<RollbackOutlined />} loading={restoring === b.name} disabled={restoring !== null} onClick={() => restoreListed(b)}>
                恢复
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
