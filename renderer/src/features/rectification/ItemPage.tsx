/**
 * 整改事项 page (issue 14): every field (edited through rectification.save with the item's version;
 * a closed item is read-only until 重新整改), where it came from with the figures at the time and
 * the latest 数据复核, the history as a timeline with its evidence files, 记录进展, and the moves
 * its state allows. Unsaved edits are guarded like every other form.
 */
import { ArrowLeftOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Row, Skeleton, Space, Timeline, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { SEVERITY_LABELS, SOURCE_KIND_LABELS, type RectificationDetail } from '../../../../shared/api/contracts/rectification';
import type { StagedFile } from '../../../../shared/api/envelope';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { call } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUnsavedChanges } from '../../app/unsaved';
import { PageHeader } from '../../components/PageHeader';
import { useDownload } from '../../components/use-download';
import { ActionModal } from './ActionModal';
import { EvidenceInput } from './EvidenceInput';
import { inputOf, ISO, ItemFields, valuesOf, type ItemValues } from './ItemFields';
import { DeadlineCell, LevelTag, StateTag } from './ItemTags';
import { measureText, sizeText } from './ledger-view';
import { useSchoolNames } from './OwnerSelect';

type Detail = RectificationDetail;

function Editor({ detail }: { detail: Detail }) {
  const item = detail.item;
  const [form] = Form.useForm<ItemValues>();
  const [dirty, setDirty] = useState(false);
  const schools = useSchoolNames();
  const save = useOpMutation('rectification.save', { success: '已保存', errorTitle: '无法保存整改事项' });
  const initial = useMemo(() => valuesOf(item), [item]);
  // A newer version (a move, a progress entry) refreshes the form unless the user is editing it.
  useEffect(() => {
    if (!dirty) form.setFieldsValue(initial);
  }, [initial, dirty, form]);

  const submit = async (): Promise<boolean> => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return false;
    const input = inputOf(v, (id) => schools.get(id));
    if (!input) {
      form.setFields([{ name: 'owner', errors: ['请选择或输入责任单位'] }]);
      return false;
    }
    const saved = await save.mutateAsync({ ...input, id: item.id, version: item.version }).catch(() => null);
    if (!saved) return false;
    setDirty(false);
    return true;
  };
  useUnsavedChanges(dirty, `整改事项 ${item.number} 的修改`, submit);

  return (
    <Form form={form} layout="horizontal" labelCol={{ span: 4 }} initialValues={initial} onValuesChange={() => setDirty(true)} data-testid="item-form">
      <ItemFields />
      <Flex justify="end" gap={8}>
        <Button
          disabled={!dirty}
          onClick={() => {
            form.setFieldsValue(initial);
            setDirty(false);
          }}
        >
          放弃修改
        </Button>
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => void submit()}>
          保存
        </Button>
      </Flex>
    </Form>
  );
}

function ReadOnly({ detail }: { detail: Detail }) {
  const i = detail.item;
  const dash = (s: string) => s || '—';
  return (
    <>
      <Alert type="info" showIcon title="已销号的事项不能修改；如需继续整改，请使用“重新整改”。" style={{ marginBottom: 12 }} />
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
        <Descriptions.Item label="问题描述">{i.problem}</Descriptions.Item>
        <Descriptions.Item label="责任单位">{i.ownerName}</Descriptions.Item>
        <Descriptions.Item label="配合单位">{dash(i.cooperating)}</Descriptions.Item>
        <Descriptions.Item label="责任人">{dash(i.person)}</Descriptions.Item>
        <Descriptions.Item label="整改目标">{dash(i.target)}</Descriptions.Item>
        <Descriptions.Item label="整改措施">{dash(i.measures)}</Descriptions.Item>
        <Descriptions.Item label="整改时限">{i.deadline ?? '未定'}</Descriptions.Item>
        <Descriptions.Item label="严重程度">{SEVERITY_LABELS[i.severity]}</Descriptions.Item>
        <Descriptions.Item label="备注">{dash(i.remarks)}</Descriptions.Item>
      </Descriptions>
    </>
  );
}

