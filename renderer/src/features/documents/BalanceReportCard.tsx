import { FundOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { BUILT_IN_PROFILES, PROFILE_IDS, type ProfileId } from '../../../../shared/domain/balance';
import { useOp } from '../../api/queries';
import { useUrlChoice, useUrlNumber } from '../../app/url-state';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { useGenerate } from './use-generate';
import { useDocumentOptions } from './use-options';

/** '' = the default profile of 差异系数 → 计算设置. */
const PROFILE_CHOICES = ['', ...PROFILE_IDS] as const;

const PROFILE_OPTIONS: { label: string; value: ProfileId | '' }[] = [
  { label: '按差异系数页面的默认标准', value: '' },
  ...PROFILE_IDS.map((id) => ({ label: BUILT_IN_PROFILES[id].name, value: id })),
];

/**
 * 差异系数测算报告 for one year: the same computation as the 差异系数 page. The year and the
 * standard are in the address (…&year=2024&profile=basic2012), so reload and back keep them. The
 * 委托单位, 测算单位 and 统计时点 are typed here: left empty, the opening names no 委托单位,
 * the office's 署名 (设置 → 公文) is the 测算单位, and the 统计时点 is 1 September of the year.
 */
export function BalanceReportCard() {
  const { years, loading } = useDocumentOptions();
  const [year, setYear] = useUrlNumber('year', null);
  const [profile, setProfile] = useUrlChoice<ProfileId | ''>('profile', PROFILE_CHOICES, '');
  const [format, setFormat] = useState<FormatChoice>('pdf');
  const [commissioner, setCommissioner] = useState('');
  const [measurer, setMeasurer] = useState('');
  const [referenceDate, setReferenceDate] = useState<Dayjs | null>(null);
  const settings = useOp('documents.getSettings', {}, { silent: true });
  const { busy, generate } = useGenerate();
  // A year in the address without statistics (deleted since) falls back to the latest.
  const chosen = year !== null && years.includes(year) ? year : (years[0] ?? null);

  return (
    <Card title="差异系数测算报告" data-testid="balance-report-card">
      <Typography.Paragraph type="secondary">
        测算依据和标准值、数据来源和核查、测算方法、各校各项指标值、差异系数与标准对照、差异来源、图表、结论和建议，数字与“差异系数”页面一致。
      </Typography.Paragraph>
      {!loading && years.length === 0 ? (
        <Empty description="还没有统计数据，请先在“学校”中录入或导入统计数据" />
      ) : (
        <Flex vertical gap={12}>
          <Form layout="vertical" component="div" style={{ maxWidth: 760 }}>
            <Flex gap={12} wrap>
              <Form.Item label="委托单位" extra="不填则报告开头不写委托单位" style={{ flex: '1 1 220px', marginBottom: 0 }}>
                <Input data-testid="report-commissioner" maxLength={60} value={commissioner} onChange={(e) => setCommissioner(e.target.value)} placeholder="如：某县人民政府教育督导委员会" />
              </Form.Item>
              <Form.Item label="测算单位" extra="不填则为本单位署名（设置 → 公文）" style={{ flex: '1 1 220px', marginBottom: 0 }}>
                <Input data-testid="report-measurer" maxLength={60} value={measurer} onChange={(e) => setMeasurer(e.target.value)} placeholder={settings.data?.signature ?? '本单位署名'} />
              </Form.Item>
              <Form.Item label="统计时点" extra="不填则为该年 9 月 1 日（学年初）" style={{ flex: '0 1 240px', marginBottom: 0 }}>
                <DatePicker data-testid="report-reference-date" style={{ width: '100%' }} placeholder="选择日期" value={referenceDate} onChange={(d) => setReferenceDate(d)} />
              </Form.Item>
            </Flex>
          </Form>
          <Flex gap={12} wrap align="center">
            <Select aria-label="报告年份" data-testid="report-year" style={{ width: 120 }} value={chosen} onChange={(y) => setYear(y)} options={years.map((y) => ({ label: `${y} 年`, value: y }))} />
            <Select aria-label="评估标准" style={{ width: 300 }} value={profile} onChange={(p) => setProfile(p)} options={PROFILE_OPTIONS} />
            <FormatPicker value={format} onChange={setFormat} />
            <Button
              type="primary"
              icon={<FundOutlined />}
              loading={busy}
              disabled={chosen === null}
              data-testid="generate-balance"
              onClick={() =>
                chosen !== null &&
                void generate(
                  {
                    kind: 'balance',
                    year: chosen,
                    profile: profile || undefined,
                    commissioner: commissioner.trim() || undefined,
                    measurer: measurer.trim() || undefined,
                    referenceDate: referenceDate ? referenceDate.format('YYYY-MM-DD') : undefined,
                  },
                  format,
                )
              }
            >
              生成报告
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}
