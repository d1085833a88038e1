import { Button, Modal, Result, Space, Steps } from 'antd';
import { useState } from 'react';
import type { ImportKind, ImportReport } from '../../../../../shared/api/contracts/exchange';
import { call } from '../../../api/client';
import { readFilePayload } from '../../../api/files';
import { useNotify } from '../../../components/use-notify';
import { IMPORT_KIND_LABELS } from '../labels';
import { ChooseFileStep, type ChooseState } from './ChooseFileStep';
import { ImportPreview } from './ImportPreview';

type Step = 0 | 1 | 2;

/**
 * Choose → preview (dry run) → commit. Nothing is written until the user confirms a clean preview.
 * Mount with a fresh `key` per opening.
 */
export function ImportWizard({
  open,
  initialKind,
  years,
  onClose,
  onCommitted,
}: {
  open: boolean;
  initialKind: ImportKind;
  years: number[];
  onClose: () => void;
  onCommitted: () => void;
}) {
  const notify = useNotify();
  const [step, setStep] = useState<Step>(0);
  // The parent remounts the wizard (new key) for each opening, so every import starts clean.
  // The year defaults to the latest one on record, else last year.
  const [choice, setChoice] = useState<ChooseState>(() => ({
    kind: initialKind,
    year: years.length ? Math.max(...years) : new Date().getFullYear() - 1,
    file: null,
  }));
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  // Answers to the preview's questions (units, year, ×10,000 values); a new file or year starts afresh.
  const [answers, setAnswers] = useState<Record<string, string>>({});

  const request = async (dryRun: boolean, with_: Record<string, string> = answers) => {
    const file = await readFilePayload(choice.file!);
    return call('exchange.import', { kind: choice.kind, file, year: choice.kind === 'stats' && choice.year ? choice.year : undefined, dryRun, answers: with_ });
  };

  const preview = async (next: Record<string, string> = answers) => {
    setBusy(true);
    try {
      setAnswers(next);
      setReport(await request(true, next));
      setStep(1);
    } catch (e) {
      notify.error(e, '文件无法预览');
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    setBusy(true);
    try {
      const r = await request(false);
      setReport(r);
      if (r.errors.length > 0 || r.questions.length > 0) {
        // The file or the register changed since the preview; show why instead of pretending success.
        setStep(1);
        notify.error(new Error('导入时发现错误，未写入任何数据，请查看错误列表'), '导入未完成');
        return;
      }
      setStep(2);
      notify.success(`导入完成：新增 ${r.counts.new} 条，修改 ${r.counts.changed} 条，无变化 ${r.counts.unchanged} 条`);
      onCommitted();
    } catch (e) {
      notify.error(e, '导入失败');
    } finally {
      setBusy(false);
    }
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
    ) : step === 1 ? (
      <Space key="preview">
        <Button onClick={() => setStep(0)} disabled={busy}>
          上一步
        </Button>
        <Button type="primary" disabled={hasErrors} loading={busy} onClick={commit} title={hasErrors ? '请先修正文件中的错误或回答待确认的问题' : undefined}>
          确认导入
        </Button>
      </Space>
    ) : (
      <Button type="primary" onClick={onClose}>
        完成
      </Button>
    );

  return (
    <Modal title="导入数据" open={open} onCancel={onClose} footer={footer} width={1040} destroyOnHidden mask={{ closable: false }} data-testid="import-wizard">
      <Steps
        current={step}
        style={{ margin: '8px 0 24px' }}
        items={[{ title: '选择文件' }, { title: '预览检查' }, { title: '完成' }]}
      />
      {step === 0 && <ChooseFileStep value={choice} onChange={setChoice} />}
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
