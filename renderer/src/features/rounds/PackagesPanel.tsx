import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import type { RoundUnit } from '../../../../shared/api/contracts/rounds';
import type { StagedFile } from '../../../../shared/api/envelope';
import { UNIT_STATE_LABELS } from '../../../../shared/domain/rounds/rounds';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import type { Job } from '../../../../shared/api/contracts/jobs';
import { call } from '../../api/client';
import { hasFolderDialog, pickFolder } from '../../api/files';
import { useDownload } from '../../components/use-download';
import { JobOutputs, JobProgress, failureText, isActive, stateText } from '../jobs/JobView';
import { awaitingPackage } from './round-view';
import type { PackagesState } from './use-packages';

/**
 * 全部下载: every package of a finished run in one zip (its package zips, or, when it wrote none,
 * its output folder), written by the service as a stream and saved like any download. Only for a
 * run written under the data directory that wrote something, and not for a single zip (its own
 * 下载 is the same file).
 */
function DownloadAll({ roundId, job }: { roundId: number; job: Job }) {
  const { busy, run } = useDownload('全部下载失败', '已保存');
  const zips = job.outputs.length;
  // One zip has its own 下载 below.
  if (isActive(job) || !job.folder || job.done === 0 || zips === 1) return null;
  return (
    <Button
      icon={<DownloadOutlined />}
      style={{ alignSelf: 'flex-start' }}
      loading={busy === job.id}
      onClick={() => run(job.id, () => call('rounds.packagesZip', { roundId, jobId: job.id }))}
      data-testid="packages-download-all"
    >
      {zips > 0 ? `全部下载（${zips} 个 zip 文件打包为一个）` : '全部下载（所有填报包文件夹打包为一个 zip 文件）'}
    </Button>
  );
}

/**
 * This round's latest 生成填报包, in place above the units: progress while it runs (with 取消), then
 * its state, the folder under the data directory, 全部下载 and each zip to download. Shown again
 * after leaving the page (the job is recorded; 作业记录 lists it too).
 */
export function PackagesProgress({ roundId, packages }: { roundId: number; packages: PackagesState }) {
  const { job, running, cancel } = packages;
  // A finished run can be put away (it pushed the units down for good; new-user trial): remembered
  // per job in this browser, so it stays away after leaving the page; the next run shows again.
  const [, redraw] = useState(0);
  if (!job) return null;
  const dismissKey = `desk.packagesPanel.dismissed.${job.id}`;
  if (!isActive(job) && localStorage.getItem(dismissKey) === '1') return null;
  const failure = failureText(job);
  const dismiss = () => {
    localStorage.setItem(dismissKey, '1');
    redraw((n) => n + 1);
  };
  return (
    <Flex vertical gap={8} style={{ padding: 12, border: '1px solid #e5e9f0', borderRadius: 8, marginBottom: 12 }} data-testid="packages-job">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text strong data-testid="packages-title">
          {isActive(job) ? '正在生成填报包' : '最近一次生成填报包'}：{job.title}（{formatDateTime(job.createdAt)} 开始）
        </Typography.Text>
        {running && (
          <Button danger size="small" icon={<StopOutlined />} onClick={() => void cancel()} data-testid="packages-cancel">
            取消
          </Button>
        )}
        {!isActive(job) && (
          <Button size="small" onClick={dismiss} data-testid="packages-dismiss">
            收起
          </Button>
        )}
      </Flex>
      <JobProgress job={job} />
      <Typography.Text type="secondary" data-testid="packages-state">
        {stateText(job)}
        {isActive(job) && job.message ? `：${job.message}` : ''}
        {job.folder ? `\u3000文件夹：数据目录/${job.folder}` : ''}
      </Typography.Text>
      {failure && <Alert type="error" showIcon title={failure} />}
      {job.errors.map((e) => (
        <Alert key={e} type="error" showIcon title={e} />
      ))}
      {!isActive(job) && job.state === '已完成' && job.outputs.length === 0 && (
        <Typography.Text type="secondary">
          {job.folder ? '本次未打包为 zip 文件：各单位的填报包文件夹在上述文件夹中，可直接拷贝到 U 盘，或点“全部下载”下载为一个 zip 文件。' : '填报包已写入生成时所选的文件夹。'}
        </Typography.Text>
      )}
      <DownloadAll roundId={roundId} job={job} />
      {/* Its own 全部下载 above packs the package zips or folders. */}
      <JobOutputs job={job} downloadAll={false} />
    </Flex>
  );
}

