import { FileTextOutlined, NumberOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import { call } from '../../api/client';
import { useNotify } from '../../components/use-notify';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { initialNoticeValues, toNoticeForm, type NoticeValues } from './notice-values';
import { NoticeStages } from './NoticeStages';
import { useGenerate } from './use-generate';
import { useDocumentOptions } from './use-options';

const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/** 通知: the form; the participating schools and the schedule become attachments generated from data. */
export function NoticeCard() {
  const [form] = Form.useForm<NoticeValues>();
  const [format, setFormat] = useState<FormatChoice>('both');
  const { busy, generate } = useGenerate();
  const { schools } = useDocumentOptions();
  const notify = useNotify();

  const reserve = async () => {
    try {
      const n = await call('documents.reserveNumber', { year: Number((form.getFieldValue('date') as string | undefined)?.slice(0, 4)) || undefined, title: form.getFieldValue('title') });
      form.setFieldValue('docNumber', n.number);
      notify.success(`已取号：${n.number}`);
    } catch (e) {
      notify.error(e, '取号失败');
    }
  };

  const submit = async (values: NoticeValues) => {
    const r = await generate({ kind: 'notice', notice: toNoticeForm(values) }, format);
    // The number is now on a document; keep it in the form so a re-export carries the same one.
    if (r?.docNumber) form.setFieldValue('docNumber', r.docNumber);
  };

  return (
    <Card title="通知" data-testid="notice-card">
      <Typography.Paragraph type="secondary">
        按 GB/T 9704 生成带版头、文号、附件和版记的通知。参评学校名单（在办学校）和工作日程安排表作为附件自动生成。文号留空时生成时自动取下一个号。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initialNoticeValues(today())} onFinish={submit}>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input.TextArea autoSize placeholder="可用换行指定标题分行" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="addressee" label="主送机关">
              <Input placeholder="默认取“设置 → 公文”" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="发文字号">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="docNumber" noStyle>
                  <Input placeholder="留空自动取号" />
                </Form.Item>
                <Button icon={<NumberOutlined />} onClick={reserve}>
                  取号
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="date" label="成文日期">
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="purpose" label="工作目的（每行一段）" rules={[{ required: true, message: '请填写工作目的' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item label="工作阶段" required>
          <NoticeStages />
        </Form.Item>
        <Form.Item name="procedure" label="工作程序（每行一段）" rules={[{ required: true, message: '请填写工作程序' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="requirements" label="工作要求（可选，每行一段）">
          <Input.TextArea autoSize />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contactEmail" label="电子邮箱">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="types" label="参评学校类型" tooltip="不选则为全部类型">
              <Select mode="multiple" allowClear placeholder="全部类型" options={SCHOOL_TYPES.map((t) => ({ label: t, value: t }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="schoolIds" label="参评学校" tooltip="不选则为所选类型的全部在办学校">
              <Select mode="multiple" allowClear optionFilterProp="label" placeholder="全部在办学校" options={schools.map((s) => ({ label: s.name, value: s.id }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label="附注（可选）">
          <Input />
        </Form.Item>
        <Flex gap={12} align="center">
          <FormatPicker value={format} onChange={setFormat} />
          <Button type="primary" htmlType="submit" icon={<FileTextOutlined />} loading={busy} data-testid="generate-notice">
            生成通知
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
