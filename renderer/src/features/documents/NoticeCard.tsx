import { FileTextOutlined, NumberOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, Popconfirm, Row, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { DISCLOSURE_MODES } from '../../../../shared/api/contracts/documents';
import { SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import dayjs from 'dayjs';
import { useOp, useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { schemaRule, showServerIssues } from './form-issues';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { defaultNoticeTitle, initialNoticeValues, noticeFieldOf, noticeIssues, roundNoticeTitle, titleForRound, toNoticeForm, type NoticeValues, type StageValues } from './notice-values';
import { NoticeStages } from './NoticeStages';
import { useGenerate } from './use-generate';
import { useDocumentOptions } from './use-options';

/**
 * 通知: the form; the participating schools and the schedule become attachments generated from data.
 * Every message comes from the contract and sits beside its field. The form is not stored: leaving
 * it with edits not yet in a generated document asks first.
 */
export function NoticeCard() {
  const [form] = Form.useForm<NoticeValues>();
  const [format, setFormat] = useState<FormatChoice>('both');
  const [dirty, setDirty] = useState(false);
  // Problems no field shows (rare: a schema change the form does not know yet).
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const { busy, generate } = useGenerate((e) => {
    const rest = showServerIssues(form, e, noticeFieldOf);
    if (rest === null) return false;
    setUnplaced(rest);
    return true;
  });
  const { schools } = useDocumentOptions();
  const rounds = useOp('rounds.list', {});
  const roundId = Form.useWatch('roundId', form) as number | null | undefined;
  const round = rounds.data?.find((r) => r.id === roundId) ?? null;
  const title = Form.useWatch('title', form) as string | undefined;
  // Choosing a round shows its stage table (names and dates) in the form; the tasks typed stay by
  // position. The title follows the choice (关于开展<项目名称>的通知) unless the user wrote their own.
  const chooseRound = (id: number | null | undefined) => {
    const r = rounds.data?.find((x) => x.id === id) ?? null;
    const written = form.getFieldValue('title') as string | undefined;
    const next = titleForRound(written, r, { initial: defaultNoticeTitle(dayjs().year()), rounds: rounds.data ?? [] });
    if (next !== written) form.setFieldValue('title', next);
    if (!r) return;
    const current = (form.getFieldValue('stages') as StageValues[] | undefined) ?? [];
    form.setFieldValue(
      'stages',
      r.stages.map((s, i) => ({ name: s.name, dates: [dayjs(s.startsOn), dayjs(s.endsOn)], tasks: current[i]?.tasks ?? '' })),
    );
  };
  useUnsavedChanges(dirty, '通知表单');

  const check = useCallback(() => noticeIssues(form.getFieldsValue(true) as NoticeValues), [form]);
  const rules = (name: Parameters<typeof schemaRule>[0]) => [schemaRule(name, check)];

  const docNumber = Form.useWatch('docNumber', form);
  const date = Form.useWatch('date', form);
  const numberYear = date?.year() ?? new Date().getFullYear();
  const reserve = useOpMutation('documents.reserveNumber', {
    success: (n) => `已取号：${n.number}`,
    errorTitle: '取号失败',
    onSuccess: (n) => {
      form.setFieldValue('docNumber', n.number);
      // A number taken and not yet on a document would be forgotten by the form: leaving asks.
      setDirty(true);
    },
  });

  const submit = async (values: NoticeValues) => {
    setUnplaced([]);
    const r = await generate({ kind: 'notice', notice: toNoticeForm(values) }, format);
    if (!r) return;
    // The number is now on a document; keep it in the form so a re-export carries the same one.
    if (r.docNumber) form.setFieldValue('docNumber', r.docNumber);
    // What was typed is in the generated files now: leaving no longer loses it.
    setDirty(false);
  };

  return (
    <Card title="通知" data-testid="notice-card">
      <Typography.Paragraph type="secondary">
        按党政机关公文格式（GB/T 9704）生成带版头、文号、附件和版记的通知。参评学校名单（在办学校）和工作日程安排表作为附件自动生成。文号留空时，生成时自动取下一个号；同一评估项目的通知再次生成时沿用已取的文号（需要新文号时请先点“取号”）。
      </Typography.Paragraph>
      {/* Not a <form>: Enter in a field must not generate the notice, which takes a 发文字号 for good. */}
      <Form form={form} component="div" layout="vertical" initialValues={initialNoticeValues()} onFinish={submit} onValuesChange={() => setDirty(true)}>
        <Form.Item name="roundId" label="评估项目（可选）" extra={round ? `工作阶段的名称和日期、参评单位及其报送编码均取自评估项目“${round.name}”` : '选择后，工作阶段和参评单位名单取自该评估项目'}>
          <Select
            allowClear
            placeholder="不按评估项目生成"
            options={(rounds.data ?? []).map((r) => ({ label: `${r.name}（${r.year} 年，${r.unitCount} 个单位）`, value: r.id }))}
            onChange={chooseRound}
            data-testid="notice-round"
          />
        </Form.Item>
        <Form.Item name="title" label="标题" required rules={rules('title')} extra={round && title?.trim() === roundNoticeTitle(round.name) ? '按评估项目名称拟定，可修改' : undefined}>
          <Input.TextArea autoSize placeholder="可用换行指定标题分行" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="addressee" label="主送机关" rules={rules('addressee')}>
              <Input placeholder="默认取“设置 → 公文”" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="发文字号" htmlFor="notice-doc-number">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="docNumber" noStyle rules={rules('docNumber')}>
                  <Input id="notice-doc-number" placeholder="留空自动取号" />
                </Form.Item>
                <Popconfirm
                  title={`取 ${numberYear} 年的下一个文号？`}
                  description={
                    <div style={{ maxWidth: 320 }}>
                      文号取出后即记入发文登记，不会再发给其他文件；不用时可在“设置 → 公文”中作废。
                      {docNumber ? `表单中的“${docNumber}”将被替换。` : ''}
                    </div>
                  }
                  okText="取号"
                  cancelText="取消"
                  onConfirm={() => reserve.mutateAsync({ year: numberYear, title: (form.getFieldValue('title') as string | undefined)?.trim() || undefined }).catch(() => undefined)}
                >
                  <Button icon={<NumberOutlined />} loading={reserve.isPending}>
                    取号
                  </Button>
                </Popconfirm>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="date" label="成文日期" rules={rules('date')} extra="不填则为生成当天">
              <DatePicker style={{ width: '100%' }} placeholder="选择日期" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="purpose" label="工作目的（每行一段）" required rules={rules('purpose')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item label="工作阶段" required>
          <NoticeStages check={check} fromRound={round !== null} />
        </Form.Item>
        <Form.Item name="procedure" label="工作程序（每行一段）" required rules={rules('procedure')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="requirements" label="工作要求（可选，每行一段）" rules={rules('requirements')}>
          <Input.TextArea autoSize />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="contactName" label="联系人" required rules={rules('contactName')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contactPhone" label="联系电话" required rules={rules('contactPhone')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contactEmail" label="电子邮箱" rules={rules('contactEmail')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        {round ? (
          <Typography.Paragraph data-testid="notice-round-units">
            参评单位：评估项目“{round.name}”的 {round.unitCount} 个单位，附件列出单位名称和报送编码。
          </Typography.Paragraph>
        ) : (
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="types" label="参评学校类型" tooltip="不选则为全部类型" rules={rules('types')}>
              <Select mode="multiple" allowClear placeholder="全部类型" options={SCHOOL_TYPES.map((t) => ({ label: t, value: t }))} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="schoolIds" label="参评学校" tooltip="不选则为所选类型的全部在办学校" rules={rules('schoolIds')}>
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部在办学校" options={schools.map((s) => ({ label: s.name, value: s.id }))} />
            </Form.Item>
          </Col>
        </Row>
        )}
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="disclosure" label="公开方式" rules={rules('disclosure')} extra="印在附注中，如“（此件公开发布）”">
              <Select options={DISCLOSURE_MODES.map((m) => ({ label: m, value: m }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="printDate" label="印发日期" rules={rules('printDate')} extra="不填则与成文日期相同">
              <DatePicker style={{ width: '100%' }} placeholder="选择日期" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="note" label="附注（可选）" rules={rules('note')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        {unplaced.length > 0 && <Alert type="error" showIcon title="未能生成" description={unplaced.join('；')} style={{ marginBottom: 16 }} />}
        <Flex gap={12} align="center">
          <FormatPicker value={format} onChange={setFormat} />
          <Button type="primary" onClick={() => form.submit()} icon={<FileTextOutlined />} loading={busy} data-testid="generate-notice">
            生成通知
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
