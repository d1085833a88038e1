import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { BalanceOverride } from '../../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS, formatForDisplay, type BalanceResult, type IndicatorAttainment, type SchoolSectionBalance } from '../../../../shared/domain/balance';
import { AttainmentDetail } from './AttainmentDetail';
import { STATUS_STYLE, VERDICT_COLOR } from './labels';

export interface AttainmentRow {
  key: string;
  schoolId: string;
  schoolName: string;
  schoolType: string;
  sb: SchoolSectionBalance;
}

export function attainmentRows(result: BalanceResult): AttainmentRow[] {
  return result.schools.flatMap((s) => s.sections.map((sb) => ({ key: `${s.schoolId}-${sb.section}`, schoolId: s.schoolId, schoolName: s.schoolName, schoolType: s.schoolType, sb })));
}

function ValueCell({ a }: { a: IndicatorAttainment }) {
  const style = STATUS_STYLE[a.status];
  const tip = (
    <div>
      <div>
        {a.code} {a.name}（{a.unit}）
      </div>
      <div>指标值：{formatForDisplay(a.value, 'value')}</div>
      <div>标准值：{formatForDisplay(a.threshold, 'threshold')}</div>
      <div>85% 底线：{formatForDisplay(a.floor, 'threshold')}</div>
      {a.status !== 'met' && a.status !== 'missing' && <div>差额：{formatForDisplay(a.shortfall, 'shortfall')}</div>}
      {a.missing.length > 0 && <div>缺少：{a.missing.map((m) => m.label).join('、')}</div>}
      <div>{style.label}</div>
    </div>
  );
  return (
    <Tooltip title={tip}>
      <div data-status={a.status} data-code={a.code} style={{ background: style.background, color: style.color, padding: '4px 8px', borderRadius: 4, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {a.status === 'missing' ? '缺失' : formatForDisplay(a.value, 'value')}
      </div>
    </Tooltip>
  );
}

/** One row per school section: the seven values coloured by status, the verdict; expand for thresholds, shortfalls and notes. */
export function AttainmentTable({ result, overrides }: { result: BalanceResult; overrides: BalanceOverride[] }) {
  const inds = result.profile.indicators;
  const rows = attainmentRows(result);
  const schoolNames = [...new Set(rows.map((r) => r.schoolName))];
  const sections = [...new Set(rows.map((r) => r.sb.section))];
  // The verdicts present, with the words the table shows for them.
  const verdicts = [...new Map(rows.flatMap((r) => (r.sb.attainment ? [[r.sb.attainment.verdict, r.sb.attainment.verdictLabel] as const] : []))).entries()];
  const columns: ColumnsType<AttainmentRow> = [
    {
      title: '学校',
      dataIndex: 'schoolName',
      fixed: 'left',
      width: 190,
      sorter: (a, b) => byPinyin(a.schoolName, b.schoolName),
      filters: schoolNames.map((n) => ({ text: n, value: n })),
      filterSearch: true,
      onFilter: (v, r) => r.schoolName === v,
      render: (name: string, r) => <span data-testid="attainment-school">{name}{r.sb.overrides.length > 0 && <Tag style={{ marginLeft: 6 }}>人工调整</Tag>}</span>,
    },
    {
      // Fixed with the school: a nine-year school has a row per section, and the two must stay apart while scrolling.
      title: '学段',
      key: 'section',
      width: 70,
      fixed: 'left',
      filters: sections.length > 1 ? sections.map((s) => ({ text: BALANCE_SECTION_LABELS[s], value: s })) : undefined,
      onFilter: (v, r) => r.sb.section === v,
      render: (_, r) => BALANCE_SECTION_LABELS[r.sb.section],
    },
    { title: '学生数', key: 'pupils', width: 90, align: 'right', sorter: (a, b) => (a.sb.pupils ?? -1) - (b.sb.pupils ?? -1), render: (_, r) => r.sb.pupils ?? '—' },
    ...inds.map((ind, k) => ({
      title: (
        <Tooltip title={`${ind.name}（${ind.unit}）；标准：小学 ≥ ${ind.thresholds?.primary}，初中 ≥ ${ind.thresholds?.junior}`}>
          {ind.code}
        </Tooltip>
      ),
      key: ind.code,
      width: 96,
      render: (_: unknown, r: AttainmentRow) => (r.sb.attainment ? <ValueCell a={r.sb.attainment.indicators[k]} /> : '—'),
    })),
    {
      title: '结论',
      key: 'verdict',
      width: 110,
      fixed: 'right',
      filters: verdicts.map(([value, text]) => ({ text, value })),
      onFilter: (v, r) => r.sb.attainment?.verdict === v,
      render: (_, r) =>
        r.sb.attainment && (
          <Tooltip title={r.sb.attainment.explanation}>
            <Tag color={VERDICT_COLOR[r.sb.attainment.verdict]} data-testid="verdict" data-verdict={r.sb.attainment.verdict}>
              {r.sb.attainment.verdictLabel}
            </Tag>
          </Tooltip>
        ),
    },
  ];
  return (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 8 }}>
        {Object.entries(STATUS_STYLE).map(([k, s]) => (
          <span key={k} style={{ background: s.background, color: s.color, padding: '2px 8px', borderRadius: 4 }}>
            {s.label}
          </span>
        ))}
        <Typography.Text type="secondary">每校至少 6 项达到标准，其余 1 项不低于标准的 85%。悬停查看标准值、85% 底线与差额，展开查看明细。</Typography.Text>
      </Flex>
      <Table<AttainmentRow>
        data-testid="attainment-table"
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.sb.attainment?.verdict === 'fail' ? 'row-failing' : '')}
        expandable={{ expandedRowRender: (r) => <AttainmentDetail row={r} overrides={overrides.filter((o) => String(o.schoolId) === r.schoolId && o.section === r.sb.section)} /> }}
      />
    </>
  );
}
