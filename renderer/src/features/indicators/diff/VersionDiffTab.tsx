import { Empty, Spin } from 'antd';
import { useOp } from '../../../api/queries';
import { DiffPicker } from './DiffPicker';

/** The editor's 版本对比 tab: this version against the one it was copied from (or the previous one). */
export function VersionDiffTab({ systemKey, id, basedOnVersion }: { systemKey: string; id: number; basedOnVersion: number | null }) {
  const list = useOp('indicators.list', {});
  if (list.isPending) return <Spin />;
  const versions = list.data?.find((f) => f.key === systemKey)?.versions ?? [];
  if (versions.length < 2) return <Empty description="该体系只有一个版本，暂无可对比的版本" />;
  const self = versions.find((v) => v.id === id);
  const base = versions.find((v) => v.version === basedOnVersion) ?? versions.find((v) => self && v.version < self.version) ?? versions.find((v) => v.id !== id);
  return <DiffPicker versions={versions} initialFrom={base?.id} initialTo={id} />;
}
