import { Alert, Button, Card, Col, Empty, Flex, InputNumber, Row, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { BalanceView } from '../../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS, formatForDisplay, whatIf, type CoefficientChange } from '../../../../shared/domain/balance';
import { useOp } from '../../api/queries';
import { STATUS_STYLE, VERDICT_COLOR, passText } from './labels';
import { planFields } from './what-if-fields';

type Planned = Record<string, number | null>;

/**
 * 测算: set a school's planned values and see its attainment and every coefficient recomputed live,
 * in the page, with the same shared code the server uses (nothing is stored).
 */
export function WhatIfPanel({ view }: { view: BalanceView }) {
  const candidates = view.input.schools.filter((s) => view.result.schools.find((r) => r.schoolId === s.id)?.sections.length);
  const firstFailing = view.result.schools.find((s) => s.sections.some((sb) => sb.attainment?.verdict === 'fail'))?.schoolId;
  const [schoolId, setSchoolId] = useState<string | undefined>(firstFailing ?? candidates[0]?.id);
  const [planned, setPlanned] = useState<Planned>({});
  // The planned values the user asked the server to check (as a key); a later edit hides the answer.
  const [verifyFor, setVerifyFor] = useState<string | null>(null);
  const school = view.input.schools.find((s) => s.id === schoolId);
  const fields = useMemo(() => (school ? planFields(school, view.result.profile) : []), [school, view.result.profile]);

  const live = useMemo(() => {
    if (!schoolId || Object.keys(planned).length === 0) return null;
    return whatIf(view.input, view.result, [{ schoolId, stats: planned }]);
  }, [view, schoolId, planned]);
  const after = live?.result ?? view.result;
  const before = view.result.schools.find((s) => s.schoolId === schoolId);
  const now = after.schools.find((s) => s.schoolId === schoolId);
  const changes: CoefficientChange[] = live?.coefficientChanges ?? [];

  const pick = (id: string) => {
    setSchoolId(id);
    setPlanned({});
    setVerifyFor(null);
  };
  const current = (key: string) => {
    const v = school?.stats[key];
    return typeof v === 'number' ? v : null;
  };

  // 核对: the same planned values computed by the core (the official computation); cached per planned values, so asking
  // twice costs nothing. Its error is shown in the panel.
  const plannedKey = schoolId ? JSON.stringify([schoolId, planned]) : '';
  const server = useOp(
    'balance.whatIf',
    {
      year: view.year,
      profile: view.result.profile.id as never,
      section: view.result.options.sections.length === 1 ? view.result.options.sections[0] : undefined,
      changes: [{ schoolId: schoolId ?? '', stats: planned }],
    },
    { enabled: !!live && verifyFor === plannedKey, silent: true },
  );
  const checked =
    verifyFor !== plannedKey || !live
      ? null
      : server.error
        ? { type: 'error' as const, text: `无法核对：${server.error.message}` }
        : server.data
          ? server.data.coefficientChanges.every((c, i) => c.after === changes[i]?.after)
            ? { type: 'info' as const, text: '正式计算的结果与本页测算一致。' }
            : { type: 'warning' as const, text: '正式计算的结果与本页测算不一致，请重新打开本页后再试。' }
          : null;

  if (!candidates.length) return <Empty description="没有参与计算的学校" />;
  return (
    <Row gutter={16}>
      <Col span={9}>
        <Card size="small" title="计划值">
          <Select
            aria-label="测算学校"
            data-testid="whatif-school"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%', marginBottom: 12 }}
            value={schoolId}
            onChange={pick}
            options={candidates.map((s) => ({ value: s.id, label: s.name }))}
          />
          {fields.map((f) => (
            <Flex key={f.key} align="center" justify="space-between" gap={8} style={{ marginBottom: 6 }}>
              <Typography.Text style={{ flex: 1 }}>
                {f.label}
                <Typography.Text type="secondary">（现 {current(f.key) ?? '未填'}）</Typography.Text>
              </Typography.Text>
              <InputNumber
                aria-label={`计划${f.label}`}
                data-testid={`whatif-field-${f.key}`}
                min={0}
                precision={f.whole ? 0 : 2}
                style={{ width: 150 }}
                value={f.key in planned ? planned[f.key] : current(f.key)}
                suffix={f.unit}
                onChange={(v) => setPlanned((p) => ({ ...p, [f.key]: v === null ? null : Number(v) }))}
              />
            </Flex>
          ))}
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button onClick={() => pick(schoolId ?? '')} disabled={!live}>
              恢复现值
            </Button>
            <Button onClick={() => setVerifyFor(plannedKey)} disabled={!live} loading={server.isFetching} data-testid="whatif-verify">
              核对测算结果
            </Button>
          </Flex>
          {checked && <Alert style={{ marginTop: 8 }} type={checked.type} showIcon title={checked.text} />}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            测算只在本页进行，不修改统计数据。清空某项表示按缺失处理。“核对测算结果”按同样的计划值做一次正式计算，确认本页结果无误。
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col span={15}>
        {now?.sections.map((sb) => {
          const prior = before?.sections.find((x) => x.section === sb.section);
          return (
            <Card key={sb.section} size="small" style={{ marginBottom: 12 }} title={`${now.schoolName}（${BALANCE_SECTION_LABELS[sb.section]}）`}
              extra={
                <Flex gap={4} align="center">
                  {prior?.attainment && <Tag color={VERDICT_COLOR[prior.attainment.verdict]}>现：{prior.attainment.verdictLabel}</Tag>}
                  →
                  {sb.attainment && <Tag data-testid={`whatif-verdict-${sb.section}`} color={VERDICT_COLOR[sb.attainment.verdict]}>测算：{sb.attainment.verdictLabel}</Tag>}
                </Flex>
              }
            >
              <Flex gap={6} wrap>
                {sb.attainment?.indicators.map((a, k) => (
                  <div key={a.code} data-testid={`whatif-value-${sb.section}-${a.code}`} data-status={a.status} style={{ background: STATUS_STYLE[a.status].background, color: STATUS_STYLE[a.status].color, padding: '4px 8px', borderRadius: 4, minWidth: 110 }}>
                    <div style={{ fontWeight: 600 }}>{a.code}</div>
                    <div>
                      {formatForDisplay(prior?.attainment?.indicators[k].value ?? null, 'value')} → {formatForDisplay(a.value, 'value')}
                    </div>
                    <div style={{ fontSize: 12 }}>标准 {formatForDisplay(a.threshold, 'threshold')}</div>
                  </div>
                ))}
              </Flex>
            </Card>
          );
        })}
        <Card size="small" title="差异系数（测算后）">
          {!live && <Typography.Paragraph type="secondary">修改左侧任一计划值后，这里显示每项差异系数的变化。</Typography.Paragraph>}
          <Table<CoefficientChange>
            data-testid="whatif-cv-table"
            size="small"
            pagination={false}
            rowKey={(c) => `${c.section}-${c.code}`}
            dataSource={live ? changes : []}
            columns={[
              { title: '学段', key: 's', width: 60, render: (_, c) => BALANCE_SECTION_LABELS[c.section] },
              { title: '指标', key: 'n', render: (_, c) => (c.code === 'composite' ? '综合（仅供参考）' : `${c.code} ${c.name}`) },
              { title: '现值', key: 'b', align: 'right', width: 90, render: (_, c) => formatForDisplay(c.before, 'cv') },
              { title: '测算', key: 'a', align: 'right', width: 90, render: (_, c) => <span data-testid={`whatif-cv-${c.section}-${c.code}`}>{formatForDisplay(c.after, 'cv')}</span> },
              { title: '变化', key: 'd', align: 'right', width: 90, render: (_, c) => (c.before !== null && c.after !== null ? `${c.after - c.before >= 0 ? '+' : ''}${formatForDisplay(c.after - c.before, 'cv')}` : '—') },
              { title: '结论', key: 'p', width: 130, render: (_, c) => (c.passAfter === null ? '—' : `${passText(c.passBefore)} → ${passText(c.passAfter)}`) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
