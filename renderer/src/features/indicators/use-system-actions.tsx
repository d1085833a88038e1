import { App } from 'antd';
import { useState } from 'react';
import type { SystemDetail, SystemVersionSummary } from '../../../../shared/api/contracts/indicators';
import { call } from '../../api/client';
import { navigate } from '../../app/hash-router';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';

type Summary = Pick<SystemVersionSummary, 'id' | 'name' | 'version' | 'errorCount'>;

/** Lifecycle actions shared by the list and the editor, each with confirmation and Chinese feedback. */
export function useSystemActions(onChanged: () => Promise<void> | void) {
  const notify = useNotify();
  const { modal } = App.useApp();
  const download = useDownload();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, work: () => Promise<unknown>, ok: string, title: string) => {
    setBusy(key);
    try {
      await work();
      notify.success(ok);
      await onChanged();
    } catch (e) {
      notify.error(e, title);
    } finally {
      setBusy(null);
    }
  };

  const label = (s: Summary) => `“${s.name}”第 ${s.version} 版`;

  return {
    busy: busy ?? download.busy,
    publish: (s: Summary) =>
      modal.confirm({
        title: `发布${label(s)}？`,
        content: '发布后该版本不能再修改；如需调整，可在其基础上“新建版本”。',
        okText: '发布',
        cancelText: '取消',
        onOk: () => run(`publish-${s.id}`, () => call('indicators.publish', { id: s.id }), `已发布${label(s)}`, '不能发布'),
      }),
    archive: (s: Summary) =>
      modal.confirm({
        title: `归档${label(s)}？`,
        content: '归档后该版本只能查看、导出和复制为新版本；已保存的结果保持不变。',
        okText: '归档',
        cancelText: '取消',
        onOk: () => run(`archive-${s.id}`, () => call('indicators.archive', { id: s.id }), `已归档${label(s)}`, '不能归档'),
      }),
    remove: (s: Summary) =>
      modal.confirm({
        title: `删除草稿${label(s)}？`,
        content: '删除后无法恢复（操作日志中保留其内容）。',
        okText: '删除',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: () => run(`delete-${s.id}`, () => call('indicators.deleteDraft', { id: s.id }), `已删除草稿${label(s)}`, '不能删除'),
      }),
    newVersion: async (s: Summary) => {
      setBusy(`new-${s.id}`);
      try {
        const d: SystemDetail = await call('indicators.newVersion', { id: s.id });
        notify.success(`已新建第 ${d.summary.version} 版（草稿）`);
        navigate(`/indicators/${d.summary.id}`);
      } catch (e) {
        notify.error(e, '不能新建版本');
      } finally {
        setBusy(null);
      }
    },
    exportExcel: (s: Summary) => download.run(`export-${s.id}`, () => call('indicators.export', { id: s.id })),
  };
}
