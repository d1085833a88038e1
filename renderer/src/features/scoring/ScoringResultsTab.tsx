import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import { RESULT_STATE_LABELS, type ResultLine } from '../../../../shared/api/contracts/scoring';
import { saveResult } from '../../api/files';
import { useOp, useOpMutation } from '../../api/queries';
import { useUrlChoice } from '../../app/url-state';
import { ConclusionsButton, ConclusionsPanel } from './ConclusionsButton';
import { RoundReportButton, RoundReportPanel } from './RoundReportButton';
import { compareLines, linesInOrder } from './score-view';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const RANKING = ['all', 'byType'] as const;
type Ranking = (typeof RANKING)[number];

const STATE_COLORS: Record<ResultLine['state'], string | undefined> = { open: undefined, locked: 'green', forfeited: 'red' };

/** Change against the previous round, signed: “+0.5 分”, “−1 分”, “持平”. */
function changeText(p: NonNullable<ResultLine['previous']>): string {
  if (p.change === null) return p.note || '—';
  if (p.change === 0) return '持平';
  return `${p.change > 0 ? '+' : '−'}${Math.abs(p.change)} 分`;
}

/**
 * 结果: every unit of the round with its lock state, the stored result (total, grade, conclusion),
 * its rank by the round's tie rule — in the whole round or within its school type (in the address as
 * `ranking`) — and the change against the previous round of the same kind on the same system. Units
 * not locked are listed without a result; forfeited units carry the round's forfeit outcome and no rank.
 */
export function ScoringResultsTab({ round }: { round: RoundDetail }) {
  const [ranking, setRanking] = useUrlChoice<Ranking>('ranking', RANKING, 'all');
  const results = useOp('scoring.results', { roundId: round.id, byCategory: ranking === 'byType' }, { silent: true });
  const exporting = useOpMutation('scoring.exportResults', { errorTitle: '未能导出评分结果' });
  const lines = results.data?.lines ?? [];
  const locked = lines.filter((l) => l.result).length;

  const columns: ColumnsType<ResultLine> = [
    { title: '报送编码', dataIndex: 'unitCode', key: 'code', width: 110, sorter: (a, b) => a.unitCode.localeCompare(b.unitCode) },
    {
      title: '单位',
      key: 'name',
      render: (_, l) => (
        <Typography.Link href={`#/scoring/units/${l.unitId}`} data-testid="result-unit-link">
          {l.unitName}
        </Typography.Link>
      ),
    },
    { title: '类型', dataIndex: 'schoolType', key: 'type', width: 100 },
    { title: '状态', key: 'state', width: 90, render: (_, l) => <Tag color={STATE_COLORS[l.state]}>{RESULT_STATE_LABELS[l.state]}</Tag> },
    {
      title: '总分',
      key: 'total',
      width: 110,
      align: 'right',
      sorter: (a, b) => (a.result?.total ?? -Infinity) - (b.result?.total ?? -Infinity),
      render: (_, l) => (l.result?.total != null ? `${l.result.total} / ${l.result.maxTotal}` : dash),
    },
    { title: '等级', key: 'grade', width: 90, render: (_, l) => l.result?.grade ?? dash },
    { title: '结论', key: 'conclusion', render: (_, l) => (l.result ? <span data-testid="result-line-conclusion">{l.result.conclusion}</span> : dash) },
    {
      title: ranking === 'byType' ? '类内名次' : '名次',
      key: 'rank',
      width: 110,
      defaultSortOrder: 'ascend',
      // Ranked within types: by type, then rank, so each type's ranking reads as one block.
      sorter: compareLines(ranking === 'byType'),
      render: (_, l) =>
        l.rank ? (
          <span data-testid="result-rank">
            {l.rank.rank} / {l.rank.of}
            {l.rank.tied ? '（并列）' : ''}
          </span>
        ) : (
          dash
        ),
    },
    ...(results.data?.previousRound
      ? [
          {
            title: '较上一轮',
            key: 'previous',
            width: 150,
            render: (_: unknown, l: ResultLine) =>
              l.previous ? (
                <span title={`${l.previous.roundName}：${l.previous.total ?? '弃权'} 分${l.previous.grade ? `，${l.previous.grade}` : ''}`} data-testid="result-change">
                  {changeText(l.previous)}
                </span>
              ) : (
                <Typography.Text type="secondary">上一轮未参评</Typography.Text>
              ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Segmented<Ranking>
          aria-label="排名范围"
          value={ranking}
          onChange={setRanking}
          options={[
            { value: 'all', label: '全部单位一起排名' },
            { value: 'byType', label: '按学校类型分别排名' },
          ]}
        />
        <Flex gap={12} align="center" wrap>
        <Button icon={<DownloadOutlined />} loading={exporting.isPending} onClick={() => void exporting.mutateAsync({ roundId: round.id, byCategory: ranking === 'byType' }).then((f) => saveResult(f))} data-testid="export-results">
          导出 Excel
        </Button>
        <ConclusionsButton round={round} />
        <RoundReportButton round={round} byCategory={ranking === 'byType'} />
        <Typography.Text type="secondary" data-testid="results-summary">
          已锁定 {locked} / {lines.length} 个单位{results.data ? ` · 并列规则：${results.data.tieRule}` : ''}
          {results.data?.previousRound ? ` · 对比：${results.data.previousRound}` : ''}
        </Typography.Text>
        </Flex>
      </Flex>
      {results.error && <Alert type="error" showIcon title="无法读取评分结果" description={results.error.message} />}
      <Table<ResultLine>
        data-testid="results-table"
        rowKey="unitId"
        size="middle"
        columns={columns}
        dataSource={linesInOrder(lines, ranking === 'byType')}
        loading={results.isPending && !results.error}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个单位` }}
        locale={{ emptyText: '没有参评单位', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序' }}
      />
      <ConclusionsPanel round={round} />
      <RoundReportPanel round={round} lines={results.data?.lines} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        总分相同（精确到 0.01 分）的单位名次并列；只有锁定的单位参加排名，弃权单位按本项目对弃权单位的处理得出结论，不参加排名。
      </Typography.Text>
    </Flex>
  );
}
