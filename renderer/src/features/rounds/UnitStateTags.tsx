import { Flex, Tag } from 'antd';
import { UNIT_STATE_LABELS, UNIT_STATES, type UnitState } from '../../../../shared/domain/rounds/rounds';
import { UNIT_STATE_COLORS } from './round-view';

/** A unit's state as a coloured tag. */
export function UnitStateTag({ state }: { state: UnitState }) {
  return (
    <Tag color={UNIT_STATE_COLORS[state]} data-testid="unit-state">
      {UNIT_STATE_LABELS[state]}
    </Tag>
  );
}

/** Units per state as tags (“已下发 12”), states without units left out. */
export function UnitCountTags({ counts }: { counts: Partial<Record<UnitState, number>> }) {
  return (
    <Flex wrap gap={4}>
      {UNIT_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
        <Tag key={s} color={UNIT_STATE_COLORS[s]} style={{ marginInlineEnd: 0 }}>
          {UNIT_STATE_LABELS[s]} {counts[s]}
        </Tag>
      ))}
    </Flex>
  );
}
