import { ReloadOutlined, RollbackOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Divider, InputNumber, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { BackupCheck, BackupFile, BackupKind } from '../../../../shared/api/contracts/system';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { call } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { FilePicker } from '../../components/FilePicker';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';
import { useJobRunner } from '../jobs/use-jobs';

const KIND: Record<BackupKind, { label: string; color: string }> = {
  auto: { label: '自动备份', color: 'blue' },
  manual: { label: '手动备份', color: 'green' },
  'before-restore': { label: '恢复前备份', color: 'orange' },
  'before-migration': { label: '升级前备份', color: 'purple' },
  other: { label: '其他', color: 'default' },
};

type Request = { name: string } | { file: { ref: string } };
/** Which button shows the spinner: a listed backup's name, or 'upload'. */
const keyOf = (r: Request | undefined) => (r === undefined ? null : 'name' in r ? r.name : 'upload');

/**
 * 设置 → 数据备份: a backup to download, the automatic backups kept in the data directory (how many
 * is set here), and restore from one of them or from a backup file the user picks. A restore first
 * checks the chosen file (backup.check) — a damaged or foreign file is refused right there, with
 * its reason — and only then asks for a confirmation that says the current data is backed up first.
 */
export function BackupCard() {
  const { modal } = App.useApp();
  const notify = useNotify();
  const list = useOp('backup.list', {}, { silent: true });
  // What the user typed; until then, the saved setting.
  const [draft, setDraft] = useState<number | null>(null);
  const keep = draft ?? list.data?.settings.keep ?? null;
  const [staging, setStaging] = useState(false);

  const saveKeep = useOpMutation('backup.setSettings', {
    success: (saved) => `已保存：自动备份保留最近 ${saved.keep} 份`,
    errorTitle: '保存失败',
    onSuccess: () => setDraft(null),
  });

  // 立即备份 runs as a job (progress, 取消, found again in 作业记录); then the user saves the file.
  const backup = useJobRunner({ errorTitle: '备份失败' });
  const save = useDownload('保存失败', '已保存');
  const backupNow = async () => {
    const final = await backup.run({ kind: 'backup.create', parameters: {} }).catch(() => null);
    if (!final) return;
    if (final.state === '已取消') return notify.info('已取消备份，没有留下文件');
    const output = final.outputs[0];
    if (final.state !== '已完成' || !output) return notify.error(new Error(final.message ?? '备份未完成'), '备份失败');
    notify.success('已备份到数据目录的 backups 文件夹（列在下方“手动备份”中），请选择另存的位置');
    // Also kept in the list below; saving elsewhere (移动硬盘、单位服务器) is what protects against a lost PC.
    save.run('backup', () => call('jobs.file', { id: final.id, name: output.name }));
  };

  // The check changes nothing and is not cached: every restore checks the file as it is now.
  const check = useMutation<BackupCheck, Error, Request>({
    mutationFn: (request) => call('backup.check', request),
    meta: { errorTitle: '不能用此文件恢复', op: 'backup.check' },
  });
  const restore = useOpMutation('backup.restore', {
    errorTitle: '恢复未完成',
    // Everything on every page may have changed: start the interface afresh once the user has read the result.
    onSuccess: (outcome) =>
      void modal.success({
        title: '数据已恢复',
        content: <span data-testid="restore-message">{outcome.message}</span>,
        okText: '好的',
        onOk: () => window.location.reload(),
      }),
  });
  const busy = staging ? 'upload' : check.isPending ? keyOf(check.variables) : restore.isPending ? keyOf(restore.variables as Request) : null;

  /** Checks the file first; only a file that will work is offered for confirmation. */
  const checkThenConfirm = async (request: Request, what: (c: BackupCheck) => string) => {
    const checked = await check.mutateAsync(request).catch(() => null);
    if (!checked) return;
    modal.confirm({
      title: '从备份恢复数据？',
      content: (
        <div data-testid="restore-confirm">
          <p>已检查：{what(checked)}是本软件的数据备份，可以恢复。</p>
          <p>当前数据将被替换为其中的数据，此后所做的修改都会消失。</p>
          <p>恢复前会先把当前数据另存为一份“恢复前备份”，如需撤销，可再从那份备份恢复。</p>
          {checked.needsUpgrade && <p>这份备份来自较早的版本，恢复时会自动升级到当前版本。</p>}
        </div>
      ),
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      // A refused restore may still have changed the list (the safety backup): read it again.
      onOk: () => restore.mutateAsync(request).catch(() => void list.refetch()),
    });
  };

  // A listed backup is named by kind and time (its file name is for the folder, not for reading).
  const restoreListed = (b: BackupFile) => checkThenConfirm({ name: b.name }, () => `${formatDateTime(b.createdAt)}的${KIND[b.kind].label}`);
  // The picked file is already staged (a reference); only the reference goes to the core.
  const restoreUpload = ([file]: { ref: string; fileName: string }[]) => checkThenConfirm({ file: { ref: file.ref } }, () => `备份文件“${file.fileName}”`);

  return (
    <Card
      title="数据备份"
      data-testid="backup-card"
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={list.isFetching && !list.isPending} onClick={() => void list.refetch()}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        生成整个数据库的备份（保存在数据目录的 <Typography.Text code data-user-text>backups</Typography.Text> 文件夹，列在下方“手动备份”中），完成后再保存一份到您选择的位置。建议在大批量导入前、每轮评估结束后各备份一次，并把备份文件另存到移动硬盘或单位服务器。
      </Typography.Paragraph>
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={backup.job !== null || backup.starting} onClick={() => void backupNow()} data-testid="backup-now">
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
        程序每次启动时和运行期间每天自动备份一次，保存在数据目录（见上方“关于”）的 <Typography.Text code data-user-text>backups</Typography.Text> 文件夹中，只保留最近的若干份。恢复前会先检查所选文件确是本软件的数据备份、且不是更新版本创建的，确认后再备份当前数据，然后替换。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title="无法读取备份列表" description={list.error.message} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>自动备份保留最近</span>
        <InputNumber aria-label="自动备份保留份数" min={1} max={100} precision={0} value={keep} onChange={(v) => setDraft(v)} style={{ width: 90 }} />
        <span>份</span>
        <Button loading={saveKeep.isPending} disabled={keep === null || keep === list.data?.settings.keep} onClick={() => keep !== null && saveKeep.mutate({ keep })}>
          保存
        </Button>
        <FilePicker accept={['.sqlite', '.db', '.sqlite3']} title="选择备份文件" disabled={busy !== null} onPicked={restoreUpload} onBusy={setStaging}>
          <Button icon={<UploadOutlined />} loading={busy === 'upload'} data-testid="restore-upload">
            从备份文件恢复…
          </Button>
        </FilePicker>
      </Space>
      <Table<BackupFile>
        rowKey="name"
        size="small"
        data-testid="backup-list"
        loading={list.isPending && !list.error}
        dataSource={list.data?.backups ?? []}
        locale={{ emptyText: '暂无备份' }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 份` }}
        columns={[
          {
            title: '备份时间',
            dataIndex: 'createdAt',
            width: 150,
            defaultSortOrder: 'descend',
            sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
            sortDirections: ['descend', 'ascend', 'descend'],
            render: (v: string) => formatDateTime(v),
          },
          {
            title: '类型',
            dataIndex: 'kind',
            width: 120,
            filters: (Object.keys(KIND) as BackupKind[]).map((k) => ({ text: KIND[k].label, value: k })),
            onFilter: (v, b) => b.kind === v,
            render: (k: BackupKind) => <Tag color={KIND[k].color}>{KIND[k].label}</Tag>,
          },
          { title: '大小', dataIndex: 'size', align: 'right', sorter: (a, b) => a.size - b.size, render: (n: number) => formatBytes(n) },
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, b) => (
              <Button size="small" icon={<RollbackOutlined />} loading={busy === b.name} disabled={busy !== null} onClick={() => void restoreListed(b)}>
                恢复
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
