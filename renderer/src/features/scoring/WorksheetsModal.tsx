import { DocumentFormatsField } from '../../components/DocumentFormatsField';
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Input, Modal, Skeleton, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Job } from '../../../../shared/api/contracts/jobs';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import type { DocumentFormat } from '../../../../shared/api/contracts/documents';
import type { StagedFile } from '../../../../shared/api/envelope';
import { DEFAULT_VISIT_MATERIALS } from '../../../../shared/domain/scoring/blocks';
import { useOp } from '../../api/queries';
import { BatchJobView } from '../jobs/BatchJobView';
import { isActive } from '../jobs/JobView';
import { OutputFolderPicker } from '../../components/OutputFolderPicker';
import { useRoundJob } from './use-round-job';



/** 生成 jobs of one round (see use-round-job.ts). */
export const useWorksheetsJob = (roundId: number) => useRoundJob('scoring.worksheets', roundId, '无法开始生成现场督导工作用表');

/** A 现场督导工作用表 job in place: progress with 取消 while it runs, then its state, folder, per-unit problems and each file to download. */
export function WorksheetsJobView({ job, onCancel, extra }: { job: Job; onCancel: () => void; extra?: ReactNode }) {
  return <BatchJobView job={job} onCancel={onCancel} extra={extra} testId="worksheets" />;
}

/**
 * The latest 现场督导工作用表 job of the round above its units (shown again after leaving the page;
 * a finished one can be put away, remembered per job in this browser).
 */
export function WorksheetsProgress({ roundId }: { roundId: number }) {
  const { latest, cancel } = useWorksheetsJob(roundId);
  const [, redraw] = useState(0);
  if (!latest) return null;
  const dismissKey = `desk.worksheets.dismissed.${latest.id}`;
  if (!isActive(latest) && localStorage.getItem(dismissKey) === '1') return null;
  return (
    <div style={{ padding: 12, border: '1px solid #e5e9f0', borderRadius: 8 }}>
      <WorksheetsJobView
        job={latest}
        onCancel={() => void cancel(latest.id)}
        extra={
          !isActive(latest) && (
            <Button
              size="small"
              onClick={() => {
                localStorage.setItem(dismissKey, '1');
                redraw((n) => n + 1);
              }}
              data-testid="worksheets-dismiss"
            >
              收起
            </Button>
          )
        }
      />
    </div>
  );
}

/**
 * 生成现场督导工作用表 for chosen units: which 评估组 (those with indicators; a round without groups
 * gets one sheet of all indicators), DOCX and/or PDF, and the 迎检材料清单 with seed 000's items,
 * reworded here if the office wants (one per line). Once started, the dialog follows the job; it
 * runs on if the dialog is closed (作业记录 and the units tab show it).
 */
