import { DeleteOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Radio, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { ImportKind } from '../../../../../shared/api/contracts/exchange';
import type { StagedFile } from '../../../../../shared/api/envelope';
import { call } from '../../../api/client';
import { FilePicker } from '../../../components/FilePicker';
import { useDownload } from '../../../components/use-download';
import { IMPORT_KIND_LABELS } from '../labels';

export interface ChooseState {
  kind: ImportKind;
  year: number | null;
  /** The picked file, already staged: the wizard sends only its reference. */
  file: StagedFile | null;
}

/** Step 1 of the import wizard: what to import, the year (statistics) and the file. */
export function ChooseFileStep({ value, onChange }: { value: ChooseState; onChange: (v: ChooseState) => void }) {
  const { busy, run } = useDownload();
  const [staging, setStaging] = useState(false);
  return (
    <Form layout="vertical" data-testid="import-choose">
      <Form.Item label="导入内容">
        <Radio.Group
          optionType="button"
          value={value.kind}
          onChange={(e) => onChange({ ...value, kind: e.target.value as ImportKind })}
          options={(['schools', 'stats'] as const).map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
        />
      </Form.Item>
      {value.kind === 'stats' && (
        <Form.Item label="统计年份" tooltip="文件中有“年份”列时以文件为准" required={false}>
          <InputNumber
            controls={false}
            aria-label="统计年份"
            min={2000}
            max={2100}
            precision={0}
            value={value.year}
            onChange={(y) => onChange({ ...value, year: y ?? null })}
            suffix="年"
            style={{ width: 160 }}
          />
        </Form.Item>
      )}
      <Form.Item label="文件" extra="支持 Excel（.xlsx）和 CSV（.csv）文件。">
        {/* Picking stages the file (a reference); nothing is imported until the preview is confirmed. */}
        <FilePicker dragger accept={['.xlsx', '.csv']} title="选择要导入的文件" onPicked={([file]) => onChange({ ...value, file })} onBusy={setStaging} data-testid="import-file">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或把文件拖到这里</p>
          <p className="ant-upload-hint">选择后点击“预览”，先检查再导入，不会直接写入数据</p>
        </FilePicker>
        {staging && (
          <Space style={{ marginTop: 8 }}>
            <Spin size="small" />
            <Typography.Text type="secondary">正在读取文件…</Typography.Text>
          </Space>
        )}
        {!staging && value.file && (
          <Space style={{ marginTop: 8 }} data-testid="import-picked">
            <PaperClipOutlined />
            <Typography.Text>{value.file.fileName}</Typography.Text>
            <Button size="small" type="text" aria-label="移除所选文件" icon={<DeleteOutlined />} onClick={() => onChange({ ...value, file: null })} />
          </Space>
        )}
      </Form.Item>
      <Space>
        <Typography.Text type="secondary">还没有文件？先下载模板：</Typography.Text>
        <Button size="small" loading={busy === 'schools'} onClick={() => run('schools', () => call('exchange.template', { kind: 'schools' }))}>
          学校名册模板
        </Button>
        <Button size="small" loading={busy === 'stats'} onClick={() => run('stats', () => call('exchange.template', { kind: 'stats' }))}>
          统计数据模板
        </Button>
      </Space>
    </Form>
  );
}
