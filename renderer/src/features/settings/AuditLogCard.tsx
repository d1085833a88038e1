import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType, type AuditFilter, type AuditVerifyReport, type AuditView } from '../../../../shared/api/contracts/audit';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';

const PAGE_SIZE = 20;
/** Changes shown in the row itself; the rest when the row is expanded. */
const INLINE_CHANGES = 3;

function ChangeLines({ entry, all }: { entry: AuditView; all?: boolean }) {
  const shown = all ? entry.changes : entry.changes.slice(0, INLINE_CHANGES);
  if (!shown.length) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
      {shown.map((c, i) => (
        <li key={i}>
          <Typography.Text type="secondary">{c.label}：</Typography.Text>
          <Typography.Text delete={c.before !== '（无）'} type="secondary">
            {c.before}
          </Typography.Text>
          {' → '}
          <Typography.Text>{c.after}</Typography.Text>
        </li>
      ))}
      {!all && entry.changes.length > INLINE_CHANGES && <Typography.Text type="secondary">……共 {entry.changes.length} 项改动，展开查看全部</Typography.Text>}
    </ul>
  );
}

function VerifyResult({ report }: { report: AuditVerifyReport }) {
  return (
    <Alert
      data-testid="audit-verify-result"
      type={report.ok ? 'success' : 'error'}
      showIcon
      title={report.message}
      description={
        <>
          {report.problems.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {report.problems.slice(0, 50).map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
              {report.problems.length > 50 && <li>……另有 {report.problems.length - 50} 处</li>}
            </ul>
          )}
          {report.headHash && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              链尾校验值（可抄录备查）：<Typography.Text copyable style={{ fontFamily: 'monospace', fontSize: 12 }}>{report.headHash}</Typography.Text>
            </Typography.Text>
          )}
        </>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/**
 * 操作日志: who changed what and when, in Chinese — the entity by name, field labels with units,
 * old → new — with filters (time, operator, object type, action, one import batch), paging, export
 * to xlsx and 校验 (the hash chain check).
 */
export function AuditLogCard() {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [operator, setOperator] = useState<string | undefined>();
  const [entityType, setEntityType] = useState<AuditEntityType | undefined>();
  const [action, setAction] = useState<AuditAction | undefined>();
  const [batchId, setBatchId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [report, setReport] = useState<AuditVerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const { busy, run } = useDownload();
  const notify = useNotify();

  const filter = useMemo<AuditFilter>(
    () => ({
      from: range?.[0] ? range[0].startOf('day').toISOString() : undefined,
      to: range?.[1] ? range[1].add(1, 'day').startOf('day').toISOString() : undefined,
      operator,
      entityType,
      action,
      batchId,
    }),
    [range, operator, entityType, action, batchId],
  );
  const log = useRemote(() => call('audit.query', { ...filter, page, pageSize: PAGE_SIZE }), [filter, page]);
  const filtered = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setReport(await call('audit.verify', {}));
    } catch (e) {
      notify.error(e, '校验未完成');
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Card
      title="操作日志"
      data-testid="audit-card"
      extra={
        <Space>
          <Button size="small" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            校验
          </Button>
          <Button size="small" icon={<DownloadOutlined />} loading={busy === 'audit'} onClick={() => run('audit', () => call('audit.export', filter))}>
            导出
          </Button>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void log.reload()}>
            刷新
          </Button>
        </Space>
      }
    >
      {report && <VerifyResult report={report} />}
      <Space wrap style={{ marginBottom: 12 }} data-testid="audit-filters">
        <DatePicker.RangePicker
          aria-label="时间范围"
          value={range}
          onChange={filtered((v: [Dayjs | null, Dayjs | null] | null) => setRange(v))}
          allowEmpty={[true, true]}
          placeholder={['开始日期', '结束日期']}
        />
        <Select
          aria-label="操作人"
          placeholder="全部操作人"
          allowClear
          style={{ width: 170 }}
          value={operator}
          onChange={filtered(setOperator)}
          options={(log.data?.operators ?? []).map((o) => ({ value: o, label: o }))}
        />
        <Select
          aria-label="对象类型"
          placeholder="全部对象"
          allowClear
          style={{ width: 170 }}
          value={entityType}
          onChange={filtered(setEntityType)}
          options={AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] }))}
        />
        <Select
          aria-label="操作"
          placeholder="全部操作"
          allowClear
          style={{ width: 150 }}
          value={action}
          onChange={filtered(setAction)}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
        />
        {batchId && (
          <Tag closable onClose={() => filtered(setBatchId)(undefined)} color="blue">
            只看同一批次
          </Tag>
        )}
      </Space>
      {log.error && <Alert type="error" showIcon title="无法读取操作日志" description={log.error} style={{ marginBottom: 12 }} />}
      <Table<AuditView>
        rowKey="id"
        size="small"
        loading={log.loading}
        dataSource={log.data?.rows ?? []}
        locale={{ emptyText: '暂无操作记录' }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: log.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', dataIndex: 'operatorLabel', width: 150 },
          {
            title: '对象',
            key: 'entity',
            width: 220,
            render: (_: unknown, e) => (
              <>
                <Typography.Text type="secondary">{e.entityTypeLabel}</Typography.Text>
                <div>{e.entityName}</div>
              </>
            ),
          },
          { title: '操作', dataIndex: 'actionLabel', width: 110, render: (v: string) => <Tag>{v}</Tag> },
          {
            title: '内容',
            key: 'summary',
            render: (_: unknown, e) => (
              <>
                <div>{e.summary}</div>
                <ChangeLines entry={e} />
                {e.batchId && !batchId && (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => filtered(setBatchId)(e.batchId!)}>
                    查看同一批次
                  </Button>
                )}
              </>
            ),
          },
        ]}
        expandable={{
          rowExpandable: (e) => e.changes.length > INLINE_CHANGES,
          expandedRowRender: (e) => <ChangeLines entry={e} all />,
        }}
      />
    </Card>
  );
}
