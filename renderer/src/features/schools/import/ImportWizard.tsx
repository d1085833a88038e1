import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Progress, Result, Space, Steps } from 'antd';
import { useState } from 'react';
import type { ImportKind, ImportReport } from '../../../../../shared/api/contracts/exchange';
import { domainsChangedBy, invalidateDomains, useOpMutation } from '../../../api/queries';
import { useNotify } from '../../../components/use-notify';
import type { Job } from '../../../../../shared/api/contracts/jobs';
import { useJobRunner } from '../../jobs/use-jobs';
import { IMPORT_KIND_LABELS } from '../labels';
import { ChooseFileStep, type ChooseState } from './ChooseFileStep';
import { ImportPreview } from './ImportPreview';

type Step = 0 | 1 | 2;

/**
 * Choose → preview (dry run) → commit. Nothing is written until the user confirms a clean preview.
 * The commit runs as a `register.import` job: its stages show here with a 取消 (honoured until the
 * write begins); closing the dialog leaves it running, and 作业记录 shows it and its report.
 * After a commit every cached view of what an import changes is refreshed. The dialog's body
 * scrolls under a fixed footer, so 确认导入 stays in view however long the preview is.
 * Mount with a fresh `key` per opening.
 */
export function ImportWizard({
  open,
  initialKind,
  years,
  onClose,
}: {
  open: boolean;
  initialKind: ImportKind;
  years: number[];
  onClose: () => void;
}) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>(0);
  // The parent remounts the wizard (new key) for each opening, so every import starts clean.
  // The year defaults to the latest one on record, else last year.
  const [choice, setChoice] = useState<ChooseState>(() => ({
    kind: initialKind,
    year: years.length ? Math.max(...years) : new Date().getFullYear() - 1,
    file: null,
  }));
  const [report, setReport] = useState<ImportReport | null>(null);
  const [committing, setCommitting] = useState(false);
  // Answers to the preview's questions (units, year, ×10,000 values); a new file or year starts afresh.
  const [answers, setAnswers] = useState<Record<string, string>>({});
  // The dry run writes nothing: no cached view needs refreshing after it.
  const dryRun = useOpMutation('exchange.import', { errorTitle: '文件无法预览', invalidates: false });
  const busy = dryRun.isPending || committing;

  const preview = async (next: Record<string, string> = answers) => {
    setAnswers(next);
    try {
      // Only the staged file's reference goes to the core, for the preview and again for the import.
      setReport(await dryRun.mutateAsync({ kind: choice.kind, file: { ref: choice.file!.ref }, year: choice.kind === 'stats' && choice.year ? choice.year : undefined, dryRun: true, answers: next }));
      setStep(1);
    } catch {
      // shown by the data layer (文件无法预览)
    }
  };

  // The commit, as a job: started here, followed through the core's events until it ends.
  const runner = useJobRunner();
  const job = runner.job;
  const importing = job !== null;

  const commit = async () => {
    setCommitting(true);
    let final: Job;
    try {
      final = await runner.run({
        kind: 'register.import',
        parameters: { kind: choice.kind, file: { ref: choice.file!.ref }, year: choice.kind === 'stats' && choice.year ? choice.year : undefined, answers },
      });
    } catch (e) {
      notify.error(e, '导入失败');
      return;
    } finally {
      setCommitting(false);
    }
    // The report decides what the wizard shows.
    const r = final.result as ImportReport | null;
    if (final.state === '已取消') {
      notify.info('已取消导入，未写入任何数据');
      return;
    }
    if (r) setReport(r);
    // Done: written, or nothing to write (the file matches what is stored) — both are a success.
    if (final.state === '已完成' && (!r || r.committed || (r.errors.length === 0 && r.questions.length === 0))) {
      setStep(2);
      // Cancelling stops an import only before it writes; say so when the click came too late.
      if (runner.finishedDespiteCancel(final)) notify.info('取消时导入已在写入数据库，无法中途停止，已全部导入');
      if (r) notify.success(`导入完成：新增 ${r.counts.new} 条，修改 ${r.counts.changed} 条，无变化 ${r.counts.unchanged} 条`);
      await invalidateDomains(queryClient, domainsChangedBy('exchange.import'));
      return;
    }
    // The file or the register changed since the preview (or the file is gone): say why, write nothing.
    setStep(1);
    notify.error(new Error(final.message ?? '导入时发现错误，未写入任何数据，请查看错误列表'), '导入未完成');
  };

  const close = () => {
    if (importing) notify.info('导入仍在后台进行，完成后可在“作业记录”中查看结果');
    onClose();
  };

  const hasErrors = (report?.errors.length ?? 0) > 0 || (report?.questions.length ?? 0) > 0;
  const needsYear = choice.kind === 'stats' && !choice.year;

  // Keys per step: otherwise React reuses the 预览 button for 确认导入, which then keeps the focus (Enter
  // would commit) and, while the loading icon's exit animation lingers, is named “loading 确认导入”.
  const footer =
    step === 0 ? (
      <Space key="choose">
        <Button onClick={onClose}>取消</Button>
        <Button type="primary" disabled={!choice.file || needsYear} loading={busy} onClick={() => void preview({})}>
          预览
        </Button>
      </Space>
    ) : step === 1 && importing ? (
      <Space key="importing">
        <Button danger onClick={runner.cancel} data-testid="import-cancel">
          取消导入
        </Button>
      </Space>
    ) : step === 1 ? (
      <Space key="preview">
        <Button onClick={() => setStep(0)} disabled={busy}>
          上一步
        </Button>
        {/* Remounted when busy flips: a re-preview answers within a frame now that only a reference is
            sent, and antd's loading icon, hidden that fast, can stay stuck in its exit animation. */}
        <Button key={busy ? 'busy' : 'idle'} type="primary" disabled={hasErrors} loading={busy} onClick={commit} title={hasErrors ? '请先修正文件中的错误或回答待确认的问题' : undefined}>
          确认导入
        </Button>
      </Space>
    ) : (
      <Button type="primary" onClick={onClose}>
        完成
      </Button>
    );

  return (
    <Modal
      title="导入数据"
      open={open}
      onCancel={close}
      footer={footer}
      width={1040}
      centered
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="import-wizard"
      styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto', overflowX: 'hidden', paddingRight: 8 } }}
    >
      <Steps
        current={step}
        style={{ margin: '8px 0 24px' }}
        items={[{ title: '选择文件' }, { title: '预览检查' }, { title: '完成' }]}
      />
      {step === 0 && <ChooseFileStep value={choice} onChange={setChoice} />}
      {step === 1 && importing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="import-progress"
          title={job.message ?? '正在导入…'}
          description={<Progress percent={job.total ? Math.round((job.done / job.total) * 100) : 0} status="active" showInfo={false} />}
        />
      )}
      {step === 1 && report && <ImportPreview report={report} busy={busy} onAnswer={(a) => void preview({ ...answers, ...a })} />}
      {step === 2 && report && (
        <Result
          status="success"
          title={`${IMPORT_KIND_LABELS[report.kind]}导入完成`}
          subTitle={`新增 ${report.counts.new} 条，修改 ${report.counts.changed} 条，无变化 ${report.counts.unchanged} 条${report.year ? `（${report.year} 年）` : ''}`}
          data-testid="import-done"
        />
      )}
    </Modal>
  );
}
