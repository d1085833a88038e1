import { Alert, Flex, Tabs, Typography } from 'antd';
import { PACKAGE_VERDICT_LABELS, type PackagePreview } from '../../../../../shared/api/contracts/rounds';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { AnswersTable, ChangesView, FilesTable, IssuesTable, RefusedFiles, StatisticsTable } from './SubmissionParts';
import { filesSummary, filesTabLabel, importOutcome, REFUSED_FILES } from './submission-view';

const REASON_TYPE = { new: 'info', unchanged: 'info', conflict: 'warning', refused: 'error', error: 'error' } as const;

/** The name of the tab listing a package's problems; the self-evaluation's note points to it by this name. */
const ISSUES_TAB = '问题';

/**
 * One package of an import, opened from its row: why it got its verdict (a check) or what became of
 * it (an import, `committed`), its problems, the self-evaluation, the statistics, what it changes
 * against the unit's previous revision, the report and evidence it holds, and the files that were
 * not received.
 */
export function PackageDetail({ p, committed = false }: { p: PackagePreview; committed?: boolean }) {
  const read = p.verdict !== 'error';
  const items = [
    { key: 'issues', label: `${ISSUES_TAB}（${p.issues.length}）`, children: <IssuesTable issues={p.issues} testId="package-issues" /> },
    ...(read
      ? [
          { key: 'answers', label: `自评（${p.answers.length}）`, children: <AnswersTable answers={p.answers} issuesTab={ISSUES_TAB} testId="package-answers" /> },
          { key: 'statistics', label: `统计数据（${p.statistics.length}）`, children: <StatisticsTable statistics={p.statistics} testId="package-statistics" /> },
          {
            key: 'changes',
            label: '变化',
            children: <ChangesView changes={p.changes} first={p.verdict === 'unchanged' ? '与已导入的版本内容相同，没有变化。' : '不导入的填报包不与已有版本比较。'} />,
          },
          {
            key: 'evidence',
            label: filesTabLabel(p.evidence),
            children: (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary" data-testid="package-files-summary">
                  {filesSummary(p)}
                </Typography.Text>
                {p.report ? (
                  <Typography.Text data-testid="package-report">
                    学校自评报告：<span data-user-text>{p.report.name}</span>（{formatBytes(p.report.bytes)}）
                  </Typography.Text>
                ) : (
                  <Typography.Text type="warning">没有学校自评报告。</Typography.Text>
                )}
                <FilesTable files={p.evidence} testId="package-evidence" />
              </Flex>
            ),
          },
        ]
      : []),
    { key: 'refused', label: `${REFUSED_FILES}（${p.refused.length}）`, children: <RefusedFiles refused={p.refused} /> },
  ];
  return (
    <Flex vertical gap={8} data-testid="package-detail">
      <Reason p={p} committed={committed} />
      <Tabs size="small" items={items} defaultActiveKey={p.issues.some((i) => i.severity === 'error') || !read ? 'issues' : 'answers'} />
    </Flex>
  );
}

/** Why the package got its verdict (a check), or what the import did with it — a conflict's “请核对后选择” is moot once imported. */
function Reason({ p, committed }: { p: PackagePreview; committed: boolean }) {
  if (committed) {
    const o = importOutcome(p);
    return <Alert type={o.stored ? 'success' : 'info'} showIcon title={o.stored ? o.text : `${o.text}：${o.reason}`} data-testid="package-reason" />;
  }
  if (!p.reason) return null;
  return <Alert type={REASON_TYPE[p.verdict]} showIcon title={`${PACKAGE_VERDICT_LABELS[p.verdict]}：${p.reason}`} data-testid="package-reason" />;
}
