import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { JOB_KIND_LABELS, JobKind, JobState, type Job } from '../../../../shared/api/contracts/jobs';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { useUrlFields } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { personName } from '../operators/operator-session';
import { JobOutputs, JobProgress, JobResultSummary, JobStateTag, failureText, isActive } from './JobView';
import { useJobs } from './use-jobs';

const KINDS = JobKind.options;
const STATES = JobState.options;
const PAGE_SIZE = 20;
const startOf = (j: Job) => j.startedAt ?? j.createdAt;

/**
 * 作业记录: every recorded job (batch exports, imports, backups, evidence), newest first, with
 * its state, progress, times, operator and files, kept current by the core's events. Filters (kind,
 * state, words in the title), the order and the page live in the address, so a reload or the back
 * button keep them. Running jobs can be cancelled one by one or several at once; a job whose
 * program exited shows 失败（程序已退出）.
 */
export function JobsPage() {
  // One set of fields changed in one step (two setters in one event would undo each other).
  const [filters, setFilters] = useUrlFields(['kind', 'state', 'q', 'order', 'page']);
  const order = filters.order === 'asc' ? 'asc' : 'desc';
  const page = filters.page && /^[1-9]\d*$/.test(filters.page) ? Number(filters.page) : 1;
  const kind = KINDS.find((k) => k === filters.kind);
  const state = STATES.find((s) => s === filters.state);
  const { jobs, error, cancel, cancelling } = useJobs(kind);
  const [selected, setSelected] = useState<string[]>([]);

  const shown = useMemo(() => {
    const words = filters.q?.trim();
    const list = (jobs ?? []).filter((j) => (!state || j.state === state) && (!words || j.title.includes(words)));
    return order === 'asc' ? [...list].reverse() : list;
  }, [jobs, state, filters.q, order]);
  // Only jobs still running can be cancelled; a selection that finished meanwhile drops out.
  const cancellable = selected.filter((id) => jobs?.some((j) => j.id === id && isActive(j)));
  /** A filter change starts at page 1 again. */
  const filter = (patch: Parameters<typeof setFilters>[0]) => setFilters({ ...patch, page: undefined });
  const cancelSelected = async () => {
    for (const id of cancellable) await cancel(id);
    setSelected([]);
  };

  return (
    <>
      <PageHeader title="作业记录" />
      <Card>
        <Typography.Paragraph type="secondary">
          批量导出、导入、立即备份、添加佐证材料等耗时的工作在后台运行，离开页面或刷新后仍可在这里查看进度和结果、取消或下载生成的文件。文件保存在数据目录中。
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }} data-testid="jobs-filters">
          <Select
            aria-label="作业类型"
            placeholder="全部类型"
            allowClear
            style={{ width: 160 }}
            value={kind ?? null}
            onChange={(v?: JobKind) => filter({ kind: v })}
            options={KINDS.map((k) => ({ value: k, label: JOB_KIND_LABELS[k] }))}
          />
          <Select
            aria-label="作业状态"
            placeholder="全部状态"
            allowClear
            style={{ width: 130 }}
            value={state ?? null}
            onChange={(v?: JobState) => filter({ state: v })}
            options={STATES.map((s) => ({ value: s, label: s }))}
          />
          <Input.Search key={filters.q ?? ''} aria-label="搜索作业" placeholder="作业名称中的字词" allowClear style={{ width: 220 }} defaultValue={filters.q} onSearch={(v) => filter({ q: v.trim() })} />
          <Space style={{ marginLeft: 'auto' }}>
            {cancellable.length > 0 && (
              <Popconfirm
                title={`取消所选的 ${cancellable.length} 个作业？`}
                description="已生成的文件会保留；导入在写入前取消则不写入任何数据。"
                okText="取消作业"
                okButtonProps={{ danger: true }}
                cancelText="不取消"
                onConfirm={() => cancelSelected()}
              >
                <Button danger icon={<StopOutlined />} data-testid="jobs-cancel-selected">
                  取消所选（{cancellable.length}）
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Flex>
        {error && <Alert type="error" showIcon title="无法读取作业记录" description={error.message} style={{ marginBottom: 12 }} />}
        <Table<Job>
          data-testid="jobs-table"
          rowKey="id"
          size="middle"
          loading={jobs === null && !error}
          dataSource={shown}
          // Wide enough for every column; the job's name stays in view while the rest scrolls (1366×768).
          scroll={{ x: 1080 }}
          rowSelection={{
            selectedRowKeys: cancellable,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (j) => ({ disabled: !isActive(j), 'aria-label': `选择作业“${j.title}”` }),
            columnTitle: ' ',
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 个作业`,
            onChange: (p) => setFilters({ page: p === 1 ? undefined : String(p) }),
          }}
          onChange={(_p, _f, sorter, { action }) => {
            if (action !== 'sort') return;
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setFilters({ order: s?.order === 'ascend' ? 'asc' : undefined, page: undefined });
          }}
          locale={{ emptyText: jobs && jobs.length > 0 ? '没有符合条件的作业' : '还没有作业记录' }}
          expandable={{
            rowExpandable: (j) => j.outputs.length > 0 || j.errors.length > 0 || j.result !== null,
            expandedRowRender: (j) => (
              <Flex vertical gap={8}>
                <JobResultSummary job={j} />
                {j.errors.map((e) => (
                  <Alert key={e} type="error" showIcon title={e} />
                ))}
                <JobOutputs job={j} />
              </Flex>
            ),
          }}
          columns={[
            { title: '作业', key: 'title', fixed: 'left', width: 260, render: (_, j) => <span data-testid="job-title">{j.title}</span> },
            { title: '状态', key: 'state', width: 130, render: (_, j) => <JobStateTag job={j} /> },
            { title: '进度', key: 'progress', width: 170, render: (_, j) => <JobProgress job={j} size="small" /> },
            {
              title: '当前',
              key: 'now',
              ellipsis: true,
              // Files are downloaded from the expanded row; their folder inside the data directory is not for reading here.
              render: (_, j) => (isActive(j) ? (j.message ?? '') : (failureText(j) ?? (j.outputs.length > 0 ? '展开本行可下载生成的文件' : ''))),
            },
            {
              title: '时间',
              key: 'time',
              width: 170,
              sorter: true,
              sortOrder: order === 'asc' ? 'ascend' : 'descend',
              sortDirections: ['descend', 'ascend', 'descend'],
              render: (_, j) => (
                <Flex vertical>
                  <span title="开始时间">{formatDateTime(startOf(j))}</span>
                  {j.finishedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} title="结束时间">
                      至 {formatDateTime(j.finishedAt)}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            { title: '操作人', key: 'operator', width: 120, ellipsis: true, render: (_, j) => personName(j.operator) },
            { title: '文件', key: 'files', width: 64, render: (_, j) => `${j.outputs.length} 个` },
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              width: 84,
              render: (_, j) =>
                isActive(j) ? (
                  <Button size="small" danger icon={<StopOutlined />} loading={cancelling === j.id} onClick={() => void cancel(j.id)} data-testid="job-cancel">
                    取消
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
