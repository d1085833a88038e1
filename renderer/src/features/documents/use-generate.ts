import { App } from 'antd';
import { useState } from 'react';
import type { DocumentRequestInput, GeneratedDocuments } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { saveResult } from '../../api/files';
import { useNotify } from '../../components/use-notify';
import { formatsOf, type FormatChoice } from './FormatPicker';

/** Generates one document in the chosen formats and saves each file; font substitutions are shown, not hidden. */
export function useGenerate() {
  const notify = useNotify();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState(false);
  const generate = async (document: DocumentRequestInput, choice: FormatChoice): Promise<GeneratedDocuments | null> => {
    setBusy(true);
    try {
      const r = await call('documents.generate', { document, formats: formatsOf(choice) });
      // One after the other: in Electron each file gets its own save dialog.
      const saved = [];
      for (const f of r.files) if (await saveResult(f)) saved.push(f);
      if (saved.length) notify.success(`已生成 ${saved.map((f) => `“${f.fileName}”`).join('、')}`);
      if (r.warnings.length) notification.info({ title: '字体提示', description: r.warnings.join('；'), duration: 8, placement: 'topRight' });
      return r;
    } catch (e) {
      notify.error(e, '生成失败');
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, generate };
}
