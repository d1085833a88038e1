/**
 * 台账 (issue 14): every item in number order with 编号, 问题来源, 责任单位, 问题描述, 整改时限 (逾期 /
 * 即将到期 in the 督办 colour), 状态 and 最新进展. The filter lives in the address (a reload or a
 * copied address shows the same items); the export buttons write exactly what the filter shows.
 * Selecting rows offers the batch actions.
 */
import { FileExcelOutlined, FilePdfOutlined, FileWordOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { SOURCE_KIND_LABELS, SOURCE_KINDS, type RectificationItem, type SourceKind } from '../../../../shared/api/contracts/rectification';
import type { LedgerExportFormat } from '../../../../shared/api/contracts/rectification-outputs';
import { RECTIFICATION_STATE_LABELS, RECTIFICATION_STATES, type RectificationState } from '../../../../shared/domain/rectification/states';
import { SUPERVISION_LEVEL_LABELS } from '../../../../shared/domain/rectification/supervision';
import { call } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlFields } from '../../app/url-state';
import { useDownload } from '../../components/use-download';
import { BatchActions } from './BatchActions';
import { DeadlineCell, StateTag } from './ItemTags';
import { filterFromFields, filterText, hasFilter, LEDGER_FILTER_KEYS, SUPERVISION_LEVELS } from './ledger-view';

const EXPORTS: { format: LedgerExportFormat; label: string; icon: React.ReactNode }[] = [
  { format: 'docx', label: '导出 Word', icon: <FileWordOutlined /> },
  { format: 'pdf', label: '导出 PDF', icon: <FilePdfOutlined /> },
  { format: 'xlsx', label: '导出 Excel', icon: <FileExcelOutlined /> },
];

const words = { state: (s: RectificationState) => RECTIFICATION_STATE_LABELS[s], source: (s: SourceKind) => SOURCE_KIND_LABELS[s] };

