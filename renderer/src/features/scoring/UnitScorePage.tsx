import { ArrowLeftOutlined, FileSearchOutlined, HistoryOutlined, InfoCircleOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Popconfirm, Segmented, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AdoptSuggestionsResult, RoundScoringSetup, ScoreRow, UnitScoreSheet } from '../../../../shared/api/contracts/scoring';
import { errorMessage } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { EvidenceDrawer } from './EvidenceDrawer';
import { HistoryDrawer, type HistoryScope } from './HistoryDrawer';
import { ResultCard } from './ResultCard';
import { OpinionsCard } from './OpinionsCard';
import { ScoreCell, type CellRef, type Editing } from './ScoreCell';
import { decided, refusalField, ruleText, rowsShown, sameAnswer, sheetCounts, SHOW, type Show } from './score-view';
import { WorksheetsButton } from './WorksheetsModal';
import './scoring.css';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/** Column widths: with three experts the sheet fits a 1440 window without scrolling sideways. */
const W = { code: 64, title: 200, points: 60, evidence: 56, self: 96, score: 96, reconciled: 160, final: 110, history: 48 };

/**
 * A unit's score sheet (`#/scoring/units/:id`): one row per applicable leaf of the round's frozen
 * system with 编码/指标, 分值, the school's 自评 (its explanation on hover), the office's 初评, each
 * expert's score, the 建议得分 the round's rule gives (its basis on hover; 需合议 in orange with
 * why), the 最终得分 (⚠ when far from the self-evaluation) and the leaf's 修改记录. A score cell
 * opens a small editor; leaves computed from statistics are greyed and not scored. The row filter
 * is in the address (`show`).
 */
export function UnitScorePage({ id }: { id: number }) {
  const sheet = useOp('scoring.sheet', { unitId: id }, { silent: true });
  const roundId = sheet.data?.roundId;
  const round = useOp('rounds.get', { id: roundId ?? 0 }, { silent: true, enabled: roundId !== undefined });
  const setup = useOp('scoring.setup', { roundId: roundId ?? 0 }, { silent: true, enabled: roundId !== undefined });
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(roundId ? `/scoring?round=${roundId}&tab=units` : '/scoring')} aria-label="返回评分单位列表" />
  );

  const error = sheet.error ?? round.error ?? setup.error;
  if (error) {
    return (
      <>
        <PageHeader title="评分表" back={back} />
        <Alert type="error" showIcon title="无法打开这个单位的评分表" description={error.message} />
      </>
    );
  }
  if (!sheet.data || !round.data || !setup.data) return <Skeleton active />;
  const r = round.data;
  const unit = r.units.find((u) => u.id === id);
  const ordered = [...r.units].sort((a, b) => a.code.localeCompare(b.code));
  const at = ordered.findIndex((u) => u.id === id);
  const prev = ordered[at - 1];
  const next = ordered[at + 1];

  return (
    <>
      <PageHeader
        back={back}
        title={<span data-testid="score-unit-title">{sheet.data.unitName}</span>}
        subtitle={
          <span data-testid="score-unit-subtitle">
            {r.name}
            {unit ? ` · 报送编码 ${unit.code}` : ''} · {sheet.data.revision ? `学校自评取自第 ${sheet.data.revision} 版材料` : '尚未收到学校自评材料'}
          </span>
        }
        extra={
          <Space wrap>
            <Button icon={<FileSearchOutlined />} href={`#/rounds/${r.id}/units/${id}`}>
              查看单位材料
            </Button>
            {unit && unit.state !== 'forfeited' && <WorksheetsButton round={r} unitIds={[id]} />}
            <Button icon={<LeftOutlined />} disabled={!prev} onClick={() => prev && navigate(`/scoring/units/${prev.id}`)} title={prev ? `上一个单位：${prev.name}` : undefined}>
              上一个
            </Button>
            <Button disabled={!next} onClick={() => next && navigate(`/scoring/units/${next.id}`)} title={next ? `下一个单位：${next.name}` : undefined}>
              下一个 <RightOutlined />
            </Button>
          </Space>
        }
      />
      <ResultCard sheet={sheet.data} />
      <SheetTable sheet={sheet.data} setup={setup.data} />
      <OpinionsCard unitId={id} />
    </>
  );
}

