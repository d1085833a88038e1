/**
 * The pieces a returned 填报包 and a stored revision are shown with, the same in the import's
 * preview and on a unit's submission page: problems (文件/工作表/行/列/说明), the self-evaluation,
 * the statistics, the diff against the previous revision, the evidence list and the refused files.
 */
import { Empty, Flex, List, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import type { AnswerView, FieldChange, PackageIssueDto, SubmissionChanges, SubmittedFile, SubmittedStatistic } from '../../../../../shared/api/contracts/rounds';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { answerLabel, noChanges, sortPackageIssues, statisticsBaseText } from './submission-view';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const pageOf = (n: number) => (n > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t: number) => `共 ${t} 条` } : false);

const issueColumns: ColumnsType<PackageIssueDto & { key: number }> = [
  {
    title: '类别',
    key: 'severity',
    width: 70,
    render: (_, i) => (i.severity === 'error' ? <Tag color="red">错误</Tag> : <Tag color="gold">提醒</Tag>),
  },
  // File, sheet and column letter are places in the school's files (as Excel shows them), hence data-user-text.
  { title: '文件', dataIndex: 'file', width: 200, ellipsis: true, render: (v: string) => (v ? <span data-user-text>{v}</span> : '（整个填报包）') },
  { title: '工作表', dataIndex: 'sheet', width: 90, render: (v?: string) => (v ? <span data-user-text>{v}</span> : dash) },
  { title: '行', dataIndex: 'row', width: 56, align: 'right', render: (v?: number) => v ?? dash },
  { title: '列', dataIndex: 'column', width: 70, render: (v?: string) => (v ? <span data-user-text>{v}</span> : dash) },
  { title: '说明', dataIndex: 'message' },
];

/** A package's errors and warnings, errors first, then by file, sheet, row and column: each cell can be found in Excel. */
export function IssuesTable({ issues, testId }: { issues: readonly PackageIssueDto[]; testId?: string }) {
  if (issues.length === 0) return <Typography.Text type="secondary">没有发现问题。</Typography.Text>;
  return <Table data-testid={testId} size="small" columns={issueColumns} dataSource={sortPackageIssues(issues).map((i, key) => ({ ...i, key }))} pagination={pageOf(issues.length)} />;
}

/**
 * The self-evaluation, one row per leaf: 编码 名称, 自评结果 (in words), 自评说明. With `changed`
 * (labels of the indicators this revision changed), those rows carry 本版修改. With `action`, each
 * row ends with what it returns (the unit page's 提出意见). `issuesTab` is the name of the tab
 * beside it that lists the unfilled indicators (the import's 问题, the unit page's 提醒): the note
 * points there by the name the user sees.
 */
export function AnswersTable({
  answers,
  issuesTab,
  changed,
  testId,
  action,
}: {
  answers: readonly AnswerView[];
  issuesTab: string;
  changed?: ReadonlySet<string>;
  testId?: string;
  action?: (a: AnswerView) => ReactNode;
}) {
  if (answers.length === 0) return <Empty description="没有自评内容" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const filled = answers.filter((a) => a.answer).length;
  const columns: ColumnsType<AnswerView> = [
    {
      title: '指标',
      key: 'indicator',
      width: 320,
      render: (_, a) => (
        <Flex gap={6} align="center" wrap>
          <span>{answerLabel(a)}</span>
          {changed?.has(answerLabel(a)) && (
            <Tag color="blue" data-testid="answer-changed">
              本版修改
            </Tag>
          )}
        </Flex>
      ),
    },
    { title: '自评结果', dataIndex: 'answer', width: 130, render: (v: string) => v || <Typography.Text type="warning">未填写</Typography.Text> },
    { title: '自评说明', dataIndex: 'explanation', render: (v: string) => v || dash },
    ...(action ? [{ title: '操作', key: 'action', width: 100, render: (_: unknown, a: AnswerView) => action(a) }] : []),
  ];
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" data-testid="answers-summary">
        {/* The package holds only the indicators the school wrote something for: the ones left blank are listed beside, as warnings. */}
        已填写 {filled} 项{filled < answers.length ? `，未填写 ${answers.length - filled} 项` : ''}（未填写自评结果的指标在“{issuesTab}”中逐项列出）
      </Typography.Text>
      <Table<AnswerView> data-testid={testId} size="small" rowKey="nodeId" columns={columns} dataSource={[...answers]} pagination={pageOf(answers.length)} />
    </Flex>
  );
}

type StatRow = SubmittedStatistic;

/**
 * The statistics the school confirmed or corrected (数据项 with unit, 本年数值, 说明); `changed` marks
 * fields this revision changed; `action` ends each row (the unit page's 提出意见).
 */
