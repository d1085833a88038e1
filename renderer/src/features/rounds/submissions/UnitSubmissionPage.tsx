import { UnitHistoryCard } from './UnitHistoryCard';
import { ArrowLeftOutlined, FileExcelOutlined, FileTextOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Select, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { SubmissionRevision, UnitSubmissions } from '../../../../../shared/api/contracts/rounds';
import { formatDateTime } from '../../../../../shared/domain/text/datetime';
import { useOp } from '../../../api/queries';
import { navigate } from '../../../app/navigation';
import { useUrlChoice, useUrlNumber } from '../../../app/url-state';
import { PageHeader } from '../../../components/PageHeader';
import { UnitStateTag } from '../UnitStateTags';
import { EvidenceViewer, ReceivedFile } from './EvidenceViewer';
import { AddQueryModal, QueriesCard } from './QueryDialogs';
import { ALL_EVIDENCE, queryBlocked, type TargetChoice } from './queries-view';
import { ReceiptButtons } from './ReceiptButtons';
import { UnitActions } from './ReturnModal';
import { AnswersTable, ChangesView, IssuesTable, RefusedFiles, StatisticsTable } from './SubmissionParts';
import { answerLabel, changedIndicators, changedStatistics, filesSummary, filesTabLabel, REFUSED_FILES } from './submission-view';

const TABS = ['answers', 'statistics', 'files', 'changes', 'warnings'] as const;
/** The name of the tab listing a revision's warnings; the self-evaluation's note points to it by this name. */
const WARNINGS_TAB = '提醒';
type Tab = (typeof TABS)[number];

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * One unit of a round and what it submitted (issue 11 item 7): who it is, its state, revisions and
 * deadlines; a revision chosen from all received (newest by default; the revision and the tab are
 * in the address) with its self-evaluation (rows this revision changed marked), statistics, the
 * 学校自评报告, the evidence by indicator (images and PDFs in place), the files of the package that
 * were not received (未接收的文件, with why), the warnings found on import (frequent kinds folded),
 * the diff against the revision before and where it came from, its 回执 (PDF, Excel); and the
 * office's 退回意见 — asked from a row of the newest revision (an indicator, a statistic) or for the
 * report and the evidence — with 退回修改 and 确认 in the header.
 */
export function UnitSubmissionPage({ roundId, unitId }: { roundId: number; unitId: number }) {
  const round = useOp('rounds.get', { id: roundId }, { silent: true });
  const subs = useOp('rounds.submissions', { unitId }, { silent: true });
  // The query being written, with what it is about; queries attach to the newest revision.
  const [asking, setAsking] = useState<TargetChoice | null>(null);
  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/rounds/${roundId}`)} aria-label="返回评估项目" />;

  const error = round.error ?? subs.error;
  if (error) {
    return (
      <>
        <PageHeader title="单位材料" back={back} />
        <Alert type="error" showIcon title="无法打开这个单位的材料" description={error.message} />
      </>
    );
  }
  if (!round.data || !subs.data) return <Skeleton active />;
  const { unit } = subs.data;
  const newest = subs.data.revisions[0];
  // Row actions only while a query can be added (a submission, not confirmed or forfeited).
  const ask = queryBlocked(unit) === null && newest ? setAsking : undefined;
  if (unit.roundId !== roundId) {
    return (
      <>
        <PageHeader title="单位材料" back={back} />
        <Alert type="warning" showIcon title={`评估项目“${round.data.name}”中没有这个单位`} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="unit-title">{unit.name}</span>}
        subtitle={`${round.data.name} · 报送编码 ${unit.code}`}
        extra={<UnitActions roundId={roundId} unit={unit} queries={subs.data.queries} />}
      />
      <Descriptions bordered size="small" column={3} data-testid="unit-summary">
        <Descriptions.Item label="状态">
          <UnitStateTag state={unit.state} />
        </Descriptions.Item>
        <Descriptions.Item label="当前版本">
          <span data-testid="unit-revision">{unit.revision ? `第 ${unit.revision} 版` : '尚未提交'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="逾期">{unit.late ? <Tag color="red">逾期提交</Tag> : '否'}</Descriptions.Item>
        <Descriptions.Item label="最近导入">{unit.lastImportAt ? formatDateTime(unit.lastImportAt) : dash}</Descriptions.Item>
        <Descriptions.Item label="填报包">{unit.packageVersion ? `已下发第 ${unit.packageVersion} 版${unit.issuedAt ? `（${formatDateTime(unit.issuedAt)}）` : ''}` : '尚未下发'}</Descriptions.Item>
        <Descriptions.Item label="待答复的意见">{unit.openQueries}</Descriptions.Item>
        {unit.forfeit && (
          <Descriptions.Item label="弃权" span={3}>
            {unit.forfeit.reason}（{unit.forfeit.by}，{formatDateTime(unit.forfeit.at)}）
          </Descriptions.Item>
        )}
      </Descriptions>
      <Revisions unitId={unitId} data={subs.data} onAsk={ask} />
      <QueriesCard unit={unit} queries={subs.data.queries} onAsk={() => setAsking({ kind: 'indicator', key: null })} />
      <UnitHistoryCard unitId={unitId} />
      {asking && newest && <AddQueryModal unit={unit} systemId={round.data.system.id} revision={newest} initial={asking} onClose={() => setAsking(null)} />}
    </>
  );
}

/** The revision chooser and the chosen revision; `onAsk` (queries allowed) gives the newest revision's rows 提出意见. */
function Revisions({ unitId, data, onAsk }: { unitId: number; data: UnitSubmissions; onAsk?: (t: TargetChoice) => void }) {
  const [rev, setRev] = useUrlNumber('rev', null);
  const [tab, setTab] = useUrlChoice<Tab>('tab', TABS, 'answers');
  const revisions = data.revisions;
  if (revisions.length === 0) {
    return (
      <Card style={{ marginTop: 16 }}>
        <Empty description="尚未收到该单位交回的填报材料" />
      </Card>
    );
  }
  // Newest by default; a revision the address names that does not exist reads as the newest too.
  const chosen = revisions.find((r) => r.revision === rev) ?? revisions[0];
  const newest = chosen === revisions[0];
  return (
    <Card style={{ marginTop: 16 }} styles={{ body: { paddingTop: 12 } }} data-testid="revision">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="center" gap={8}>
          <Typography.Text strong>查看版本</Typography.Text>
          <Select
            aria-label="查看版本"
            data-testid="revision-select"
            style={{ width: 320 }}
            value={chosen.revision}
            onChange={(v: number) => setRev(v === revisions[0].revision ? null : v)}
            options={revisions.map((r, i) => ({ value: r.revision, label: `第 ${r.revision} 版（${formatDateTime(r.receivedAt)} 收到${i === 0 ? '，最新' : ''}${r.late ? '，逾期' : ''}）` }))}
          />
        </Flex>
        {!newest && <Alert type="info" showIcon title={`这是较早的第 ${chosen.revision} 版，最新为第 ${revisions[0].revision} 版`} style={{ padding: '2px 12px' }} />}
        <ReceiptButtons unitId={unitId} revision={chosen.revision} />
      </Flex>
      <RevisionView unitId={unitId} revision={chosen} tab={tab} onTab={setTab} onAsk={newest ? onAsk : undefined} />
    </Card>
  );
}

/** A query action for a row or a part of the revision: 提出意见 about `target`. */
function AskButton({ label, target, onAsk, testId }: { label: string; target: TargetChoice; onAsk: (t: TargetChoice) => void; testId: string }) {
  return (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onAsk(target)} aria-label={label} data-testid={testId}>
      提出意见
    </Button>
  );
}

function RevisionView({ unitId, revision: r, tab, onTab, onAsk }: { unitId: number; revision: SubmissionRevision; tab: Tab; onTab: (t: Tab) => void; onAsk?: (t: TargetChoice) => void }) {
  const changedCount = r.changes ? r.changes.indicators.length + r.changes.statistics.length + r.changes.evidenceAdded.length + r.changes.evidenceChanged.length + r.changes.evidenceRemoved.length : 0;
  return (
    <Flex vertical gap={12} style={{ marginTop: 12 }}>
      <Descriptions size="small" column={2} data-testid="revision-source">
        <Descriptions.Item label="收到时间">{formatDateTime(r.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="导入人">{r.receivedBy}</Descriptions.Item>
        <Descriptions.Item label="来源">
          <span data-user-text>{r.sourceName}</span>
        </Descriptions.Item>
        <Descriptions.Item label="填报包">
          第 {r.packageVersion} 版{r.late ? <Tag color="red" style={{ marginInlineStart: 8 }}>逾期</Tag> : null}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(k) => onTab(k as Tab)}
        items={[
          {
            key: 'answers',
            label: `自评（${r.answers.length}）`,
            children: (
              <AnswersTable
                answers={r.answers}
                issuesTab={WARNINGS_TAB}
                changed={changedIndicators(r.changes)}
                testId="revision-answers"
                action={onAsk && ((a) => <AskButton label={`对“${answerLabel(a)}”提出意见`} target={{ kind: 'indicator', key: a.nodeId }} onAsk={onAsk} testId="ask-indicator" />)}
              />
            ),
          },
          {
            key: 'statistics',
            label: `统计数据（${r.statistics.length}）`,
            children: (
              <StatisticsTable
                statistics={r.statistics}
                changed={changedStatistics(r.changes)}
                testId="revision-statistics"
                action={onAsk && ((s) => <AskButton label={`对“${s.label}”提出意见`} target={{ kind: 'statistic', key: s.key }} onAsk={onAsk} testId="ask-statistic" />)}
              />
            ),
          },
          {
            key: 'files',
            label: filesTabLabel(r.evidence),
            children: (
              <Flex vertical gap={16}>
                {onAsk && (
                  <Flex gap={8} wrap>
                    <Button size="small" onClick={() => onAsk({ kind: 'report', key: null })} data-testid="ask-report">
                      对自评报告提出意见
                    </Button>
                    <Button size="small" onClick={() => onAsk({ kind: 'evidence', key: ALL_EVIDENCE })} data-testid="ask-evidence">
                      对佐证材料提出意见
                    </Button>
                  </Flex>
                )}
                <Typography.Text type="secondary" data-testid="revision-files-summary">
                  {filesSummary(r)}
                </Typography.Text>
                <Card size="small" title={<span><FileTextOutlined /> 学校自评报告</span>} data-testid="revision-report">
                  {r.report ? <ReceivedFile unitId={unitId} revision={r.revision} file={r.report} pdfOpen /> : <Typography.Text type="warning">本版没有学校自评报告。</Typography.Text>}
                </Card>
                {/* The workbook as the school returned it: the summary counts it, so it can be opened here. */}
                {r.workbook && (
                  <Card size="small" title={<span><FileExcelOutlined /> 自评表（学校交回的原件）</span>} data-testid="revision-workbook">
                    <ReceivedFile unitId={unitId} revision={r.revision} file={r.workbook} />
                  </Card>
                )}
                <EvidenceViewer unitId={unitId} revision={r.revision} files={r.evidence} />
                {/* Listed only when some were kept: revisions stored before the list was kept have none to show, which is not “none refused”. */}
                {r.refused.length > 0 && (
                  <Card
                    size="small"
                    title={
                      <span>
                        <StopOutlined /> {REFUSED_FILES}（{r.refused.length}）
                      </span>
                    }
                    data-testid="revision-refused"
                  >
                    <Flex vertical gap={8}>
                      <Typography.Text type="secondary">填报包中的这些文件没有接收保存，本页无法打开，原因见各文件下方。</Typography.Text>
                      <RefusedFiles refused={r.refused} />
                    </Flex>
                  </Card>
                )}
              </Flex>
            ),
          },
          {
            key: 'changes',
            // A first revision compares its statistics with the values its package was issued with.
            label: r.changes?.statisticsBase === 'issued' ? `与下发时比较（${changedCount}）` : r.changes ? `与上一版比较（${changedCount}）` : '与上一版比较',
            children: <ChangesView changes={r.changes} first="这是该单位的第一版，没有可比较的上一版。" />,
          },
          { key: 'warnings', label: `${WARNINGS_TAB}（${r.warnings.length}）`, children: <IssuesTable issues={r.warnings} testId="revision-warnings" /> },
        ]}
      />
      <Typography.Text type="secondary">
        本版合计：自评 {r.answers.filter((a) => a.answer).length} 项；{filesSummary(r)}。
      </Typography.Text>
    </Flex>
  );
}
