import { Alert, Drawer, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useState } from 'react';
import { SCORE_KIND_LABELS, type ScoreHistoryEntry, type ScoreRow } from '../../../../shared/api/contracts/scoring';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { useOp } from '../../api/queries';

/** Which scores the drawer lists: all, or one scorer's (初评, 最终得分, an expert by name). */
type Scope = 'all' | 'office' | 'final' | `expert:${string}`;

const scopeOf = (h: ScoreHistoryEntry): Scope => (h.kind === 'expert' ? `expert:${h.expert ?? ''}` : h.kind);
const scorer = (h: ScoreHistoryEntry) => (h.kind === 'expert' ? `专家 ${h.expert ?? ''}` : SCORE_KIND_LABELS[h.kind]);

/**
 * 修改记录 of one leaf of a unit (scoring.history): every score given — 初评, each expert's, the
 * 最终得分 — newest first, with the answer in words (撤回 included), 备注, who entered it and when,
 * and the evidence viewed. Opened from a cell it shows that cell's scores; the scope can be widened.
 */
export function HistoryDrawer({ unitId, row, initialScope, onClose }: { unitId: number; row: ScoreRow; initialScope: Scope; onClose: () => void }) {
  const history = useOp('scoring.history', { unitId, nodeId: row.nodeId }, { silent: true });
  const [scope, setScope] = useState<Scope>(initialScope);
  const entries = (history.data ?? []).filter((h) => scope === 'all' || scopeOf(h) === scope);
  const withEvidence = entries.some((h) => h.evidenceViewed.length > 0);

  const columns: ColumnsType<ScoreHistoryEntry> = [
    { title: '时间', key: 'at', width: 150, render: (_, h) => formatDateTime(h.at) },
    ...(scope === 'all' ? [{ title: '评分', key: 'kind', width: 120, render: (_: unknown, h: ScoreHistoryEntry) => scorer(h) }] : []),
    { title: '评定', key: 'text', width: 110, render: (_, h) => (h.answer ? h.text : <Typography.Text type="secondary">{h.text}</Typography.Text>) },
    { title: '备注', key: 'note', render: (_, h) => h.note || <Typography.Text type="secondary">—</Typography.Text> },
    { title: '录入人', dataIndex: 'by', key: 'by', width: 90 },
    ...(withEvidence ? [{ title: '查看的佐证', key: 'evidence', width: 180, render: (_: unknown, h: ScoreHistoryEntry) => <span data-user-text>{h.evidenceViewed.join('、') || '—'}</span> }] : []),
  ];
  const experts = row.experts.map((e) => ({ value: `expert:${e.name}` as Scope, label: `专家 ${e.name}` }));

  return (
    <Drawer open title={`修改记录：${row.code} ${row.title}`} size={760} onClose={onClose} destroyOnHidden data-testid="score-history">
      <Flex vertical gap={12}>
        <Flex align="center" gap={8}>
          <Typography.Text>显示</Typography.Text>
          <Select<Scope>
            aria-label="显示哪些评分的记录"
            style={{ width: 200 }}
            value={scope}
            onChange={setScope}
            options={[{ value: 'all', label: '全部评分' }, { value: 'office', label: '初评' }, ...experts, { value: 'final', label: '最终得分' }]}
          />
        </Flex>
        {history.error && <Alert type="error" showIcon title="无法读取修改记录" description={history.error.message} />}
        <Table<ScoreHistoryEntry>
          // Two scores may share a time to the millisecond: the position in the list is the key.
          rowKey={(h) => entries.indexOf(h)}
          size="small"
          columns={columns}
          dataSource={entries}
          loading={history.isPending && !history.error}
          pagination={false}
          locale={{ emptyText: '还没有评分记录' }}
          data-testid="score-history-table"
        />
      </Flex>
    </Drawer>
  );
}

export type { Scope as HistoryScope };
