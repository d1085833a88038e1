import { Popover, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { StatHistoryEntry, StatSource } from '../../../../../shared/api/contracts/statistics';
import type { StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { formatDate } from '../../../../../shared/domain/text/datetime';
import { historyValue, sourceDetail, sourceLabel } from './stat-source';

const COLOR: Record<StatSource['kind'], string | undefined> = { manual: 'blue', grid: 'cyan', import: 'green', override: 'orange', submission: 'purple', demo: 'default', legacy: undefined };

/**
 * Where a field's stored value came from (a small tag under the field); clicking it lists the
 * values the field had before, each with its source and time.
 */
export function StatSourceTag({ def, source, history }: { def: StatFieldDef; source: StatSource | undefined; history: readonly StatHistoryEntry[] }) {
  if (!source && history.length === 0) return null;
  const content = (
    <div style={{ maxWidth: 420 }} data-testid={`stat-history-${def.key}`}>
      {history.length === 0 ? (
        <Typography.Text type="secondary">没有记录</Typography.Text>
      ) : (
        <Timeline
          items={history.map((h, i) => ({
            key: h.id,
            color: i === 0 ? 'blue' : 'gray',
            content: (
              <div>
                <Typography.Text strong={i === 0}>{historyValue(h.value, def.unit)}</Typography.Text>
                {i === 0 && <Typography.Text type="secondary">（现值）</Typography.Text>}
                <div>
                  <Typography.Text type="secondary">{sourceDetail(h)}</Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
  return (
    <Popover trigger="click" title={`${def.label}的历史`} content={content}>
      <Tooltip title={source ? `${sourceDetail(source)}（点击查看历史）` : '点击查看历史'}>
        <Tag color={source ? COLOR[source.kind] : undefined} style={{ cursor: 'pointer', marginTop: 2 }} data-testid={`stat-source-${def.key}`} role="button" aria-label={`${def.label}的来源和历史`}>
          {source ? sourceLabel(source) : `已清空 ${formatDate(history[0].at)}`}
        </Tag>
      </Tooltip>
    </Popover>
  );
}