function SourceCard({ detail }: { detail: Detail }) {
  const { source, recheck } = detail.item;
  return (
    <Card size="small" title="问题来源" data-testid="item-source">
      <Descriptions column={1} size="small">
        <Descriptions.Item label="来源">{SOURCE_KIND_LABELS[source.kind]}</Descriptions.Item>
        {source.text && <Descriptions.Item label="说明">{source.text}</Descriptions.Item>}
        {source.roundId !== null && (
          <Descriptions.Item label="评估项目">
            <Typography.Link href={`#/rounds/${source.roundId}`}>{source.roundName ?? '查看评估项目'}</Typography.Link>
          </Descriptions.Item>
        )}
        {source.year !== null && <Descriptions.Item label={source.roundId !== null ? '年度' : '统计年度'}>{source.year} 年</Descriptions.Item>}
        {source.indicatorTitle && <Descriptions.Item label="指标">{source.indicatorTitle}</Descriptions.Item>}
        {source.section && <Descriptions.Item label="学段">{source.section === 'primary' ? '小学' : '初中'}</Descriptions.Item>}
        {source.measure && <Descriptions.Item label="当时数据">{measureText(source.measure)}</Descriptions.Item>}
        {recheck && (
          <Descriptions.Item label="数据复核">
            <Space orientation="vertical" size={0}>
              <span data-testid="item-recheck">{recheck.text}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                复核于 {formatDateTime(recheck.at)}；最新数据 {measureText(recheck.measure)}
              </Typography.Text>
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function ProgressForm({ detail }: { detail: Detail }) {
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [text, setText] = useState('');
  const [files, setFiles] = useState<StagedFile[]>([]);
  const progress = useOpMutation('rectification.progress', {
    success: '已记录整改进展',
    errorTitle: '无法记录整改进展',
    onSuccess: () => {
      setText('');
      setFiles([]);
      setDate(dayjs());
    },
  });
  useUnsavedChanges(text.trim() !== '' || files.length > 0, `整改事项 ${detail.item.number} 未保存的进展`);
  return (
    <Card size="small" title="记录整改进展" data-testid="progress-form">
      <Flex vertical gap={8}>
        <Flex gap={8} align="center">
          <span>日期</span>
          <DatePicker aria-label="进展日期" format={ISO} allowClear={false} value={date} onChange={(d) => d && setDate(d)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Flex>
        <Input.TextArea aria-label="进展情况" placeholder="本次整改做了什么、到了哪一步" value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoSize={{ minRows: 3 }} />
        <EvidenceInput value={files} onChange={setFiles} testId="progress-evidence" />
        <Flex justify="end">
          <Button
            type="primary"
            disabled={!text.trim()}
            loading={progress.isPending}
            onClick={() => progress.mutate({ id: detail.item.id, version: detail.item.version, date: date.format(ISO), text, files: files.map((f) => ({ ref: f.ref })) })}
          >
            记录进展
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

function History({ detail }: { detail: Detail }) {
  const download = useDownload('无法下载佐证材料', '已保存');
  if (detail.events.length === 0) return <Empty description="还没有记录" />;
  return (
    <Timeline
      data-testid="item-history"
      items={[...detail.events].reverse().map((e) => ({
        key: e.id,
        color: e.kind === 'move' && e.to === 'closed' ? 'green' : e.kind === 'move' && e.reason ? 'red' : e.kind === 'progress' ? 'blue' : 'gray',
        content: (
          <Flex vertical gap={2}>
            <span>
              <Typography.Text strong>{e.kindLabel}</Typography.Text>
              {e.date && <Typography.Text type="secondary"> · {e.date}</Typography.Text>}
            </span>
            {e.text && <span style={{ whiteSpace: 'pre-wrap' }}>{e.text}</span>}
            {e.reason && <span>原因：{e.reason}</span>}
            {e.files.length > 0 && (
              <Flex gap={8} wrap>
                {e.files.map((f) => (
                  <Button key={f.id} size="small" icon={download.busy === String(f.id) ? <DownloadOutlined /> : <PaperClipOutlined />} loading={download.busy === String(f.id)} onClick={() => download.run(String(f.id), () => call('rectification.file', { fileId: f.id }))}>
                    {f.name}（{sizeText(f.bytes)}）
                  </Button>
                ))}
              </Flex>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.by} · {formatDateTime(e.at)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}

export function ItemPage({ id }: { id: number }) {
  const detail = useOp('rectification.get', { id }, { silent: true });
  const [acting, setActing] = useState<Detail['actions'][number] | null>(null);
  const back = <Button icon={<ArrowLeftOutlined />} aria-label="返回整改台账" onClick={() => navigate('/rectification?tab=ledger')} />;
  if (detail.error) {
    return (
      <>
        <PageHeader title="整改事项" back={back} />
        <Alert type="error" showIcon title="无法读取整改事项" description={detail.error.message} />
      </>
    );
  }
  if (!detail.data) return <Skeleton active />;
  const d = detail.data;
  const i = d.item;
  return (
    <>
      <PageHeader
        back={back}
        title={
          <Space>
            <span>整改事项 {i.number}</span>
            <StateTag item={i} />
            <LevelTag level={i.state === 'closed' ? null : i.supervision.level} />
          </Space>
        }
        subtitle={`${i.ownerName} · 登记于 ${formatDateTime(i.createdAt)}（${i.createdBy}）`}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <Card size="small" title="状态与操作" data-testid="item-actions">
              <Flex vertical gap={8}>
                <Flex gap={24} wrap>
                  <span>
                    状态：<StateTag item={i} />
                  </span>
                  <span>
                    整改时限：<DeadlineCell item={i} />
                  </span>
                  {i.closedOn && <span>销号日期：{i.closedOn}</span>}
                </Flex>
                {i.reportedBy && (
                  <Typography.Text type="secondary">
                    {i.reportedBy.name} 于 {formatDateTime(i.reportedBy.at)} 报告整改完成
                  </Typography.Text>
                )}
                {i.verification && (
                  <Typography.Text type={i.verification.passed ? 'success' : 'danger'}>
                    {i.verification.by} 于 {i.verification.date} 核验{i.verification.passed ? '通过' : '未通过'}
                    {i.verification.result ? `：${i.verification.result}` : ''}
                  </Typography.Text>
                )}
                <Space wrap>
                  {d.actions.map((a) => (
                    // A move this operator cannot make (核验 of their own report) says why before any form.
                    <Tooltip key={a.action} title={a.blocked}>
                      <Button
                        type={a.action === 'verify_pass' || a.action === 'report_done' ? 'primary' : 'default'}
                        danger={a.action === 'revert' || a.action === 'verify_fail'}
                        disabled={a.blocked !== null}
                        onClick={() => setActing(a)}
                      >
                        {a.label}
                      </Button>
                    </Tooltip>
                  ))}
                  {d.actions.some((a) => a.blocked) && <Typography.Text type="secondary">{d.actions.find((a) => a.blocked)!.blocked}</Typography.Text>}
                </Space>
              </Flex>
            </Card>
            <Card size="small" title="事项信息">
              {i.state === 'closed' ? <ReadOnly detail={d} /> : <Editor key={i.id} detail={d} />}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <SourceCard detail={d} />
            {i.state !== 'closed' && <ProgressForm detail={d} />}
            <Card size="small" title={`整改过程（${d.events.length}）`}>
              <History detail={d} />
            </Card>
          </Flex>
        </Col>
      </Row>
      {acting && <ActionModal detail={d} action={acting} onClose={() => setActing(null)} />}
    </>
  );
}
