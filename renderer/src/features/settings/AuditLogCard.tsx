import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES, type AuditFilter, type AuditVerifyReport, type AuditView } from '../../../../shared/api/contracts/audit';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { call } from '../../api/client';
import { useOp } from '../../api/queries';
import { useUrlFields } from '../../app/url-state';
import { useDownload } from '../../components/use-download';
import { personName } from '../operators/operator-session';

const PAGE_SIZE = 20;
/** Changes shown in the row itself; the rest when the row is expanded. */
const INLINE_CHANGES = 3;
const NOTHING = '（无）';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The changed fields of one entry, one line each, as the core described them (Chinese labels with
 * units, values in words — main/services/audit/describe.ts): 原值 → 新值 for a change, only the
 * value for something added (新增) or removed (删除).
 */
export function ChangeLines({ entry, all }: { entry: AuditView; all?: boolean }) {
  const shown = all ? entry.changes : entry.changes.slice(0, INLINE_CHANGES);
  if (!shown.length) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 18 }} aria-label="改动的字段">
      {shown.map((c, i) => (
        <li key={i}>
          <Typography.Text type="secondary">{c.label}：</Typography.Text>
          {c.before === NOTHING ? (
            <Typography.Text>{c.after}</Typography.Text>
          ) : c.after === NOTHING ? (
            <Typography.Text delete type="secondary">
              {c.before}
            </Typography.Text>
          ) : (
            <>
              <Typography.Text delete type="secondary">
                {c.before}
              </Typography.Text>
              {' → '}
              <Typography.Text>{c.after}</Typography.Text>
            </>
          )}
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
              日志指纹（可抄录备查，日后再次校验时比对）：
              <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
                {report.headHash}
              </Typography.Text>
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
 * old → new — with filters (time, operator, object type, action, words, one import batch), order
 * and page all kept in the address (a reload or the back button return to the same view), export
 * of what the filter shows to xlsx, and 校验 (the hash chain check).
 */
export function AuditLogCard() {
  // One set of fields, changed in one step: react-router's setter sees the address as rendered, so
  // two setters in one event (a filter and the page) would undo each other.
  const [f, setF] = useUrlFields(['from', 'to', 'operator', 'type', 'action', 'q', 'batch', 'entity', 'order', 'page']);
  const current = f.page && /^[1-9]\d*$/.test(f.page) ? Number(f.page) : 1;
  const order = f.order === 'asc' ? 'asc' : 'desc';
  const download = useDownload();

  const entityType = AUDIT_ENTITY_TYPES.find((t) => t === f.type);
  const action = AUDIT_ACTIONS.find((a) => a === f.action);
  const from = f.from && DAY.test(f.from) ? dayjs(f.from) : null;
  const to = f.to && DAY.test(f.to) ? dayjs(f.to) : null;
  const filter = useMemo<AuditFilter>(
    () => ({
      // Whole local days: from the start of the first to the start of the day after the last.
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
      operator: f.operator,
      entityType,
      action,
      batchId: f.batch,
      entityId: f.entity,
      search: f.q?.trim() || undefined,
    }),
    // from/to are derived from the address strings; depend on those, not on new Dayjs objects.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [f.from, f.to, f.operator, entityType, action, f.batch, f.entity, f.q],
  );
  const log = useOp('audit.query', { ...filter, page: current, pageSize: PAGE_SIZE, order }, { keepPrevious: true, silent: true });
  // On demand only (it reads the whole chain); each click checks again.
  const verify = useOp('audit.verify', {}, { enabled: false });

  /** A filter change starts at page 1 again. */
  const filtered = (patch: Parameters<typeof setF>[0]) => setF({ ...patch, page: undefined });
  const pickRange = (v: [Dayjs | null, Dayjs | null] | null) => filtered({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });

  return (
    <Card
      title="操作日志"
      data-testid="audit-card"
      extra={
        <Space>
          <Button size="small" icon={<SafetyCertificateOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()}>
            校验
          </Button>
          <Button size="small" icon={<DownloadOutlined />} loading={download.busy === 'audit'} onClick={() => download.run('audit', () => call('audit.export', filter))}>
            导出
          </Button>
          <Button size="small" icon={<ReloadOutlined />} loading={log.isFetching && !log.isPending} onClick={() => void log.refetch()}>
            刷新
          </Button>
        </Space>
      }
    >
      {verify.data && <VerifyResult report={verify.data} />}
      <Space wrap style={{ marginBottom: 12 }} data-testid="audit-filters">
        <DatePicker.RangePicker aria-label="时间范围" value={from || to ? [from, to] : null} onChange={pickRange} allowEmpty={[true, true]} placeholder={['开始日期', '结束日期']} />
        {/* Values are never undefined (null when unset): undefined would make the Select keep its own
            choice and show a filter the address no longer has (after the back button). */}
        <Select
          aria-label="操作人"
          placeholder="全部操作人"
          allowClear
          style={{ width: 170 }}
          value={f.operator ?? null}
          onChange={(v?: string) => filtered({ operator: v })}
          options={(log.data?.operators ?? []).map((o) => ({ value: o, label: personName(o) }))}
        />
        <Select
          aria-label="对象类型"
          placeholder="全部对象"
          allowClear
          style={{ width: 170 }}
          value={entityType ?? null}
          onChange={(v?: string) => filtered({ type: v })}
          options={AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: AUDIT_ENTITY_LABELS[t] }))}
        />
        <Select
          aria-label="操作"
          placeholder="全部操作"
          allowClear
          style={{ width: 150 }}
          value={action ?? null}
          onChange={(v?: string) => filtered({ action: v })}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
        />
        <Input.Search
          // Remounted when the address changes (back button): the box shows what is searched.
          key={f.q ?? ''}
          aria-label="搜索操作日志"
          placeholder="对象名称或内容中的字词"
          allowClear
          defaultValue={f.q}
          style={{ width: 240 }}
          onSearch={(v) => filtered({ q: v.trim() })}
        />
        {f.batch && (
          <Tag closable onClose={() => filtered({ batch: undefined })} color="blue">
            只看同一批次
          </Tag>
        )}
        {f.entity && (
          <Tag closable onClose={() => filtered({ entity: undefined })} color="blue">
            只看同一对象
          </Tag>
        )}
      </Space>
      {log.error && <Alert type="error" showIcon title="无法读取操作日志" description={log.error.message} style={{ marginBottom: 12 }} />}
      <Table<AuditView>
        rowKey="id"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.rows ?? []}
        locale={{ emptyText: log.data && log.data.total === 0 && Object.values(filter).some(Boolean) ? '没有符合条件的记录' : '暂无操作记录' }}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => setF({ page: p === 1 ? undefined : String(p) }),
          showTotal: (n) => `共 ${n} 条`,
        }}
        onChange={(_p, _f, sorter, { action: what }) => {
          if (what !== 'sort') return;
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          setF({ order: s?.order === 'ascend' ? 'asc' : undefined, page: undefined });
        }}
        columns={[
          {
            title: '时间',
            dataIndex: 'at',
            width: 140,
            sorter: true,
            sortOrder: order === 'asc' ? 'ascend' : 'descend',
            sortDirections: ['descend', 'ascend', 'descend'],
            render: (v: string) => formatDateTime(v),
          },
          { title: '操作人', dataIndex: 'operatorLabel', width: 150 },
          {
            title: '对象',
            key: 'entity',
            width: 210,
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
                {e.batchId && !f.batch && (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => filtered({ batch: e.batchId! })}>
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
