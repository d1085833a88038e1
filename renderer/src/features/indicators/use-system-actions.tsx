import { App } from 'antd';
import type { SystemVersionSummary } from '../../../../shared/api/contracts/indicators';
import { call } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useDownload } from '../../components/use-download';

type Summary = Pick<SystemVersionSummary, 'id' | 'name' | 'version' | 'errorCount'>;

const label = (s: Pick<Summary, 'name' | 'version'>) => `“${s.name}”第 ${s.version} 版`;

/**
 * Lifecycle actions shared by the list and the editor, each with confirmation and Chinese feedback.
 * Every change goes through the data layer, which refreshes the lists and the open version itself
 * (no reload callbacks); errors are shown by the window's one handler.
 */
export function useSystemActions() {
  const { modal } = App.useApp();
  const download = useDownload();
  const publish = useOpMutation('indicators.publish', { errorTitle: '不能发布', success: (d) => `已发布${label(d.summary)}` });
  const archive = useOpMutation('indicators.archive', { errorTitle: '不能归档', success: (d) => `已归档${label(d.summary)}` });
  const remove = useOpMutation('indicators.deleteDraft', { errorTitle: '不能删除', success: '已删除草稿' });
  const newVersion = useOpMutation('indicators.newVersion', {
    errorTitle: '不能新建版本',
    success: (d) => `已新建第 ${d.summary.version} 版（草稿）`,
    onSuccess: (d) => navigate(`/indicators/${d.summary.id}`),
  });

  const pending = (m: { isPending: boolean; variables?: { id: number } }, kind: string) => (m.isPending && m.variables ? `${kind}-${m.variables.id}` : null);
  const busy = pending(publish, 'publish') ?? pending(archive, 'archive') ?? pending(remove, 'delete') ?? pending(newVersion, 'new') ?? download.busy;
  // The dialog stays open (loading) until the call ends; a failure is already notified, so it just closes.
  const settle = (p: Promise<unknown>) => p.catch(() => undefined);

  return {
    busy,
    /** `notice` (e.g. “满分将由 100 分变为 102 分（…）”) is stated in the confirmation before anything is published. */
    publish: (s: Summary, notice?: string | null) =>
      modal.confirm({
        title: `发布${label(s)}？`,
        content: (
          <>
            {notice && <p data-testid="publish-max-notice">{notice}</p>}
            <p>发布后该版本不能再修改；如需调整，可在其基础上“新建版本”。</p>
          </>
        ),
        okText: '发布',
        cancelText: '取消',
        onOk: () => settle(publish.mutateAsync({ id: s.id })),
      }),
    archive: (s: Summary) =>
      modal.confirm({
        title: `归档${label(s)}？`,
        content: '归档后该版本只能查看、导出和复制为新版本；已保存的结果保持不变。',
        okText: '归档',
        cancelText: '取消',
        onOk: () => settle(archive.mutateAsync({ id: s.id })),
      }),
    remove: (s: Summary) =>
      modal.confirm({
        title: `删除草稿${label(s)}？`,
        content: '删除后无法恢复（操作日志中保留其内容）。',
        okText: '删除',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: () => settle(remove.mutateAsync({ id: s.id })),
      }),
    newVersion: (s: Summary) => newVersion.mutate({ id: s.id }),
    exportExcel: (s: Summary) => download.run(`export-${s.id}`, () => call('indicators.export', { id: s.id })),
  };
}
