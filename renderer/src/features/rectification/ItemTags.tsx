/** Small pieces every 整改台账 screen shows alike: the state tag, the 督办 colour tag, the deadline with its tag. */
import { Space, Tag, Typography } from 'antd';
import type { RectificationItem } from '../../../../shared/api/contracts/rectification';
import { SUPERVISION_LEVEL_LABELS } from '../../../../shared/domain/rectification/supervision';
import { deadlineTag, LEVEL_TAG_COLORS, STATE_TAG_COLORS, type SupervisionLevel } from './ledger-view';

export function StateTag({ item }: { item: Pick<RectificationItem, 'state' | 'stateLabel'> }) {
  return (
    <Tag color={STATE_TAG_COLORS[item.state]} data-testid="item-state">
      {item.stateLabel}
    </Tag>
  );
}

export function LevelTag({ level }: { level: SupervisionLevel | null }) {
  return level ? <Tag color={LEVEL_TAG_COLORS[level]}>{SUPERVISION_LEVEL_LABELS[level]}</Tag> : null;
}

/** 整改时限 with 逾期 (in its colour) or 即将到期, and the core's words on the days left. */
export function DeadlineCell({ item }: { item: Pick<RectificationItem, 'deadline' | 'state' | 'supervision'> }) {
  const tag = deadlineTag(item);
  if (!item.deadline) return <Typography.Text type="secondary">未定</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      <span>{item.deadline}</span>
      {tag && <Tag color={tag.color}>{tag.text}</Tag>}
      {item.state !== 'closed' && item.supervision.text && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.supervision.text}
        </Typography.Text>
      )}
    </Space>
  );
}
