/**
 * 从评估结果生成 / 从差异系数测算生成 (issue 14): the user picks a round (its locked results) or a
 * statistics year (optionally under the 申报条件), reads the basis and the notes of the core's
 * proposal, keeps the problems they agree with, adjusts each one's 整改时限, 严重程度 and 责任单位
 * (or all selected at once), and confirms. Problems already in the ledger are shown with their
 * 编号 and cannot be chosen again. Nothing is stored before 确认生成.
 */
import { Alert, Button, Card, DatePicker, Empty, Flex, Input, Modal, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { SEVERITY_LABELS, SOURCE_KIND_LABELS, type Proposal, type ProposalSpec, type Severity } from '../../../../shared/api/contracts/rectification';
import { RECTIFICATION_STATE_LABELS } from '../../../../shared/domain/rectification/states';
import { useOp, useOpMutation } from '../../api/queries';
import { useUrlChoice, useUrlNumber } from '../../app/url-state';
import { useUnsavedChanges } from '../../app/unsaved';
import { ISO, SEVERITY_OPTIONS } from './ItemFields';
import { measureText, ownerFromValue, ownerValue } from './ledger-view';
import { OwnerSelect, useSchoolNames } from './OwnerSelect';

/** What the user changed on a proposal (absent: as proposed). */
interface Change {
  deadline?: string;
  severity?: Severity;
  owner?: string;
  person?: string;
}

const PROFILES = [
  { value: 'stored', label: '按该年度设定的评估标准' },
  { value: 'application2019', label: '按申报条件（2019）' },
] as const;

function Review({ spec, onConfirmed }: { spec: ProposalSpec; onConfirmed: (message: string) => void }) {
  const list = useOp('rectification.propose', spec, { silent: true });
  const schools = useSchoolNames();
  const [selected, setSelected] = useState<string[] | null>(null);
  const [changes, setChanges] = useState<Record<string, Change>>({});
  const [bulk, setBulk] = useState<{ deadline: Dayjs | null; severity?: Severity; person: string }>({ deadline: null, person: '' });
  const confirm = useOpMutation('rectification.confirm', { errorTitle: '无法生成整改事项', onSuccess: (r) => {
      setSelected(null);
      setChanges({});
      onConfirmed(r.message);
    },
  });

  const proposals = useMemo(() => list.data?.proposals ?? [], [list.data]);
  const fresh = proposals.filter((p) => !p.existing);
  // Every new problem is proposed as chosen until the user changes the selection.
  const keys = selected ?? fresh.map((p) => p.key);
  const dirty = selected !== null || Object.keys(changes).length > 0;
  useUnsavedChanges(dirty, '尚未确认的整改事项');

  const change = (key: string, patch: Change) => setChanges((c) => ({ ...c, [key]: { ...c[key], ...patch } }));
  const applyBulk = () => {
    const patch: Change = {};
    if (bulk.deadline) patch.deadline = bulk.deadline.format(ISO);
    if (bulk.severity) patch.severity = bulk.severity;
    if (bulk.person.trim()) patch.person = bulk.person.trim();
    setChanges((c) => Object.fromEntries([...Object.entries(c), ...keys.map((k) => [k, { ...c[k], ...patch }])]));
  };
  const submit = () => {
    const items = keys.map((key) => {
      const c = changes[key] ?? {};
      const owner = c.owner ? ownerFromValue(c.owner, (id) => schools.get(id)) : null;
      return { key, deadline: c.deadline, severity: c.severity, person: c.person, owner: owner ?? undefined };
    });
    confirm.mutate({ spec, items });
  };

  if (list.error) return <Alert type="warning" showIcon title="无法生成整改建议" description={list.error.message} data-testid="propose-error" />;
  if (!list.data) return <Skeleton active />;

  const columns: ColumnsType<Proposal> = [
    {
      title: '问题来源',
      key: 'source',
      width: 220,
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <span>{SOURCE_KIND_LABELS[p.source.kind]}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.source.text}
          </Typography.Text>
          {p.existing && (
            <Tag color="default" style={{ marginTop: 4 }}>
              已在台账：{p.existing.number}（{RECTIFICATION_STATE_LABELS[p.existing.state]}）
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: '问题描述',
      key: 'problem',
      width: 300,
      render: (_, p) => (
        <Space orientation="vertical" size={2}>
          <span>{p.problem}</span>
          {p.source.measure && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              当时数据：{measureText(p.source.measure)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '责任单位',
      key: 'owner',
      width: 200,
      render: (_, p) => (p.existing ? p.ownerName : <OwnerSelect ariaLabel={`${p.key} 责任单位`} value={changes[p.key]?.owner ?? ownerValue(p.owner)} onChange={(v) => change(p.key, { owner: v })} />),
    },
    {
      title: '整改时限',
      key: 'deadline',
      width: 150,
      render: (_, p) =>
        p.existing ? '—' : <DatePicker aria-label="整改时限" format={ISO} allowClear={false} value={dayjs(changes[p.key]?.deadline ?? p.deadline)} onChange={(d) => d && change(p.key, { deadline: d.format(ISO) })} />,
    },
    {
      title: '严重程度',
      key: 'severity',
      width: 110,
      render: (_, p) => (p.existing ? SEVERITY_LABELS[p.severity] : <Select aria-label="严重程度" value={changes[p.key]?.severity ?? p.severity} options={SEVERITY_OPTIONS} onChange={(v) => change(p.key, { severity: v })} style={{ width: 90 }} />),
    },
    {
      title: '责任人',
      key: 'person',
      width: 120,
      render: (_, p) => (p.existing ? '—' : <Input aria-label="责任人" maxLength={60} value={changes[p.key]?.person ?? ''} onChange={(e) => change(p.key, { person: e.target.value })} />),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="proposal-review">
      <Alert type="info" showIcon title={list.data.basis} description={list.data.notes.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{list.data.notes.map((n) => <li key={n}>{n}</li>)}</ul> : undefined} />
      {proposals.length === 0 ? (
        <Empty description="没有发现需要整改的问题" />
      ) : (
        <>
          <Flex gap={8} wrap align="center">
            <Typography.Text>
              共 {proposals.length} 条，其中 {proposals.length - fresh.length} 条已在台账；已选 {keys.length} 条。为所选统一设置：
            </Typography.Text>
            <DatePicker aria-label="统一整改时限" format={ISO} placeholder="整改时限" value={bulk.deadline} onChange={(d) => setBulk((b) => ({ ...b, deadline: d }))} />
            <Select aria-label="统一严重程度" placeholder="严重程度" allowClear options={SEVERITY_OPTIONS} value={bulk.severity} onChange={(v) => setBulk((b) => ({ ...b, severity: v }))} style={{ width: 110 }} />
            <Input aria-label="统一责任人" placeholder="责任人" maxLength={60} value={bulk.person} onChange={(e) => setBulk((b) => ({ ...b, person: e.target.value }))} style={{ width: 120 }} />
            <Button onClick={applyBulk} disabled={keys.length === 0 || (!bulk.deadline && !bulk.severity && !bulk.person.trim())}>
              应用到所选
            </Button>
          </Flex>
          <Table<Proposal>
            data-testid="proposals-table"
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={proposals}
            scroll={{ x: 1150 }}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 条` }}
            rowSelection={{ selectedRowKeys: keys, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (p) => ({ disabled: p.existing !== null }) }}
          />
          <Flex justify="end">
            <Button type="primary" disabled={keys.length === 0} loading={confirm.isPending} onClick={submit}>
              确认生成 {keys.length} 项整改事项
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}

export function ProposeTab({ onDone }: { onDone: () => void }) {
  const [from, setFrom] = useUrlChoice('from', ['round', 'balance'] as const, 'round');
  const [roundId, setRoundId] = useUrlNumber('round', null);
  const [year, setYear] = useUrlNumber('year', null);
  const [profile, setProfile] = useUrlChoice('profile', ['stored', 'application2019'] as const, 'stored');
  const rounds = useOp('rounds.list', {}, { silent: true });
  const years = useOp('stats.years', {}, { silent: true });
  const [message, setMessage] = useState<string | null>(null);

  const spec: ProposalSpec | null =
    from === 'round' ? (roundId ? { from: 'round', roundId } : null) : year ? { from: 'balance', year, profile: profile === 'application2019' ? 'application2019' : undefined } : null;

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={12} wrap align="center" data-testid="propose-source">
          <Radio.Group
            optionType="button"
            value={from}
            onChange={(e) => setFrom(e.target.value as 'round' | 'balance')}
            options={[
              { value: 'round', label: '从评估结果生成' },
              { value: 'balance', label: '从差异系数测算生成' },
            ]}
          />
          {from === 'round' ? (
            <Select
              aria-label="评估项目"
              placeholder="选择评估项目（须有已锁定评分的单位）"
              style={{ width: 360 }}
              value={roundId ?? undefined}
              onChange={(v: number) => setRoundId(v)}
              options={(rounds.data ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.year} 年）` }))}
              notFoundContent="还没有评估项目"
            />
          ) : (
            <>
              <Select
                aria-label="统计年度"
                placeholder="选择统计年度"
                style={{ width: 160 }}
                value={year ?? undefined}
                onChange={(v: number) => setYear(v)}
                options={(years.data ?? []).map((y) => ({ value: y, label: `${y} 年` }))}
                notFoundContent="还没有统计数据"
              />
              <Select aria-label="评估标准" style={{ width: 220 }} value={profile} onChange={(v) => setProfile(v)} options={[...PROFILES]} />
            </>
          )}
        </Flex>
      </Card>
      {spec ? (
        <Review key={JSON.stringify(spec)} spec={spec} onConfirmed={setMessage} />
      ) : (
        <Card>
          <Empty description={from === 'round' ? '选择一个评估项目：得分低于设定比例的指标、否决项和专家指出的问题将列为整改建议。' : '选择统计年度：未达标准的学校资源配置指标和超标的差异系数将列为整改建议。'} />
        </Card>
      )}
      <Modal
        open={message !== null}
        title="已生成整改事项"
        onCancel={() => setMessage(null)}
        footer={
          <Space>
            <Button onClick={() => setMessage(null)}>继续生成</Button>
            <Button
              type="primary"
              onClick={() => {
                setMessage(null);
                onDone();
              }}
            >
              查看台账
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph data-testid="confirm-message" style={{ marginBottom: 0 }}>
          {message}
        </Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