export function WorksheetsModal({ round, unitIds, onClose }: { round: RoundDetail; unitIds: readonly number[]; onClose: () => void }) {
  const groups = useOp('scoring.blocks', { roundId: round.id }, { silent: true });
  const worksheets = useWorksheetsJob(round.id);
  const chosenUnits = round.units.filter((u) => unitIds.includes(u.id));
  const forfeited = chosenUnits.filter((u) => u.state === 'forfeited');
  const usable = groups.data?.blocks.filter((b) => b.leafCount > 0) ?? [];
  const [blockIds, setBlockIds] = useState<number[] | null>(null);
  const chosenBlocks = blockIds ?? usable.map((b) => b.id);
  const [formats, setFormats] = useState<DocumentFormat[]>(['docx', 'pdf']);
  const [withMaterials, setWithMaterials] = useState(true);
  const [materialsText, setMaterialsText] = useState(DEFAULT_VISIT_MATERIALS.join('\n'));
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const started = startedId ? worksheets.jobs.find((j) => j.id === startedId) : undefined;

  const materials = materialsText
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems = {
    blocks: groups.data && groups.data.blocks.length > 0 && chosenBlocks.length === 0 ? '请至少选择一个评估组' : null,
    formats: formats.length === 0 ? '请至少选择一种格式' : null,
    materials: withMaterials && materials.length === 0 ? '请填写材料，每行一项；不需要清单请取消勾选' : withMaterials && materials.some((m) => m.length > 60) ? '每项材料不超过 60 个字' : null,
  };
  const ok = !problems.blocks && !problems.formats && !problems.materials;

  const start = async () => {
    setTried(true);
    if (!ok || chosenUnits.length === 0) return;
    const job = await worksheets.start({
      roundId: round.id,
      unitIds: chosenUnits.map((u) => u.id),
      blockIds: groups.data && groups.data.blocks.length > 0 ? chosenBlocks : undefined,
      formats,
      materials: withMaterials ? materials : [],
      destination: folder ? { ref: folder.ref } : undefined,
    });
    if (job) setStartedId(job.id);
  };

  const title = chosenUnits.length === 1 ? `生成现场督导工作用表：${chosenUnits[0]!.name}` : `生成现场督导工作用表（${chosenUnits.length} 个单位）`;
  if (startedId) {
    return (
      <Modal open title={title} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} destroyOnHidden width={720}>
        {started ? <WorksheetsJobView job={started} onCancel={() => void worksheets.cancel(started.id)} /> : <Skeleton active />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          关闭对话框不会中断生成；进度和文件也可在“评分”页的单位列表上方和“作业记录”中查看。
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title={title}
      okText="开始生成"
      cancelText="取消"
      onOk={() => void start()}
      onCancel={onClose}
      confirmLoading={worksheets.starting}
      okButtonProps={{ disabled: chosenUnits.length === 0 || !groups.data }}
      destroyOnHidden
      width={720}
    >
      <Flex vertical gap={12} data-testid="worksheets-form">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          每个单位一份现场督导工作用表（各评估组分页，列出该组适用于本单位的指标、评分标准、学校自评及说明，留有记录、评分栏和专家签字），并可同时生成一份迎检材料清单。
          {forfeited.length > 0 ? `所选单位中 ${forfeited.length} 个已弃权，不生成工作用表。` : ''}
        </Typography.Paragraph>
        {groups.error && <Alert type="error" showIcon title="无法读取评估组" description={groups.error.message} />}
        {groups.data && groups.data.blocks.length === 0 && <Alert type="info" showIcon title="本项目未设置评估组：每个单位一份包含全部指标的工作用表，采集方式列出校园观察、问卷、座谈、访谈、随堂听课、资料查阅。" />}
        {groups.data && groups.data.blocks.length > 0 && (
          <Flex vertical gap={4}>
            <Typography.Text strong>评估组</Typography.Text>
            <Checkbox.Group
              aria-label="评估组"
              data-testid="worksheets-blocks"
              value={chosenBlocks}
              onChange={(v) => setBlockIds(v as number[])}
              options={groups.data.blocks.map((b) => ({ value: b.id, label: b.leafCount > 0 ? `${b.name}（${b.leafCount} 项）` : `${b.name}（未选择指标）`, disabled: b.leafCount === 0 }))}
            />
            {tried && problems.blocks && <Typography.Text type="danger">{problems.blocks}</Typography.Text>}
          </Flex>
        )}
        <DocumentFormatsField value={formats} onChange={setFormats}>
        {tried && problems.formats && <Typography.Text type="danger">{problems.formats}</Typography.Text>}
        </DocumentFormatsField>
        <Flex vertical gap={4}>
          <Checkbox checked={withMaterials} onChange={(e) => setWithMaterials(e.target.checked)} data-testid="worksheets-with-materials">
            同时生成迎检材料清单（学校在专家进校时提交的材料）
          </Checkbox>
          {withMaterials && (
            <Input.TextArea
              aria-label="迎检材料（每行一项）"
              data-testid="worksheets-materials"
              value={materialsText}
              onChange={(e) => setMaterialsText(e.target.value)}
              autoSize={{ minRows: 3, maxRows: 8 }}
              status={tried && problems.materials ? 'error' : undefined}
            />
          )}
          {withMaterials && (
            <Typography.Text type={tried && problems.materials ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {tried && problems.materials ? problems.materials : '每行一项，可按本次督导修改（如写明成绩汇总表的学期）。'}
            </Typography.Text>
          )}
        </Flex>
        <OutputFolderPicker title="选择工作用表的输出文件夹" folder={folder} onPick={setFolder} />
      </Flex>
    </Modal>
  );
}

/** The button that opens WorksheetsModal for the given units (disabled with none). */
export function WorksheetsButton({ round, unitIds, size }: { round: RoundDetail; unitIds: readonly number[]; size?: 'small' | 'middle' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<FileTextOutlined />} size={size} disabled={unitIds.length === 0} onClick={() => setOpen(true)} data-testid="worksheets-button">
        生成现场督导工作用表{unitIds.length > 1 ? `（${unitIds.length} 个单位）` : ''}
      </Button>
      {open && <WorksheetsModal round={round} unitIds={unitIds} onClose={() => setOpen(false)} />}
    </>
  );
}
