import { App } from 'antd';
import { useState } from 'react';
import type { DocumentRequestInput, GeneratedDocuments } from '../../../../shared/api/contracts/documents';
import { saveResult } from '../../api/files';
import { useOpMutation } from '../../api/queries';
import { useNotify } from '../../components/use-notify';
import { formatsOf, type FormatChoice } from './FormatPicker';

/**
 * Generates one document in the chosen formats and saves each file; font substitutions are shown,
 * not hidden. `placeInputErrors`, when given, gets a refusal first and returns true when it showed
 * it beside the form's fields; anything else is notified as 生成失败.
 */
export function useGenerate(placeInputErrors?: (e: unknown) => boolean) {
  const notify = useNotify();
  const { notification } = App.useApp();
  const [saving, setSaving] = useState(false);
  // Silent when the form shows input problems itself; the window's handler otherwise.
  const mutation = useOpMutation('documents.generate', { silent: !!placeInputErrors, errorTitle: '生成失败' });

  const generate = async (document: DocumentRequestInput, choice: FormatChoice): Promise<GeneratedDocuments | null> => {
    let r: GeneratedDocuments;
    try {
      r = await mutation.mutateAsync({ document, formats: formatsOf(choice) });
    } catch (e) {
      if (placeInputErrors && !placeInputErrors(e)) notify.error(e, '生成失败');
      return null;
    }
    setSaving(true);
    try {
      // One after the other: in Electron each file gets its own save dialog.
      const saved = [];
      for (const f of r.files) if (await saveResult(f)) saved.push(f);
      if (saved.length) notify.success(`已生成 ${saved.map((f) => `“${f.fileName}”`).join('、')}`);
    } catch (e) {
      notify.error(e, '文件未能保存');
    } finally {
      setSaving(false);
    }
    if (r.warnings.length) notification.info({ title: '字体提示', description: r.warnings.join('；'), duration: 8, placement: 'topRight' });
    return r;
  };
  return { busy: mutation.isPending || saving, generate };
}
