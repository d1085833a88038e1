import { Flex, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { SystemVersionSummary } from '../../../../../shared/api/contracts/indicators';
import { STATE_LABELS } from '../../../../../shared/domain/indicators';
import { useOp } from '../../../api/queries';
import { DiffView } from './DiffView';

/** Two version selects and the diff between them. */
export function DiffPicker({ versions, initialFrom, initialTo }: { versions: SystemVersionSummary[]; initialFrom?: number; initialTo?: number }) {
  const [fromId, setFrom] = useState<number | undefined>(initialFrom ?? versions[1]?.id);
  const [toId, setTo] = useState<number | undefined>(initialTo ?? versions[0]?.id);
  const both = fromId !== undefined && toId !== undefined;
  // The error is shown in place (silent), where the diff would be.
  const diff = useOp('indicators.diff', { fromId: fromId ?? 0, toId: toId ?? 0 }, { enabled: both, keepPrevious: true, silent: true });
  const target = useOp('indicators.get', { id: toId ?? 0 }, { enabled: toId !== undefined, keepPrevious: true });
  const options = versions.map((v) => ({ value: v.id, label: `第 ${v.version} 版（${STATE_LABELS[v.state]}）` }));
  return (
    <>
      <Flex gap={12} align="center" style={{ marginBottom: 16 }}>
        <Typography.Text>从</Typography.Text>
        <Select style={{ width: 200 }} value={fromId} options={options} onChange={setFrom} aria-label="原版本" />
        <Typography.Text>到</Typography.Text>
        <Select style={{ width: 200 }} value={toId} options={options} onChange={setTo} aria-label="新版本" />
      </Flex>
      {both && diff.isPending ? (
        <Spin />
      ) : diff.error ? (
        <Typography.Text type="danger">{diff.error.message}</Typography.Text>
      ) : (
        diff.data && <DiffView diff={diff.data} system={target.data?.system} />
      )}
    </>
  );
}
