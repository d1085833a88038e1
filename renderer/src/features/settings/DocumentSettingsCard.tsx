import { SaveOutlined } from '@ant-design/icons';
import { Button, Card, Col, Divider, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentSettings } from '../../../../shared/api/contracts/documents';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { useNotify } from '../../components/use-notify';
import { DocumentNumbersTable } from './DocumentNumbersTable';

const preview = (s: Partial<DocumentSettings>, year: number) =>
  (s.numberPattern ?? '').replaceAll('{prefix}', s.numberPrefix ?? '').replaceAll('{year}', String(year)).replaceAll('{n}', '12');

/** 设置 → 公文: what every document carries, and the 发文登记. */
export function DocumentSettingsCard() {
  const [form] = Form.useForm<DocumentSettings>();
  const notify = useNotify();
  const settings = useRemote(() => call('documents.getSettings', {}), []);
  const numbers = useRemote(() => call('documents.listNumbers', {}), []);
  const [saving, setSaving] = useState(false);
  const values = Form.useWatch([], form) as Partial<DocumentSettings> | undefined;

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = async (v: DocumentSettings) => {
    setSaving(true);
    try {
      form.setFieldsValue(await call('documents.setSettings', v));
      notify.success('公文设置已保存');
    } catch (e) {
      notify.error(e, '保存失败');
    } finally {
      setSaving(false);
    }
  };

  const voidNumber = async (id: number) => {
    try {
      await call('documents.voidNumber', { id });
      await numbers.reload();
    } catch (e) {
      notify.error(e, '作废失败');
    }
  };

  return (
    <Card title="公文" data-testid="document-settings-card">
      <Typography.Paragraph type="secondary">通知等公文的版头、文号格式、署名、印发机关和默认抄送单位。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} disabled={settings.loading && !settings.data}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="letterhead" label="发文机关标志（红头）" rules={[{ required: true, message: '请填写发文机关标志' }]}>
              <Input placeholder="如：城关县人民政府教育督导室文件" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="signature" label="署名" rules={[{ required: true, message: '请填写署名' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="numberPrefix" label="机关代字" rules={[{ required: true, message: '请填写机关代字' }]}>
              <Input placeholder="城教督" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="numberPattern" label="文号格式" tooltip="{prefix} 机关代字，{year} 年份，{n} 序号" rules={[{ required: true, message: '请填写文号格式' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="文号示例">
              <Typography.Text data-testid="number-preview">{values ? preview(values, new Date().getFullYear()) : ''}</Typography.Text>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="printer" label="印发机关" rules={[{ required: true, message: '请填写印发机关' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="defaultAddressee" label="默认主送机关" rules={[{ required: true, message: '请填写主送机关' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="cc" label="默认抄送" tooltip="输入后回车，可填多个">
              <Select mode="tags" tokenSeparators={['，', ',']} open={false} placeholder="输入单位名称后回车" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
          保存公文设置
        </Button>
      </Form>
      <Divider titlePlacement="start">发文登记</Divider>
      <DocumentNumbersTable rows={numbers.data ?? []} loading={numbers.loading} onVoid={voidNumber} />
    </Card>
  );
}
