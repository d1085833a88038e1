import { DeleteOutlined, DownloadOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Popconfirm, Progress, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENT_TYPES_TEXT, MAX_ATTACHMENT_BYTES, type Attachment, type AttachmentsAddResult } from '../../../../shared/api/contracts/attachments';
import type { Job } from '../../../../shared/api/contracts/jobs';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatBytes } from '../../../../shared/domain/text/bytes';
import { call } from '../../api/client';
import { saveResult } from '../../api/files';
import { useRemote } from '../../api/use-remote';
import { FilePicker } from '../../components/FilePicker';
import { useNotify } from '../../components/use-notify';
import { useJobRunner } from '../jobs/use-jobs';

/** Sizes as the 操作日志 and the CLI write them (one rule for all, shared/domain/text/bytes.ts). */
export const formatSize = formatBytes;

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/**
 * 佐证材料 of one school's year, shown below its statistics: the files (name, size, when, by whom),
 * totals, adding by click or drag-and-drop (several at once), download and removal. Files travel by
 * reference: the picker stages them, the core copies them into its store.
 */
export function AttachmentsSection({ schoolId, schoolName, year }: { schoolId: number; schoolName: string; year: number }) {
  const notify = useNotify();
  const { message } = App.useApp();
  const list = useRemote(() => call('attachments.list', { schoolId, year }), [schoolId, year]);
  const [adding, setAdding] = useState(false);
  const [busyId, setBusyId] = useState<number | null>(null);

  // Copying many large files takes a while: the add runs as a job (progress per file, 取消, 作业记录).
  const runner = useJobRunner();
  const job = runner.job;

  const add = async (files: StagedFile[]) => {
    setAdding(true);
    let final: Job;
    try {
      final = await runner.run({ kind: 'attachments.add', parameters: { schoolId, year, files: files.map((f) => ({ ref: f.ref })) } });
    } catch (e) {
      notify.error(e, '添加佐证材料失败');
      return;
    } finally {
      setAdding(false);
    }
    await list.reload();
    if (final.state === '已取消') return void message.info('已取消添加，未记录任何文件');
    const r = final.result as AttachmentsAddResult | null;
    if (final.state !== '已完成' || !r) return notify.error(new Error(final.message ?? '添加未完成'), '添加佐证材料失败');
    // Nothing new (every file already there) is information, not success.
    if (r.added > 0) notify.success(r.message);
    else void message.info(r.message);
  };

  const download = async (a: Attachment) => {
    setBusyId(a.id);
    try {
      await saveResult(await call('attachments.file', { id: a.id }));
    } catch (e) {
      notify.error(e, '下载失败');
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (a: Attachment) => {
    try {
      await call('attachments.remove', { id: a.id });
      notify.success(`已删除佐证材料“${a.fileName}”`);
      await list.reload();
    } catch (e) {
      notify.error(e, '删除失败');
    }
  };

  const data = list.data;
  return (
    <section data-testid="attachments-section" style={{ marginTop: 32 }}>
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <PaperClipOutlined /> 佐证材料（{year} 年）
        </Typography.Title>
        {data && data.count > 0 && (
          <Typography.Text type="secondary" data-testid="attachments-totals">
            共 {data.count} 个文件，合计 {formatSize(data.bytes)}
          </Typography.Text>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 12px' }}>
        保存{schoolName} {year} 年统计数据的佐证：扫描件、照片、PDF、表格等。相同内容的文件只保存一份。
      </Typography.Paragraph>
      <FilePicker accept={[...ATTACHMENT_ACCEPT]} multiple dragger title="选择佐证材料" disabled={adding} onPicked={add} onBusy={setAdding} data-testid="attachments-picker">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{adding ? '正在添加…' : '点击选择文件，或把文件拖到这里（可一次多个）'}</p>
        <p className="ant-upload-hint">
          可添加{ATTACHMENT_TYPES_TEXT}；单个文件不超过 {formatSize(MAX_ATTACHMENT_BYTES)}
        </p>
      </FilePicker>
      {job && (
        <Flex align="center" gap={12} style={{ marginTop: 12 }} data-testid="attachments-progress">
          <Typography.Text type="secondary">{job.message ?? '正在添加…'}</Typography.Text>
          <Progress percent={job.total ? Math.round((job.done / job.total) * 100) : 0} size="small" status="active" style={{ width: 220 }} />
          <Button size="small" danger onClick={runner.cancel}>
            取消
          </Button>
        </Flex>
      )}
      {list.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title="无法读取佐证材料" description={list.error} />}
      <Table<Attachment>
        data-testid="attachments-table"
        style={{ marginTop: 12 }}
        rowKey="id"
        size="small"
        loading={!data && !list.error}
        pagination={false}
        dataSource={data?.attachments ?? []}
        locale={{ emptyText: `${year} 年还没有佐证材料。把扫描件、照片或 PDF 拖到上方区域，或点击上方区域选择文件。` }}
        columns={[
          {
            title: '文件名',
            dataIndex: 'fileName',
            render: (name: string, a) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{name}</Typography.Text>
                {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
              </Space>
            ),
          },
          { title: '大小', dataIndex: 'bytes', width: 110, align: 'right', render: (b: number) => formatSize(b) },
          { title: '添加时间', dataIndex: 'addedAt', width: 180, render: localTime },
          { title: '添加人', dataIndex: 'addedBy', width: 120 },
          {
            title: '操作',
            key: 'actions',
            width: 150,
            render: (_, a) => (
              <Space>
                <Button type="link" size="small" icon={<DownloadOutlined />} loading={busyId === a.id} onClick={() => void download(a)}>
                  下载
                </Button>
                <Popconfirm
                  title={`删除佐证材料“${a.fileName}”？`}
                  description="删除后可重新添加；删除会记入操作日志。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove(a)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
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