/** 按最新数据复核: compares the items born from data with the newest statistics and results. */
function RecheckButton() {
  const [message, setMessage] = useState<string | null>(null);
  const recheck = useOpMutation('rectification.recheck', { errorTitle: '数据复核未完成', onSuccess: (r) => setMessage(r.message) });
  return (
    <>
      <Button icon={<SyncOutlined />} loading={recheck.isPending} onClick={() => recheck.mutate({})}>
        按最新数据复核
      </Button>
      <Modal open={message !== null} title="数据复核" onCancel={() => setMessage(null)} footer={<Button onClick={() => setMessage(null)}>知道了</Button>}>
        <Typography.Paragraph data-testid="recheck-message">{message}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          数据显示已达标的事项改为“已完成待核验”，仍须核验后销号；情况变差的事项在督办看板中列出。
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

export function LedgerTab() {
  const [fields, setFields] = useUrlFields(LEDGER_FILTER_KEYS);
  const filter = useMemo(() => filterFromFields(fields), [fields]);
  const ledger = useOp('rectification.list', filter, { keepPrevious: true, silent: true });
  const [selected, setSelected] = useState<number[]>([]);
  const download = useDownload('导出整改台账失败');
  const [search, setSearch] = useState(fields.q ?? '');

  const columns: ColumnsType<RectificationItem> = [
    {
      title: '编号',
      key: 'number',
      width: 100,
      fixed: 'left',
      render: (_, r) => (
        <Typography.Link href={`#/rectification/${r.id}`} data-testid="item-link">
          {r.number}
        </Typography.Link>
      ),
    },
    {
      title: '问题来源',
      key: 'source',
      width: 180,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{SOURCE_KIND_LABELS[r.source.kind]}</span>
          {r.source.text && r.source.text !== SOURCE_KIND_LABELS[r.source.kind] && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.source.text}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '责任单位', dataIndex: 'ownerName', key: 'owner', width: 150 },
    { title: '问题描述', dataIndex: 'problem', key: 'problem', width: 280, render: (t: string) => <Typography.Paragraph ellipsis={{ rows: 3, tooltip: t }} style={{ marginBottom: 0 }}>{t}</Typography.Paragraph> },
    { title: '整改时限', key: 'deadline', width: 160, render: (_, r) => <DeadlineCell item={r} /> },
    { title: '状态', key: 'state', width: 120, render: (_, r) => <StateTag item={r} /> },
    {
      title: '最新进展',
      key: 'progress',
      width: 200,
      render: (_, r) =>
        r.latestProgress ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.latestProgress }} style={{ marginBottom: 0 }}>
            {r.latestProgress}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">尚无进展记录</Typography.Text>
        ),
    },
  ];

  const items = ledger.data?.items ?? [];
  const visible = new Set(items.map((i) => i.id));
  const chosen = selected.filter((id) => visible.has(id));
  const described = filterText(filter, words);

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={8} wrap align="center" data-testid="ledger-filters">
          <Select
            mode="multiple"
            aria-label="状态"
            placeholder="全部状态"
            allowClear
            style={{ minWidth: 180 }}
            value={filter.states ?? []}
            options={RECTIFICATION_STATES.map((s) => ({ value: s, label: RECTIFICATION_STATE_LABELS[s] }))}
            onChange={(v: RectificationState[]) => setFields({ state: v.join(',') })}
          />
          <Select
            aria-label="责任单位"
            placeholder="全部责任单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={filter.owner}
            options={(ledger.data?.owners ?? []).map((o) => ({ value: o, label: o }))}
            onChange={(v?: string) => setFields({ owner: v })}
          />
          <Select
            mode="multiple"
            aria-label="问题来源"
            placeholder="全部来源"
            allowClear
            style={{ minWidth: 180 }}
            value={filter.sourceKinds ?? []}
            options={SOURCE_KINDS.map((s) => ({ value: s, label: SOURCE_KIND_LABELS[s] }))}
            onChange={(v: SourceKind[]) => setFields({ source: v.join(',') })}
          />
          <Select
            aria-label="督办等级"
            placeholder="督办等级"
            allowClear
            style={{ width: 130 }}
            value={filter.level}
            options={SUPERVISION_LEVELS.map((l) => ({ value: l, label: SUPERVISION_LEVEL_LABELS[l] }))}
            onChange={(v?: string) => setFields({ level: v })}
          />
          <Checkbox checked={filter.overdue ?? false} onChange={(e) => setFields({ overdue: e.target.checked ? '1' : undefined })}>
            逾期
          </Checkbox>
          <Checkbox checked={filter.dueSoon ?? false} onChange={(e) => setFields({ soon: e.target.checked ? '1' : undefined })}>
            即将到期
          </Checkbox>
          <Input.Search
            aria-label="搜索整改事项"
            placeholder="编号、问题、单位、措施"
            allowClear
            style={{ width: 240 }}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setFields({ q: e.target.value }, { replace: true });
            }}
          />
          {hasFilter(filter) && (
            <Button
              type="link"
              onClick={() => {
                setSearch('');
                setFields(Object.fromEntries(LEDGER_FILTER_KEYS.map((k) => [k, undefined])));
              }}
            >
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>
      {ledger.error && <Alert type="error" showIcon title="无法读取整改台账" description={ledger.error.message} />}
      <Flex justify="space-between" align="center" wrap gap={8}>
        {chosen.length > 0 ? (
          <BatchActions ids={chosen} onDone={() => setSelected([])} />
        ) : (
          <Typography.Text type="secondary">
            {ledger.data ? `${described ? `按“${described}”筛选，` : ''}共 ${items.length} 项（台账共 ${ledger.data.counts.total} 项）；勾选事项可批量处理` : ' '}
          </Typography.Text>
        )}
        <Space wrap>
          <RecheckButton />
          {EXPORTS.map((e) => (
            <Button
              key={e.format}
              icon={e.icon}
              disabled={items.length === 0}
              loading={download.busy === e.format}
              onClick={() => download.run(e.format, () => call('rectification.export', { filter, format: e.format }))}
            >
              {e.label}
            </Button>
          ))}
        </Space>
      </Flex>
      <Card size="small">
        <Table<RectificationItem>
          data-testid="ledger-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={ledger.isPending && !ledger.error}
          scroll={{ x: 1190 }}
          rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: false }}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 项` }}
          locale={{ emptyText: hasFilter(filter) ? '没有符合筛选条件的事项' : '整改台账还没有事项' }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/rectification/${r.id}`) })}
        />
      </Card>
    </Flex>
  );
}
