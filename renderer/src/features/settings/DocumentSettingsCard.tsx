import { SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Divider, Form, Input, Row, Select, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { DocumentSettings, fillNumberPattern, patternForDisplay } from '../../../../shared/api/contracts/documents';
import { useOp, useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { useNotify } from '../../components/use-notify';
import { placeIssues, schemaRule, showServerIssues, type FieldOf } from '../documents/form-issues';
import { DocumentNumbersTable } from './DocumentNumbersTable';

/** The form's fields, in the contract's order (also the order compared for unsaved changes). */
const FIELDS = ['letterhead', 'signature', 'numberPrefix', 'numberPattern', 'printer', 'defaultAddressee', 'cc'] as const satisfies readonly (keyof DocumentSettings)[];

/** An issue of the settings belongs to the field its path starts with (`cc.2` → 默认抄送). */
const settingsFieldOf: FieldOf = (path) => ((FIELDS as readonly PropertyKey[]).includes(path[0]) ? (path[0] as string) : null);

/** The settings as the form shows them: the pattern with {机关代字}〔{年}〕{序号}. */
const shown = (s: DocumentSettings): DocumentSettings => ({ ...s, numberPattern: patternForDisplay(s.numberPattern) });

/** A comparable snapshot of the form's fields (unsaved-changes check). */
const snapshot = (v: Partial<DocumentSettings> | undefined) => JSON.stringify(FIELDS.map((f) => v?.[f] ?? null));

/**
 * 设置 → 公文: what every document carries, and the 发文登记. The rules are the contract's, shown
 * beside each field; leaving with unsaved changes asks first (with 保存并离开).
 */
export function DocumentSettingsCard() {
  const [form] = Form.useForm<DocumentSettings>();
  const notify = useNotify();
  const settings = useOp('documents.getSettings', {}, { silent: true });
  const numbers = useOp('documents.listNumbers', {}, { keepPrevious: true });
  const values = Form.useWatch([], form) as Partial<DocumentSettings> | undefined;
  const saved = settings.data ? shown(settings.data) : undefined;
  const dirty = !!saved && !!values && snapshot(values) !== snapshot(saved);

  const setSettings = useOpMutation('documents.setSettings', { silent: true, success: '公文设置已保存' });
  const voidNumber = useOpMutation('documents.voidNumber', { success: (n) => `已作废 ${n.number}`, errorTitle: '作废失败' });

  // The stored settings into the form — unless the user is editing (a background re-read must not overwrite typing).
  useEffect(() => {
    if (saved && !form.isFieldsTouched()) form.setFieldsValue(saved);
    // `saved` is derived from settings.data; re-run only when the stored settings change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data, form]);

  const check = useCallback(() => {
    const r = DocumentSettings.safeParse(form.getFieldsValue(true));
    return placeIssues(r.success ? [] : r.error.issues, settingsFieldOf);
  }, [form]);
  const rules = (name: (typeof FIELDS)[number]) => [schemaRule(name, check)];

  const save = async (): Promise<boolean> => {
    let input: DocumentSettings;
    try {
      input = await form.validateFields();
    } catch {
      return false; // the messages are beside the fields
    }
    try {
      const stored = await setSettings.mutateAsync(input);
      form.resetFields();
      form.setFieldsValue(shown(stored));
      return true;
    } catch (e) {
      const rest = showServerIssues(form, e, settingsFieldOf);
      if (rest === null || rest.length) notify.error(e, '保存失败');
      return false;
    }
  };
  // The page's other parameters (its section, the 操作日志 filters) leave this card as it is.
  useUnsavedChanges(dirty, '公文设置', save, []);

  const example = values?.numberPattern && values.numberPrefix ? fillNumberPattern(values.numberPattern, values.numberPrefix, new Date().getFullYear(), 12) : '';

  return (
    <Card title="公文" data-testid="document-settings-card">
      <Typography.Paragraph type="secondary">通知等公文的版头、文号格式、署名、印发机关和默认抄送单位。</Typography.Paragraph>
      {settings.error && <Alert type="error" showIcon title="无法读取公文设置" description={settings.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={() => void save()} disabled={!settings.data}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="letterhead" label="发文机关标志（红头）" required rules={rules('letterhead')}>
              <Input placeholder="如：城关县人民政府教育督导室文件" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="signature" label="署名" required rules={rules('signature')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="numberPrefix" label="机关代字" required rules={rules('numberPrefix')}>
              <Input placeholder="城教督" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="numberPattern" label="文号格式" required rules={rules('numberPattern')}>
              <Input placeholder="{机关代字}〔{年}〕{序号}号" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item label="文号示例">
              <Typography.Text strong data-testid="number-preview">
                {example || '—'}
              </Typography.Text>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} data-testid="number-pattern-help">
              文号格式中，{'{机关代字}'} 换成上面填写的机关代字，{'{年}'} 换成发文年份（四位数字），{'{序号}'} 换成当年的发文顺序号（从 1 起，不加“第”字，不补 0）；其余文字照原样保留。
              例如 {'{机关代字}〔{年}〕{序号}号'} 在机关代字为“城教督”时，2026 年第 12 份文件的文号为“城教督〔2026〕12号”。每年的序号从 1 重新开始，所以格式中必须有 {'{年}'} 和 {'{序号}'}。
            </Typography.Paragraph>
          </Col>
          <Col span={12}>
            <Form.Item name="printer" label="印发机关" required rules={rules('printer')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="defaultAddressee" label="默认主送机关" required rules={rules('defaultAddressee')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="cc" label="默认抄送" tooltip="输入单位名称后按回车，可填多个" rules={rules('cc')}>
              <Select aria-label="默认抄送" mode="tags" tokenSeparators={['，', ',']} open={false} placeholder="输入单位名称后按回车" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={setSettings.isPending} disabled={!dirty}>
          保存公文设置
        </Button>
      </Form>
      <Divider titlePlacement="start">发文登记</Divider>
      <DocumentNumbersTable rows={numbers.data ?? []} loading={numbers.isPending} onVoid={(r) => voidNumber.mutateAsync({ id: r.id })} />
    </Card>
  );
}
