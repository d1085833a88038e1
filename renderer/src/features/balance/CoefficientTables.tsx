import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { formatForDisplay, type BalanceResult, type IndicatorCoefficient, type SectionSummary, type TrendIndicatorPoint } from '../../../../shared/domain/balance';
import { passText } from './labels';

/** A table row: an indicator's figures as the shared trend view defines them, plus table-only columns. */
interface CvRow extends TrendIndicatorPoint {
  key: string;
  schoolCount: number | null;
  unweighted: number | null;
  composite: boolean;
  note: string | null;
}

function rowsOf(s: SectionSummary): CvRow[] {
  const rows: CvRow[] = s.indicators.map((i: IndicatorCoefficient) => ({
    key: i.code,
    code: i.code,
    name: i.name,
    mean: i.mean,
    sd: i.sd,
    cv: i.cv,
    limit: i.limit,
    tested: i.tested,
    pass: i.pass,
    schoolCount: i.schoolCount,
    unweighted: i.unweightedDiagnostic?.cv ?? null,
    composite: false,
    note: i.note ?? (i.missingSchools ? `${i.missingSchools} 所学校数据缺失，未计入` : null),
  }));
  rows.push({ key: 'composite', code: '综合', name: '综合差异系数（各项平均）', mean: null, sd: null, cv: s.composite.cv, limit: s.composite.limit, tested: s.composite.tested, pass: s.composite.pass, schoolCount: null, unweighted: null, composite: true, note: s.composite.note });
  return rows;
}

function SectionTable({ s }: { s: SectionSummary }) {
  return (
    <Card
      size="small"
      title={`${s.label}：${s.schoolCount} 所学校（学段），在校生 ${s.pupils} 人`}
      extra={<Tag color={s.pass === true ? 'green' : s.pass === false ? 'red' : 'default'}>{s.pass === true ? '达到要求' : s.pass === false ? '未达到要求' : '无法判定'}</Tag>}
      style={{ marginBottom: 16 }}
    >
      <Table<CvRow>
        data-testid={`cv-table-${s.section}`}
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rowsOf(s)}
        rowClassName={(r) => (r.composite ? 'row-composite' : '')}
        columns={[
          { title: '指标', key: 'name', render: (_, r) => (r.composite ? <Typography.Text type="secondary">{r.name}</Typography.Text> : `${r.code} ${r.name}`) },
          { title: '全县平均值', key: 'mean', align: 'right', width: 120, render: (_, r) => (r.composite ? '' : formatForDisplay(r.mean, 'mean')) },
          { title: '标准差', key: 'sd', align: 'right', width: 110, render: (_, r) => (r.composite ? '' : formatForDisplay(r.sd, 'sd')) },
          {
            title: '差异系数',
            key: 'cv',
            align: 'right',
            width: 130,
            render: (_, r) => (
              <Flex justify="flex-end" gap={6}>
                <span data-testid={`cv-${s.section}-${r.code === '综合' ? 'composite' : r.code}`} style={{ fontWeight: 600, color: r.pass === false ? '#b71c1c' : undefined }}>
                  {formatForDisplay(r.cv, 'cv')}
                </span>
                {!r.composite && (
                  <Tooltip title={`诊断（不作判定依据）：未加权差异系数 ${formatForDisplay(r.unweighted, 'cv')}。国家方法按学生数加权。`}>
                    <InfoCircleOutlined style={{ color: '#999' }} aria-label="未加权诊断" />
                  </Tooltip>
                )}
              </Flex>
            ),
          },
          { title: '限值', key: 'limit', align: 'right', width: 80, render: (_, r) => (r.tested ? r.limit.toFixed(2) : '—') },
          {
            title: '结论',
            key: 'pass',
            width: 120,
            render: (_, r) => (r.tested ? <Tag color={r.pass === true ? 'green' : r.pass === false ? 'red' : 'default'}>{passText(r.pass)}</Tag> : <Typography.Text type="secondary">{r.composite ? '仅供参考' : '不单独判定'}</Typography.Text>),
          },
          { title: '学校数', key: 'n', align: 'right', width: 70, render: (_, r) => r.schoolCount ?? '' },
          { title: '说明', key: 'note', render: (_, r) => <Typography.Text type="secondary">{r.note}</Typography.Text> },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{s.verdictText}</Typography.Paragraph>
    </Card>
  );
}

/** Mean, SD and CV per indicator against the profile's limits, as published tables lay them out. */
export function CoefficientTables({ result }: { result: BalanceResult }) {
  return (
    <>
      {result.sections.map((s) => (
        <SectionTable key={s.section} s={s} />
      ))}
      <Typography.Paragraph type="secondary">
        {result.profile.notes.join(' ')} 计算方法：全县平均值 = Σ（各校在校生数 × 各校指标值）÷ 全县在校生数；标准差 = √（Σ（各校在校生数 × (各校指标值 − 全县平均值)²）÷ 全县在校生数）；差异系数 = 标准差 ÷ 全县平均值。
      </Typography.Paragraph>
    </>
  );
}
