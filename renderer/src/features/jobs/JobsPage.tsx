import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Table, Typography } from 'antd';
import type { Job } from '../../../../shared/api/contracts/jobs';
import { PageHeader } from '../../components/PageHeader';
import { JobOutputs, JobProgress, JobResultSummary, JobStateTag, failureText, formatTime, isActive } from './JobView';
import { useJobs } from './use-jobs';

/**
 * 作业记录: every recorded job (batch exports, imports, backups), newest first, with
 * its state, progress, times, operator and files, kept current by the core's events. A running
 * job can be cancelled here; a job whose program exited shows 失败（程序已退出）.
 */
export function JobsPage() {
  const { jobs, cancel } = useJobs();
  return (
    <>
      <PageHeader title="作业记录" />
      <Card>
        <Typography.Paragraph type="secondary">
          批量导出、导入、立即备份等耗时的工作在后台运行，离开页面或刷新后仍可在这里查看进度和结果、取消或下载生成的文件。文件保存在数据目录中。
        </Typography.Paragraph>
        <Table<Job>
          data-testid="jobs-table"
          rowKey="id"
          loading={jobs === null}
          dataSource={jobs ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有作业记录' }}
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
            { title: '作业', dataIndex: 'title', render: (_, j) => <span data-testid="job-title">{j.title}</span> },
            { title: '状态', width: 200, render: (_, j) => <JobStateTag job={j} /> },
            { title: '进度', width: 220, render: (_, j) => <JobProgress job={j} size="small" /> },
            {
              title: '当前',
              render: (_, j) =>
                isActive(j) ? (j.message ?? '') : (failureText(j) ?? (j.folder ? `输出文件夹：数据目录/${j.folder}` : '')),
            },
            { title: '开始时间', width: 170, render: (_, j) => formatTime(j.startedAt ?? j.createdAt) },
            { title: '结束时间', width: 170, render: (_, j) => formatTime(j.finishedAt) },
            { title: '操作人', width: 110, dataIndex: 'operator' },
            { title: '文件', width: 80, render: (_, j) => `${j.outputs.length} 个` },
            {
              title: '',
              width: 90,
              render: (_, j) =>
                isActive(j) ? (
                  <Button size="small" danger icon={<StopOutlined />} onClick={() => cancel(j.id)} data-testid="job-cancel">
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