function SheetTable({ sheet, setup }: { sheet: UnitScoreSheet; setup: RoundScoringSetup }) {
  const [show, setShow] = useUrlChoice<Show>('show', SHOW, 'all');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [history, setHistory] = useState<{ row: ScoreRow; scope: HistoryScope } | null>(null);
  const [evidenceOf, setEvidenceOf] = useState<ScoreRow | null>(null);
  // The open editor's guard (ScoreCell sets it): asked before the editor closes or another opens.
  const guardRef = useRef<() => Promise<boolean>>(async () => true);
  // While the guard asks, another cell clicked changes where to go once it answers; a click that
  // only closes (on the question's own buttons, outside the editor) does not.
  const wanted = useRef<Editing | null | undefined>(undefined);
  const request = useCallback((next: Editing | null) => {
    const asking = wanted.current !== undefined;
    if (asking) {
      if (next !== null) wanted.current = next;
      return;
    }
    wanted.current = next;
    void guardRef.current().then((ok) => {
      const target = wanted.current;
      wanted.current = undefined;
      if (ok) setEditing(target ?? null);
    });
  }, []);
  const openHistory = useCallback(
    (row: ScoreRow, cell: CellRef | null) => {
      void guardRef.current().then((ok) => {
        if (!ok) return;
        setEditing(null);
        const scope: HistoryScope = !cell ? 'all' : cell.kind === 'expert' ? `expert:${row.experts.find((e) => e.expertId === cell.expertId)?.name ?? ''}` : cell.kind;
        setHistory({ row, scope });
      });
    },
    [],
  );

  // 采用建议得分 saves at once; refused for want of a reason, the editor opens with the suggestion and the message.
  const adopt = useOpMutation('scoring.setScore', { silent: true, success: (r) => `“${r.code} ${r.title}”的最终得分已采用建议得分：${r.final?.text ?? ''}` });
  const [adoptError, setAdoptError] = useState<string | null>(null);
  const adoptSuggestion = async (row: ScoreRow) => {
    if (row.reconciled.state !== 'agreed') return;
    const answer = row.reconciled.answer;
    setAdoptError(null);
    if (!(await guardRef.current())) return;
    setEditing(null);
    try {
      await adopt.mutateAsync({ unitId: sheet.unitId, nodeId: row.nodeId, kind: 'final', answer, note: '' });
    } catch (e) {
      if (refusalField(e) === 'note') setEditing({ nodeId: row.nodeId, kind: 'final', preset: { answer, error: errorMessage(e) } });
      else setAdoptError(errorMessage(e));
    }
  };

  // 采用全部建议得分: every agreed suggestion without a final score, through setScore's rules (service).
  const adoptAll = useOpMutation('scoring.adoptSuggestions', { silent: true });
  const [adoptedAll, setAdoptedAll] = useState<AdoptSuggestionsResult | null>(null);
  const runAdoptAll = async () => {
    setAdoptError(null);
    setAdoptedAll(null);
    if (!(await guardRef.current())) return;
    setEditing(null);
    try {
      setAdoptedAll(await adoptAll.mutateAsync({ unitId: sheet.unitId }));
    } catch (e) {
      setAdoptError(errorMessage(e));
    }
  };
  const adoptable = sheet.rows.filter((r) => !r.computed && r.reconciled.state === 'agreed' && !r.final?.answer).length;

  const assigned = useMemo(() => new Map(setup.experts.map((x) => [x.expert.id, x.unitIds.includes(sheet.unitId)])), [setup.experts, sheet.unitId]);
  const counts = sheetCounts(sheet.rows);
  const rows = rowsShown(sheet.rows, sheet.forfeited ? 'all' : show);
  const experts = sheet.rows[0]?.experts ?? [];
  const threshold = setup.settings.departureThreshold;

  const cellProps = (row: ScoreRow, cell: CellRef) => ({
    unitId: sheet.unitId,
    row,
    cell,
    editing,
    onRequest: request,
    guardRef,
    onHistory: (c: CellRef) => openHistory(row, c),
    locked: row.computed
      ? '由统计数据计算得出，不需要评分'
      : sheet.forfeited
        ? '本单位已弃权，不评分'
        : sheet.lock?.locked
          ? '评分已锁定；如需修改，请先解锁并写明原因'
          : cell.kind === 'expert' && row.experts.find((e) => e.expertId === cell.expertId)?.inGroup === false
            ? '不在该专家负责的评估组中'
            : cell.kind === 'expert' && !assigned.get(cell.expertId!) ? '该专家已不再评估本单位，评分保留在记录中' : undefined,
  });

  const columns: ColumnsType<ScoreRow> = [
    { title: '编码', dataIndex: 'code', key: 'code', width: W.code, fixed: 'left' },
    {
      title: '指标',
      key: 'title',
      width: W.title,
      fixed: 'left',
      render: (_, row) => (
        <Flex vertical gap={0}>
          <span>{row.title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.method}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: '分值', key: 'points', width: W.points, align: 'right', render: (_, row) => (row.points ? `${row.points} 分` : dash) },
    {
      title: '佐证',
      key: 'evidence',
      width: W.evidence,
      align: 'center',
      render: (_, row) =>
        row.evidence.length ? (
          <Tooltip title={<span data-user-text>{row.evidence.map((f) => f.name).join('、')}</span>}>
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEvidenceOf(row)} data-testid={`evidence-${row.code}`} aria-label={`查看“${row.code} ${row.title}”的 ${row.evidence.length} 个佐证文件`}>
              {row.evidence.length} 个
            </Button>
          </Tooltip>
        ) : (
          dash
        ),
    },
    {
      title: '学校自评',
      key: 'self',
      width: W.self,
      render: (_, row) => {
        if (!row.self.text) return dash;
        if (!row.self.explanation) return <span data-testid="score-self">{row.self.text}</span>;
        return (
          <Tooltip title={`自评说明：${row.self.explanation}`}>
            <Space size={4} data-testid="score-self">
              {row.self.text}
              <InfoCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} aria-label="有自评说明" />
            </Space>
          </Tooltip>
        );
      },
    },
    { title: '初评', key: 'office', width: W.score, render: (_, row) => <ScoreCell {...cellProps(row, { nodeId: row.nodeId, kind: 'office' })} /> },
    ...experts.map((e) => ({
      title: <Tooltip title={assigned.get(e.expertId) ? '专家评分' : '该专家已不再评估本单位'}>{e.name}</Tooltip>,
      key: `expert-${e.expertId}`,
      width: W.score,
      render: (_: unknown, row: ScoreRow) => <ScoreCell {...cellProps(row, { nodeId: row.nodeId, kind: 'expert', expertId: e.expertId })} />,
    })),
    {
      title: '建议得分',
      key: 'reconciled',
      width: W.reconciled,
      render: (_, row) => {
        const rec = row.reconciled;
        if (row.computed || rec.state === 'none') return dash;
        if (rec.state === 'needs_decision' && decided(row)) {
          // Settled by the final score: no longer waiting for a decision, so not shown as one.
          return (
            <Flex vertical gap={2} data-testid={`reconciled-${row.code}`}>
              <span>
                <Tooltip title={row.final?.note ? `合议说明：${row.final.note}` : `已确定最终得分：${row.final?.text ?? ''}`}>
                  <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid={`decided-${row.code}`}>
                    已合议
                  </Tag>
                </Tooltip>
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {rec.message}
              </Typography.Text>
            </Flex>
          );
        }
        if (rec.state === 'needs_decision') {
          return (
            <Flex vertical gap={2} data-testid={`reconciled-${row.code}`}>
              <span>
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  需合议
                </Tag>
              </span>
              <span className="score-needs-decision">{rec.message}</span>
            </Flex>
          );
        }
        const adopted = sameAnswer(row.final?.answer, rec.answer);
        return (
          <Flex gap={6} align="center" wrap data-testid={`reconciled-${row.code}`}>
            <Tooltip title={rec.basis}>
              <Typography.Text strong>{rec.text}</Typography.Text>
            </Tooltip>
            {adopted ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                已采用
              </Typography.Text>
            ) : sheet.lock?.locked || sheet.forfeited ? null : (
              <Button size="small" type="link" style={{ padding: 0 }} loading={adopt.isPending && adopt.variables?.nodeId === row.nodeId} onClick={() => void adoptSuggestion(row)} data-testid={`adopt-${row.code}`}>
                采用建议得分
              </Button>
            )}
          </Flex>
        );
      },
    },
    {
      title: '最终得分',
      key: 'final',
      width: W.final,
      render: (_, row) => <ScoreCell {...cellProps(row, { nodeId: row.nodeId, kind: 'final' })} departure={row.departure} threshold={threshold} />,
    },
    {
      title: '记录',
      key: 'history',
      width: W.history,
      align: 'center',
      render: (_, row) => (row.computed ? null : <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={`${row.code} 修改记录`} onClick={() => openHistory(row, null)} data-testid={`history-${row.code}`} />),
    },
  ];

  return (
    <Card styles={{ body: { paddingTop: 12 } }}>
      {/* A forfeited unit is not scored: the filters and counts of scoring would contradict the card's 不评分. */}
      {!sheet.forfeited && (
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Segmented<Show>
          aria-label="显示哪些指标"
          data-testid="score-show"
          value={show}
          onChange={(v) => setShow(v)}
          options={[
            { value: 'all', label: `全部（${sheet.rows.length}）` },
            { value: 'pending', label: `未定最终得分（${counts.scorable - counts.final}）` },
            { value: 'decide', label: `需合议（${counts.needsDecision}）` },
          ]}
        />
        {!sheet.lock?.locked && (adoptable > 0 || adoptAll.isPending) && (
          <Popconfirm
            title={`采用 ${adoptable} 项的建议得分为最终得分？`}
            description="只处理专家评分一致、还没有最终得分的指标；与学校自评相差超过规定须写明理由的，留待逐项确定。"
            okText="采用"
            cancelText="取消"
            onConfirm={() => void runAdoptAll()}
          >
            <Button loading={adoptAll.isPending} data-testid="adopt-all">
              采用全部建议得分（{adoptable}）
            </Button>
          </Popconfirm>
        )}
        <Typography.Text type="secondary" data-testid="score-counts">
          已定最终得分 {counts.final} / {counts.scorable} 项
          {counts.departures > 0 ? ` · ${counts.departures} 项与学校自评相差超过 ${threshold} 分` : ''} · 汇总规则：{ruleText(setup.settings)}
        </Typography.Text>
      </Flex>
      )}
      {experts.length === 0 && !sheet.forfeited && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="本单位还没有分配评估专家"
          description={
            <span>
              可以先录入初评和最终得分；专家评分须先在
              <Typography.Link href={`#/scoring?round=${sheet.roundId}`}>专家与设置</Typography.Link>
              中分配专家。
            </span>
          }
        />
      )}
      {adoptedAll && (
        <Alert
          type={adoptedAll.skipped.length ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setAdoptedAll(null) }}
          style={{ marginBottom: 12 }}
          data-testid="adopt-all-result"
          title={`已采用 ${adoptedAll.adopted.length} 项建议得分${adoptedAll.skipped.length ? `；${adoptedAll.skipped.length} 项未采用，须逐项确定` : ''}`}
          description={
            adoptedAll.skipped.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {adoptedAll.skipped.map((x) => (
                  <li key={x.nodeId} data-testid="adopt-all-skipped">
                    {x.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {adoptError && <Alert type="error" showIcon closable={{ onClose: () => setAdoptError(null) }} title={adoptError} style={{ marginBottom: 12 }} />}
      <Table<ScoreRow>
        data-testid="score-sheet"
        rowKey="nodeId"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        bordered
        scroll={{ x: W.code + W.title + W.points + W.evidence + W.self + W.score * (1 + experts.length) + W.reconciled + W.final + W.history }}
        sticky
        rowClassName={(row) => (row.computed ? 'score-row-computed' : '')}
        locale={{ emptyText: show === 'decide' ? '没有需合议的指标' : show === 'pending' ? '全部指标都已确定最终得分' : '没有适用于本单位的指标' }}
      />
      {evidenceOf && <EvidenceDrawer unitId={sheet.unitId} revision={sheet.revision} row={evidenceOf} onClose={() => setEvidenceOf(null)} />}
      {history && <HistoryDrawer unitId={sheet.unitId} row={history.row} initialScope={history.scope} onClose={() => setHistory(null)} />}
    </Card>
  );
}
