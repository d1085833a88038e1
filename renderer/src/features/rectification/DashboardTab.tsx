/**
 * 督办看板 (issue 14): the whole ledger at a glance on today's date — items per state, overdue and
 * due soon, per 督办 colour; every responsible unit with its open, overdue items and worst colour;
 * the items needing attention (overdue worst first, then due soon) and those the 数据复核 proposes
 * to close or found worse. A figure links to the ledger filtered to what it counts.
 */
import { Alert, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { Dashboard, RectificationItem } from '../../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATE_LABELS, RECTIFICATION_STATES } from '../../../../shared/domain/rectification/states';
import { SUPERVISION_LEVEL_LABELS } from '../../../../shared/domain/rectification/supervision';
import { useOp } from '../../api/queries';
import { LEVEL_TAG_COLORS, SUPERVISION_LEVELS, type LedgerFilterFields } from './ledger-view';
import { DeadlineCell, LevelTag, StateTag } from './ItemTags';

type Owners = Dashboard['owners'][number];

function Figure({ title, value, onClick, color, testId }: { title: string; value: number; onClick: () => void; color?: string; testId: string }) {
  return (
    <Card size="small" hoverable onClick={onClick} data-testid={testId}>
      <Statistic title={title} value={value} suffix="项" styles={color ? { content: { color } } : undefined} />
    </Card>
  );
}

function itemColumns(): import('antd/es/table/interface').ColumnsType<RectificationItem> {
  return [
    { title: '编号', key: 'number', width: 100, render: (_, r) => <Typography.Link href={`#/rectification/${r.id}`}>{r.number}</Typography.Link> },
    { title: '责任单位', dataIndex: 'ownerName', width: 160 },
    { title: '问题描述', dataIndex: 'problem', ellipsis: true },
    { title: '整改时限', key: 'deadline', width: 170, render: (_, r) => <DeadlineCell item={r} /> },
    { title: '状态', key: 'state', width: 120, render: (_, r) => <StateTag item={r} /> },
  ];
}

export function DashboardTab({ openLedger }: { openLedger: (f: LedgerFilterFields) => void }) {
  const board = useOp('rectification.dashboard', {}, { silent: true });
  if (board.error) return <Alert type="error" showIcon title="无法读取督办看板" description={board.error.message} />;
  if (!board.data) return <Skeleton active />;
  const d = board.data;
  if (d.counts.total === 0) {
    return (
      <Card>
        <Empty description="整改台账还没有事项。可从评估结果或差异系数测算生成，也可手工新增。" />
      </Card>
    );
  }
  const levelColor: Record<string, string> = { blue: '#1677ff', yellow: '#d48806', red: '#cf1322' };
  const ownerColumns: import('antd/es/table/interface').ColumnsType<Owners> = [
    { title: '责任单位', key: 'name', render: (_, o) => <Typography.Link onClick={() => openLedger({ owner: o.name })}>{o.name}</Typography.Link> },
    { title: '类别', key: 'kind', width: 80, render: (_, o) => (o.kind === 'school' ? '学校' : '部门') },
    { title: '事项', dataIndex: 'total', width: 70, align: 'right' },
    { title: '未销号', dataIndex: 'open', width: 80, align: 'right' },
    { title: '待核验', dataIndex: 'awaiting', width: 80, align: 'right' },
    { title: '已销号', dataIndex: 'closed', width: 80, align: 'right' },
    { title: '逾期', dataIndex: 'overdue', width: 70, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
    { title: '即将到期', dataIndex: 'dueSoon', width: 90, align: 'right' },
    { title: '督办等级', key: 'level', width: 110, render: (_, o) => <LevelTag level={o.level} /> },
  ];
  return (
    <Flex vertical gap={16} data-testid="rectification-dashboard">
      <Typography.Text type="secondary">
        按今天（{d.today}）计算；到期前 {d.rules.reminderDays} 天提醒，逾期 {d.rules.blueAfterDays} 天起蓝色督办、{d.rules.yellowAfterDays} 天起黄色督办、{d.rules.redAfterDays} 天起红色督办。点击数字查看对应事项。
      </Typography.Text>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6} xl={3}>
          <Figure title="全部事项" value={d.counts.total} onClick={() => openLedger({})} testId="count-total" />
        </Col>
        {RECTIFICATION_STATES.map((s) => (
          <Col xs={12} md={6} xl={3} key={s}>
            <Figure title={RECTIFICATION_STATE_LABELS[s]} value={d.counts.byState[s] ?? 0} onClick={() => openLedger({ state: s })} testId={`count-${s}`} />
          </Col>
        ))}
        <Col xs={12} md={6} xl={3}>
          <Figure title="逾期" value={d.counts.overdue} color={d.counts.overdue ? '#cf1322' : undefined} onClick={() => openLedger({ overdue: '1' })} testId="count-overdue" />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Figure title="即将到期" value={d.counts.dueSoon} color={d.counts.dueSoon ? '#d46b08' : undefined} onClick={() => openLedger({ soon: '1' })} testId="count-due-soon" />
        </Col>
      </Row>
      <Card size="small" title="三色督办">
        <Flex gap={24} wrap>
          {SUPERVISION_LEVELS.map((l) => (
            <Flex key={l} gap={8} align="center" style={{ cursor: 'pointer' }} onClick={() => openLedger({ level: l })} data-testid={`level-${l}`}>
              <Tag color={LEVEL_TAG_COLORS[l]}>{SUPERVISION_LEVEL_LABELS[l]}</Tag>
              <Typography.Text strong style={{ color: levelColor[l], fontSize: 18 }}>
                {d.counts.byLevel[l] ?? 0}
              </Typography.Text>
              <span>项</span>
            </Flex>
          ))}
        </Flex>
      </Card>
      <Card size="small" title="需要关注的事项（逾期、即将到期）">
        <Table<RectificationItem> rowKey="id" size="small" columns={itemColumns()} dataSource={d.attention} pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: '没有逾期或即将到期的事项' }} data-testid="attention-table" />
      </Card>
      {d.rechecked.length > 0 && (
        <Card size="small" title="数据复核结果（建议销号或情况变差）">
          <Table<RectificationItem>
            rowKey="id"
            size="small"
            data-testid="rechecked-table"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={d.rechecked}
            columns={[
              ...itemColumns().slice(0, 2),
              {
                title: '数据复核',
                key: 'recheck',
                render: (_, r) =>
                  r.recheck && (
                    <Flex vertical gap={2}>
                      <Tag color={r.recheck.outcome === 'worse' ? 'red' : r.recheck.outcome === 'met' ? 'green' : 'default'} style={{ width: 'fit-content' }}>
                        {r.recheck.outcome === 'worse' ? '情况变差' : r.recheck.outcome === 'met' ? '已达标，建议销号' : r.recheck.outcome === 'improved' ? '有所改善' : '未变化'}
                      </Tag>
                      <span>{r.recheck.text}</span>
                    </Flex>
                  ),
              },
              { title: '状态', key: 'state', width: 120, render: (_, r) => <StateTag item={r} /> },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="责任单位">
        <Table<Owners> rowKey="name" size="small" columns={ownerColumns} dataSource={d.owners} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="owners-table" />
      </Card>
    </Flex>
  );
}
