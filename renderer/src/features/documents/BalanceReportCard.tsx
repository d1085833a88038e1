import { FundOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { BUILT_IN_PROFILES, PROFILE_IDS, type ProfileId } from '../../../../shared/domain/balance';
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
 * standard are in the address (…&year=2024&profile=basic2012), so reload and back keep them.
 */
export function BalanceReportCard() {
  const { years, loading } = useDocumentOptions();
  const [year, setYear] = useUrlNumber('year', null);
  const [profile, setProfile] = useUrlChoice<ProfileId | ''>('profile', PROFILE_CHOICES, '');
  const [format, setFormat] = useState<FormatChoice>('pdf');
  const { busy, generate } = useGenerate();
  // A year in the address without statistics (deleted since) falls back to the latest.
  const chosen = year !== null && years.includes(year) ? year : (years[0] ?? null);

  return (
    <Card title="差异系数测算报告" data-testid="balance-report-card">
      <Typography.Paragraph type="secondary">
        测算方法、各校各项指标值、差异系数与标准对照、差异来源、图表和文字结论，数字与“差异系数”页面一致。
      </Typography.Paragraph>
      {!loading && years.length === 0 ? (
        <Empty description="还没有统计数据，请先在“学校”中录入或导入统计数据" />
      ) : (
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
            onClick={() => chosen !== null && void generate({ kind: 'balance', year: chosen, profile: profile || undefined }, format)}
          >
            生成报告
          </Button>
        </Flex>
      )}
    </Card>
  );
}
