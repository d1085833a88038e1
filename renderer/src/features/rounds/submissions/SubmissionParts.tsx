/**
 * The pieces a returned 填报包 and a stored revision are shown with, the same in the import's
 * preview and on a unit's submission page: problems (文件/工作表/行/列/说明), the self-evaluation,
 * the statistics, the diff against the previous revision, the evidence list and the refused files.
 */
import { Empty, Flex, List, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { ISSUE_GROUP_LABELS, type AnswerView, type FieldChange, type PackageIssueDto, type SubmissionChanges, type SubmittedFile, type SubmittedStatistic } from '../../../../../shared/api/contracts/rounds';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { answerLabel, foldIssues, issuesSummary, noChanges, statisticsBaseText, type FoldedIssueGroup } from './submission-view';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const pageOf = (n: number) => (n > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t: number) => `共 ${t} 条` } : false);

/**
 * One line of a problem list: an issue, or a kind of warning folded into one line (`group`) whose
 * items are its tree children (antd's tree data: they open under it in the same columns, so each
 * still names file, sheet, row and column).
 */
interface IssueRow {
  key: string;
  issue?: PackageIssueDto;
  group?: FoldedIssueGroup;
  children?: IssueRow[];
}

const placeCell = (r: IssueRow) => ({ colSpan: r.group ? 0 : 1 });

const issueColumns: ColumnsType<IssueRow> = [
  {
    title: '类别',
    key: 'severity',
    // Wide enough for the expand button of a folded line beside its tag.
    width: 104,
    render: (_, r) => (r.issue?.severity === 'error' ? <Tag color="red">错误</Tag> : <Tag color="gold">提醒</Tag>),
  },
  // File, sheet and column letter are places in the school's files (as Excel shows them), hence data-user-text.
  // A folded line has no one place: its title and count span the place and message columns.
  {
    title: '文件',
    key: 'file',
    width: 200,
    ellipsis: true,
    onCell: (r) => ({ colSpan: r.group ? 5 : 1 }),
    render: (_, r) =>
      r.group ? (
        <Typography.Text strong data-testid="issue-group">
          {r.group.title}（{r.group.issues.length} 项）
        </Typography.Text>
      ) : r.issue?.file ? (
        <span data-user-text>{r.issue.file}</span>
      ) : (
        '（整个填报包）'
      ),
  },
  { title: '工作表', key: 'sheet', width: 90, onCell: placeCell, render: (_, r) => (r.issue?.sheet ? <span data-user-text>{r.issue.sheet}</span> : dash) },
  { title: '行', key: 'row', width: 56, align: 'right', onCell: placeCell, render: (_, r) => r.issue?.row ?? dash },
  { title: '列', key: 'column', width: 70, onCell: placeCell, render: (_, r) => (r.issue?.column ? <span data-user-text>{r.issue.column}</span> : dash) },
  { title: '说明', key: 'message', onCell: placeCell, render: (_, r) => r.issue?.message },
];

/** The rows of a problem list: errors, then warnings of no kind, one by one; then one folded line per kind of warning. */
function issueRows(issues: readonly PackageIssueDto[]): IssueRow[] {
  const fold = foldIssues(issues);
  const single = [...fold.errors, ...fold.warnings].map((issue, i) => ({ key: `i${i}`, issue }));
  const groups = fold.groups.map((group) => ({ key: `g-${group.group}`, group, children: group.issues.map((issue, i) => ({ key: `g-${group.group}-${i}`, issue })) }));
  return [...single, ...groups];
}

/**
 * A package's errors and warnings under a one-line count (issuesSummary): errors first, then the
 * warnings of no kind, each by file, sheet, row and column so each cell can be found in Excel;
 * then each kind of frequent warning (39 未填写自评结果…) as one line with its count that opens to
 * its items.
 */
export function IssuesTable({ issues, testId }: { issues: readonly PackageIssueDto[]; testId?: string }) {
  if (issues.length === 0) return <Typography.Text type="secondary">没有发现问题。</Typography.Text>;
  const rows = issueRows(issues);
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" data-testid="issues-summary">
        {issuesSummary(foldIssues(issues))}
      </Typography.Text>
      {/* Paged by lines: a folded kind is one line however many items it opens to. */}
      <Table<IssueRow> data-testid={testId} size="small" columns={issueColumns} dataSource={rows} pagination={pageOf(rows.length)} expandable={{ expandRowByClick: true }} />
    </Flex>
  );
}

/**
 * The self-evaluation, one row per leaf: 编码 名称, 自评结果 (in words), 自评说明. With `changed`
 * (labels of the indicators this revision changed), those rows carry 本版修改. With `action`, each
 * row ends with what it returns (the unit page's 提出意见). `issuesTab` is the name of the tab
 * beside it that lists the unfilled indicators (the import's 问题, the unit page's 提醒): the note
 * points there, and to the folded line they are under, by the names the user sees.
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
        {/* The package holds only the indicators the school wrote something for: the ones left blank are listed beside, as warnings folded under their kind's title. */}
        已填写 {filled} 项{filled < answers.length ? `，未填写 ${answers.length - filled} 项` : ''}（未填写自评结果的指标在“{issuesTab}”的“{ISSUE_GROUP_LABELS.noAnswer}”一行中逐项列出）
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
            {changes.statisticsBase === 'previous' ? `自评（与上一版相比，${changes.indicators.length} 项有变化）` : `自评（首次提交，${changes.indicators.length} 项填写了自评结果或说明）`}
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
