import { App } from 'antd';
import { useState } from 'react';
import type { DocumentRequestInput, GeneratedDocuments } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { saveDownload } from '../../api/files';
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
      r.files.forEach(saveDownload);
      notify.success(`已生成 ${r.files.map((f) => `“${f.fileName}”`).join('、')}`);
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