export function StatisticsTable({ statistics, changed, testId, action }: { statistics: readonly StatRow[]; changed?: ReadonlySet<string>; testId?: string; action?: (s: StatRow) => ReactNode }) {
  if (statistics.length === 0) return <Empty description="没有统计数据" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const columns: ColumnsType<StatRow> = [
    {
      title: '数据项',
      dataIndex: 'label',
      width: 320,
      render: (v: string) => (
        <Flex gap={6} align="center" wrap>
          <span>{v}</span>
          {changed?.has(v) && <Tag color="blue">本版修改</Tag>}
        </Flex>
      ),
    },
    { title: '本年数值', dataIndex: 'value', width: 140, align: 'right' },
    { title: '说明', dataIndex: 'note', render: (v: string) => v || dash },
    ...(action ? [{ title: '操作', key: 'action', width: 100, render: (_: unknown, s: StatRow) => action(s) }] : []),
  ];
  return <Table<StatRow> data-testid={testId} size="small" rowKey="label" columns={columns} dataSource={[...statistics]} pagination={pageOf(statistics.length)} />;
}

const changeColumns = (what: string): ColumnsType<FieldChange> => [
  { title: what, dataIndex: 'label', width: 300 },
  { title: '原内容', dataIndex: 'before', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
  { title: '新内容', dataIndex: 'after', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
];

function FileNames({ title, names, color, testId }: { title: string; names: readonly string[]; color: string; testId: string }) {
  if (names.length === 0) return null;
  return (
    <Flex vertical gap={4} data-testid={testId}>
      <Typography.Text strong>
        {title}（{names.length}）
      </Typography.Text>
      <Flex gap={6} wrap>
        {names.map((n) => (
          <Tag key={n} color={color} data-user-text>
            {n}
          </Tag>
        ))}
      </Flex>
    </Flex>
  );
}

/**
 * What a package would change (or a revision changed) against the unit's previous revision:
 * indicators 原内容 → 新内容, statistics field by field with what they are compared with (the
 * previous revision, or for a first revision the register), evidence added, changed and removed.
 */
export function ChangesView({ changes, first }: { changes: SubmissionChanges | null; first?: string }) {
  if (!changes) return <Typography.Text type="secondary">{first ?? '这是该单位的第一版，没有可比较的上一版。'}</Typography.Text>;
  if (noChanges(changes)) return <Typography.Text type="secondary">与上一版相比没有变化。</Typography.Text>;
  return (
    <Flex vertical gap={16} data-testid="changes">
      {changes.indicators.length > 0 && (
        <Flex vertical gap={4}>
          <Typography.Text strong>
            {/* A first revision has no revision before it: every answer is new. */}
            {changes.statisticsBase === 'previous' ? `自评（与上一版相比，${changes.indicators.length} 项有变化）` : `自评（首次提交，填写了 ${changes.indicators.length} 项）`}
          </Typography.Text>
          <Table<FieldChange> data-testid="changes-indicators" size="small" rowKey="label" columns={changeColumns('指标')} dataSource={changes.indicators} pagination={pageOf(changes.indicators.length)} />
        </Flex>
      )}
      {changes.statistics.length > 0 && (
        <Flex vertical gap={4}>
          <Typography.Text strong>
            统计数据（{statisticsBaseText(changes.statisticsBase)}，{changes.statistics.length} 项有变化）
          </Typography.Text>
          <Table<FieldChange> data-testid="changes-statistics" size="small" rowKey="label" columns={changeColumns('数据项')} dataSource={changes.statistics} pagination={pageOf(changes.statistics.length)} />
        </Flex>
      )}
      <FileNames title="新增的佐证材料" names={changes.evidenceAdded} color="green" testId="evidence-added" />
      <FileNames title="内容有变更的佐证材料" names={changes.evidenceChanged} color="gold" testId="evidence-changed" />
      <FileNames title="删除的佐证材料" names={changes.evidenceRemoved} color="red" testId="evidence-removed" />
    </Flex>
  );
}

/** The received files of a package before it is stored: indicator, name, size (nothing to open yet). */
export function FilesTable({ files, testId }: { files: readonly SubmittedFile[]; testId?: string }) {
  if (files.length === 0) return <Typography.Text type="secondary">没有佐证材料。</Typography.Text>;
  const columns: ColumnsType<SubmittedFile> = [
    { title: '指标', dataIndex: 'indicator', width: 280 },
    { title: '文件', dataIndex: 'name', render: (v: string) => <span data-user-text>{v}</span> },
    { title: '大小', dataIndex: 'bytes', width: 110, align: 'right', render: (v: number) => formatBytes(v) },
  ];
  // Counted above the table, with the report, by filesSummary (the same words as on the unit's page).
  return <Table<SubmittedFile> data-testid={testId} size="small" rowKey="path" columns={columns} dataSource={[...files]} pagination={pageOf(files.length)} />;
}

/** Files of a package that were not received (programs, shortcuts, archives, …), each with why. */
export function RefusedFiles({ refused }: { refused: readonly { path: string; reason: string }[] }) {
  if (refused.length === 0) return <Typography.Text type="secondary">没有未接收的文件。</Typography.Text>;
  return (
    <List
      size="small"
      bordered
      data-testid="refused-files"
      dataSource={[...refused]}
      renderItem={(r) => (
        <List.Item>
          <Flex vertical>
            <Typography.Text data-user-text>{r.path}</Typography.Text>
            <Typography.Text type="danger">{r.reason}</Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}
