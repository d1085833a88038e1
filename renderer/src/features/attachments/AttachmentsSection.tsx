import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { DeleteOutlined, DownloadOutlined, InboxOutlined, PaperClipOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENT_TYPES_TEXT, MAX_ATTACHMENT_BYTES, type Attachment, type AttachmentsAddResult } from '../../../../shared/api/contracts/attachments';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { call } from '../../api/client';
import { domainsChangedBy, invalidateDomains, useOp, useOpMutation } from '../../api/queries';
import { FilePicker, type UploadState } from '../../components/FilePicker';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';
import { useJobRunner } from '../jobs/use-jobs';
import { personName } from '../operators/operator-session';

/** “12 MB / 40 MB（31%）”: how far an upload of one or more files has got. */
export function uploadText(p: UploadState): string {
  const percent = p.total > 0 ? Math.floor((p.sent / p.total) * 100) : 100;
  return `${formatBytes(p.sent)} / ${formatBytes(p.total)}（${percent}%）`;
}

/**
 * 佐证材料 of one school's year, shown below its statistics: the files (name, size, when, by whom),
 * totals, adding by click or drag-and-drop (several at once, with the upload's progress in bytes and
 * the saving's progress per file), download, and removal of one or several files after a
 * confirmation. Files travel by reference: the picker stages them, the core copies them into its store.
 */
