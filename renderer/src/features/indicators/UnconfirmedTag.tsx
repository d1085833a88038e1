import { Tag, Tooltip } from 'antd';
import { UNCONFIRMED_EXPLANATION, type IndicatorNode } from '../../../../shared/domain/indicators';

/**
 * The visible 待核实 mark of an indicator whose numbers or wording are not yet confirmed against
 * the official text: a tag whose tooltip is the item's own explanation for users (or the standard
 * one). Shown in the tree, the node drawer and the trial, so nobody relies on it unaware.
 */
export function UnconfirmedTag({ node }: { node: Pick<IndicatorNode, 'unconfirmed' | 'unconfirmedReason' | 'code'> }) {
  if (!node.unconfirmed) return null;
  const text = node.unconfirmedReason.trim() || UNCONFIRMED_EXPLANATION;
  return (
    <Tooltip title={text}>
      <Tag color="orange" style={{ width: 'fit-content', cursor: 'help' }} data-testid={`unconfirmed-${node.code}`} aria-label={`待核实：${text}`}>
        待核实
      </Tag>
    </Tooltip>
  );
}
