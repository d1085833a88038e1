import { Tag } from 'antd';
import { STATE_LABELS, type SystemState } from '../../../../shared/domain/indicators';

const COLORS: Record<SystemState, string> = { draft: 'gold', published: 'green', archived: 'default' };

export function StateTag({ state }: { state: SystemState }) {
  return (
    <Tag color={COLORS[state]} data-testid="state-tag">
      {STATE_LABELS[state]}
    </Tag>
  );
}
