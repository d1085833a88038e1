import { FundOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import type { ProfileId } from '../../../../shared/domain/balance';
import { FormatPicker, type FormatChoice } from './FormatPicker';
import { useGenerate } from './use-generate';
import { useDocumentOptions } from './use-options';

export const PROFILE_OPTIONS: { label: string; value: ProfileId | '' }[] = [
  { label: '按差异系数页面的默认方案', value: '' },
  { label: '优质均衡（2017）', value: 'quality2017' },
  { label: '基本均衡（2012）', value: 'basic2012' },
  { label: '申报条件（重庆 2019）', value: 'application2019' },
];

/** 差异系数测算报告 for one year: the same computation as the 差异系数 page. */
export function BalanceReportCard() {
  const { years, loading } = useDocumentOptions();
  const [year, setYear] = useState<number | null>(null);
  const [profile, setProfile] = useState<ProfileId | ''>('');
  const [format, setFormat] = useState<FormatChoice>('pdf');
  const { busy, generate } = useGenerate();
  const chosen = year ?? years[0] ?? null;

  return (
    <Card title="差异系数测算报告" data-testid="balance-report-card">
      <Typography.Paragraph type="secondary">
        测算方法、各校七项指标值、差异系数与标准对照、差异来源、图表和文字结论，数字与“差异系数”页面一致。
      </Typography.Paragraph>
      {!loading && years.length === 0 ? (
        <Empty description="还没有统计数据，请先在“学校”中录入或导入统计数据" />
      ) : (
        <Flex gap={12} wrap align="center">
          <Select aria-label="年份" style={{ width: 120 }} value={chosen} onChange={setYear} options={years.map((y) => ({ label: `${y} 年`, value: y }))} />
          <Select aria-label="评估方案" style={{ width: 240 }} value={profile} onChange={setProfile} options={PROFILE_OPTIONS} />
          <FormatPicker value={format} onChange={setFormat} />
          <Button
            type="primary"
            icon={<FundOutlined />}
            loading={busy}
            disabled={chosen === null}
            data-testid="generate-balance"
            onClick={() => chosen !== null && generate({ kind: 'balance', year: chosen, profile: profile || undefined }, format)}
          >
            生成报告
          </Button>
        </Flex>
      )}
    </Card>
  );
}