export function AttachmentsSection({ schoolId, schoolName, year }: { schoolId: number; schoolName: string; year: number }) {
  const notify = useNotify();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useOp('attachments.list', { schoolId, year }, { silent: true });
  const [staging, setStaging] = useState(false);
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const download = useDownload('下载失败', '已保存');

  // Copying many large files takes a while: the add runs as a job (progress per file, 取消, 作业记录).
  const runner = useJobRunner({ errorTitle: '添加佐证材料失败' });
  const job = runner.job;
  const adding = staging || runner.starting || job !== null;

  const add = async (files: StagedFile[]) => {
    const final = await runner.run({ kind: 'attachments.add', parameters: { schoolId, year, files: files.map((f) => ({ ref: f.ref })) } }).catch(() => null);
    if (!final) return;
    if (final.state === '已取消') return void message.info('已取消添加，未记录任何文件');
    const r = final.result as AttachmentsAddResult | null;
    if (final.state !== '已完成' || !r) return notify.error(new Error(final.message ?? '添加未完成'), '添加佐证材料失败');
    // Nothing new (every file already there) is information, not success.
    if (r.added > 0) notify.success(r.message);
    else void message.info(r.message);
  };

  const remove = useOpMutation('attachments.remove', {
    success: (r) => `已删除佐证材料“${r.removed.fileName}”`,
    errorTitle: '删除失败',
    onSuccess: (_r, input) => setSelected((s) => s.filter((id) => id !== input.id)),
  });
  // Several at once: one after another, one message at the end; a refusal stops there and says which.
  const removeMany = useMutation<number, Error, Attachment[]>({
    mutationFn: async (files) => {
      for (const a of files) await call('attachments.remove', { id: a.id });
      return files.length;
    },
    meta: { errorTitle: '删除未全部完成', success: (n: number) => `已删除 ${n} 份佐证材料` },
    // Whatever was removed before a refusal is gone too: read the list again either way.
    onSettled: () => {
      setSelected([]);
      return invalidateDomains(client, domainsChangedBy('attachments.remove'));
    },
  });

  const data = list.data;
  const chosen = (data?.attachments ?? []).filter((a) => selected.includes(a.id));
  return (
    <section data-testid="attachments-section" aria-label={`佐证材料（${year} 年）`} style={{ marginTop: 32 }}>
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <PaperClipOutlined /> 佐证材料（{year} 年）
        </Typography.Title>
        {data && data.count > 0 && (
          <Typography.Text type="secondary" data-testid="attachments-totals">
            共 {data.count} 个文件，合计 {formatBytes(data.bytes)}
          </Typography.Text>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 12px' }}>
        保存{schoolName} {year} 年统计数据的佐证：扫描件、照片、PDF、表格等。相同内容的文件只保存一份。
      </Typography.Paragraph>
      <FilePicker accept={[...ATTACHMENT_ACCEPT]} multiple dragger title="选择佐证材料" disabled={adding} onPicked={add} onBusy={setStaging} onProgress={setUpload} data-testid="attachments-picker">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">
          {upload ? `正在上传${upload.files > 1 ? ` ${upload.files} 个文件` : ''}：${uploadText(upload)}` : adding ? '正在添加…' : '点击选择文件，或把文件拖到这里（可一次多个）'}
        </p>
        <p className="ant-upload-hint">
          可添加{ATTACHMENT_TYPES_TEXT}；单个文件不超过 {formatBytes(MAX_ATTACHMENT_BYTES)}
        </p>
      </FilePicker>
      {upload && (
        <Flex align="center" gap={12} style={{ marginTop: 12 }} data-testid="attachments-upload-progress">
          <Typography.Text type="secondary">正在上传：{uploadText(upload)}</Typography.Text>
          <Progress percent={upload.total > 0 ? Math.floor((upload.sent / upload.total) * 100) : 100} size="small" status="active" style={{ width: 220 }} aria-label="上传进度" />
          {upload.cancel && (
            <Button danger size="small" icon={<StopOutlined />} onClick={upload.cancel} data-testid="attachments-upload-cancel">
              取消上传
            </Button>
          )}
        </Flex>
      )}
      {job && (
        <Flex align="center" gap={12} style={{ marginTop: 12 }} data-testid="attachments-progress">
          <Typography.Text type="secondary">{job.message ?? '正在保存…'}</Typography.Text>
          <Progress percent={job.total ? Math.round((job.done / job.total) * 100) : 0} format={() => `${job.done}/${job.total} 个`} size="small" status="active" style={{ width: 220 }} aria-label="保存进度" />
          <Button size="small" danger onClick={runner.cancel}>
            取消
          </Button>
        </Flex>
      )}
      {list.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title="无法读取佐证材料" description={list.error.message} />}
      {chosen.length > 0 && (
        <Flex align="center" gap={8} style={{ marginTop: 12 }} data-testid="attachments-batch">
          <Typography.Text>已选 {chosen.length} 个文件</Typography.Text>
          <Popconfirm
            title={`删除所选的 ${chosen.length} 份佐证材料？`}
            description="删除后可重新添加；每份的删除都会记入操作日志。"
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => removeMany.mutateAsync(chosen).catch(() => undefined)}
          >
            <Button size="small" danger icon={<DeleteOutlined />} loading={removeMany.isPending}>
              删除所选
            </Button>
          </Popconfirm>
          <Button size="small" type="link" onClick={() => setSelected([])}>
            取消选择
          </Button>
        </Flex>
      )}
      <Table<Attachment>
        data-testid="attachments-table"
        style={{ marginTop: 12 }}
        rowKey="id"
        size="small"
        loading={list.isPending && !list.error}
        pagination={false}
        dataSource={data?.attachments ?? []}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (a) => ({ 'aria-label': `选择“${a.fileName}”` }),
        }}
        locale={{ emptyText: `${year} 年还没有佐证材料。把扫描件、照片或 PDF 拖到上方区域，或点击上方区域选择文件。` }}
        columns={[
          {
            title: '文件名',
            dataIndex: 'fileName',
            sorter: (a, b) => byPinyin(a.fileName, b.fileName),
            render: (name: string, a) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{name}</Typography.Text>
                {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
              </Space>
            ),
          },
          { title: '大小', dataIndex: 'bytes', width: 100, align: 'right', sorter: (a, b) => a.bytes - b.bytes, render: (b: number) => formatBytes(b) },
          { title: '添加时间', dataIndex: 'addedAt', width: 150, sorter: (a, b) => a.addedAt.localeCompare(b.addedAt), render: (v: string) => formatDateTime(v) },
          { title: '添加人', dataIndex: 'addedBy', width: 120, ellipsis: true, render: (v: string) => personName(v) },
          {
            title: '操作',
            key: 'actions',
            width: 150,
            render: (_, a) => (
              <Space>
                <Button type="link" size="small" icon={<DownloadOutlined />} loading={download.busy === String(a.id)} onClick={() => download.run(String(a.id), () => call('attachments.file', { id: a.id }))}>
                  下载
                </Button>
                <Popconfirm
                  title={`删除佐证材料“${a.fileName}”？`}
                  description="删除后可重新添加；删除会记入操作日志。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove.mutateAsync({ id: a.id }).catch(() => undefined)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={remove.isPending && remove.variables?.id === a.id}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </section>
  );
}
