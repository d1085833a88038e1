import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import type { TrialInputFile } from '../../../../../shared/api/contracts/indicators';
import type { StagedFile } from '../../../../../shared/api/envelope';
import type { IndicatorSystem, TrialInput } from '../../../../../shared/domain/indicators';
import { call } from '../../../api/client';
import { useOpMutation } from '../../../api/queries';
import { FilePicker } from '../../../components/FilePicker';
import { useDownload } from '../../../components/use-download';
import { compactInput } from './trial-helpers';

interface Props {
  /** The system as the page shows it (unsaved edits included): the file is written and read for it. */
  system: IndicatorSystem;
  input: TrialInput;
  /** Told what a file held, once the user agreed to replace what was entered. */
  onLoad: (read: TrialInputFile) => void;
}

/**
 * 导出本次录入 and 导入录入: the entries as an Excel workbook in Chinese (评估对象, 数据 by Chinese name
 * and unit, 逐项录入 by 编码, and the result at export) that a clerk files away, edits and reads back
 * here; the JSON of earlier exports is read too. Written and read by the core
 * (indicators.exportTrialInput / readTrialInput); reading back replaces the entries, asked first
 * when something is entered.
 */
export function TrialFileButtons({ system, input, onLoad }: Props) {
  const { modal } = App.useApp();
  const download = useDownload('导出失败');
  const [picking, setPicking] = useState(false);
  const read = useOpMutation('indicators.readTrialInput', { errorTitle: '导入录入失败', invalidates: false });
  const entered = Object.keys(compactInput(input)).length > 0;

  const accept = (r: TrialInputFile) => {
    if (!entered) return onLoad(r);
    modal.confirm({
      title: '用文件中的录入替换当前录入？',
      content: `将读入“${r.fileName}”，当前的评估对象、数据和逐项录入都会被替换。`,
      okText: '替换',
      cancelText: '取消',
      onOk: () => onLoad(r),
    });
  };
  const readFile = ([file]: StagedFile[]) => read.mutate({ system, file: { ref: file.ref } }, { onSuccess: accept });

  return (
    <>
      <Tooltip title="Excel 文件：评估对象、数据、逐项录入和试算结果，可修改后用“导入录入”读回">
        <Button icon={<DownloadOutlined />} loading={download.busy === 'trial-input'} onClick={() => download.run('trial-input', () => call('indicators.exportTrialInput', { system, input: compactInput(input) }))}>
          导出本次录入（存档备查）
        </Button>
      </Tooltip>
      <FilePicker accept={['.xlsx', '.json']} title="导入录入" onPicked={readFile} onBusy={setPicking} data-testid="trial-import">
        <Button icon={<UploadOutlined />} loading={picking || read.isPending}>
          导入录入
        </Button>
      </FilePicker>
    </>
  );
}