/**
 * 生成填报包: for the selected units or for every unit without a submission yet, each also as a zip
 * (default). Units that already submitted or forfeited get no blank package (the service's rule);
 * the dialog names them instead of letting the whole batch be refused.
 */
export function PackagesModal({ units, selected, packages, onClose }: { units: readonly RoundUnit[]; selected: readonly RoundUnit[]; packages: PackagesState; onClose: () => void }) {
  const eligibleSelected = selected.filter(awaitingPackage);
  const skipped = selected.filter((u) => !awaitingPackage(u));
  const all = units.filter(awaitingPackage);
  const [scope, setScope] = useState<'selected' | 'all'>(eligibleSelected.length > 0 ? 'selected' : 'all');
  const [zip, setZip] = useState(true);
  // Electron: the office may write straight onto a USB stick's folder; browser mode writes under the data directory.
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const chooseFolder = async () => {
    const picked = await pickFolder('选择填报包的输出文件夹');
    if (picked) setFolder(picked);
  };
  const chosen = scope === 'selected' ? eligibleSelected : all;
  const reissued = chosen.filter((u) => u.state === 'issued').length;

  const start = async () => {
    const ok = await packages.start({ unitIds: scope === 'selected' ? eligibleSelected.map((u) => u.id) : undefined, zip, destination: folder ? { ref: folder.ref } : undefined });
    if (ok) onClose();
  };

  return (
    <Modal
      open
      title="生成填报包"
      okText={`开始生成（${chosen.length} 个单位）`}
      cancelText="取消"
      onOk={() => void start()}
      onCancel={onClose}
      confirmLoading={packages.starting}
      okButtonProps={{ disabled: chosen.length === 0 || packages.running }}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          每个单位一个文件夹（含填报工作簿、预填的自评报告初稿、佐证材料文件夹和填报说明），{hasFolderDialog() ? '写入所选文件夹或数据目录下新建的文件夹' : '写入数据目录下新建的文件夹，并可在本页逐个下载 zip 文件'}；生成后单位状态改为“已下发”。生成在后台进行，离开本页不会中断。
        </Typography.Paragraph>
        <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as 'selected' | 'all')} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <Radio value="selected" disabled={eligibleSelected.length === 0}>
            所选的 {eligibleSelected.length} 个单位
          </Radio>
          <Radio value="all" disabled={all.length === 0}>
            全部尚未提交材料的单位（{all.length} 个：未下发或已下发）
          </Radio>
        </Radio.Group>
        {scope === 'selected' && skipped.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={`所选单位中有 ${skipped.length} 个不再下发空白填报包`}
            description={`${skipped
              .slice(0, 8)
              .map((u) => `${u.name}（${UNIT_STATE_LABELS[u.state]}）`)
              .join('、')}${skipped.length > 8 ? ` 等 ${skipped.length} 个` : ''}。已提交的单位如需修改，请使用“退回修改”。`}
          />
        )}
        {reissued > 0 && <Alert type="warning" showIcon title={`其中 ${reissued} 个单位已下发过填报包，将重新生成。请告知学校使用新的填报包。`} />}
        {hasFolderDialog() && (
          <Flex gap={8} align="center">
            <Button onClick={() => void chooseFolder()}>选择输出文件夹…</Button>
            <Typography.Text type="secondary" data-user-text>
              {folder ? `写入“${folder.fileName}”` : '不选则写入数据目录下新建的文件夹'}
            </Typography.Text>
          </Flex>
        )}
        <Checkbox checked={zip} onChange={(e) => setZip(e.target.checked)} data-testid="packages-zip">
          同时打包为 zip 文件（便于拷贝和发送；生成后可逐个下载，也可全部下载）
        </Checkbox>
      </Flex>
    </Modal>
  );
}
