import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Select, Segmented, Spin, Tabs, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { BUILT_IN_PROFILES, PROFILE_IDS, type BalanceSection, type ProfileId } from '../../../../shared/domain/balance';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { PageHeader } from '../../components/PageHeader';
import { useDownload } from '../../components/use-download';
import { AttainmentTable } from './AttainmentTable';
import { CoefficientTables } from './CoefficientTables';
import { ContributionsPanel } from './ContributionsPanel';
import { GapPanel } from './GapPanel';
import { NoticesPanel } from './NoticesPanel';
import { OptionsModal } from './OptionsModal';
import { OverridesPanel } from './OverridesPanel';
import { SECTION_OPTIONS } from './labels';
import { TrendPanel } from './TrendPanel';
import { WhatIfPanel } from './WhatIfPanel';
import './balance.css';

/** Tabs whose set changes with the profile: fall back to the first tab when the chosen one is gone. */
function BalanceTabs({ items, active, onChange }: { items: { key: string; label: string; children: ReactNode }[]; active: string; onChange: (k: string) => void }) {
  const activeKey = items.some((i) => i.key === active) ? active : items[0].key;
  return <Tabs data-testid="balance-tabs" activeKey={activeKey} onChange={onChange} items={items} />;
}

/** 差异系数: attainment, coefficients against their limits, contributions, gaps, what-if and trend for one year. */
export function BalancePage() {
  const years = useRemote(() => call('stats.years', {}), []);
  const [picked, setPicked] = useState<number | null>(null);
  const [section, setSection] = useState<BalanceSection | 'all'>('all');
  const [profile, setProfile] = useState<ProfileId | null>(null);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [tab, setTab] = useState('attainment');
  const download = useDownload();
  const year = picked ?? years.data?.[0] ?? null;
  const query = { year: year ?? 0, profile: profile ?? undefined, section: section === 'all' ? undefined : section };

  const view = useRemote(() => (year === null ? Promise.resolve(undefined) : call('balance.compute', query)), [year, profile, section]);
  const v = view.data;
  const effectiveProfile: ProfileId = profile ?? (v?.result.profile.id as ProfileId | undefined) ?? 'quality2017';
  const hasRule = !!v?.result.profile.perSchoolRule;

  const selectors = (
    <Flex gap={8} wrap align="center">
      <Select
        aria-label="年份"
        data-testid="balance-year"
        style={{ width: 110 }}
        value={year ?? undefined}
        placeholder="年份"
        onChange={setPicked}
        options={(years.data ?? []).map((y) => ({ value: y, label: `${y} 年` }))}
      />
      <Segmented aria-label="学段" value={section} onChange={(s) => setSection(s as BalanceSection | 'all')} options={SECTION_OPTIONS} />
      <Select
        aria-label="评估标准"
        data-testid="balance-profile"
        style={{ width: 290 }}
        value={effectiveProfile}
        onChange={(p) => setProfile(p)}
        options={PROFILE_IDS.map((id) => ({ value: id, label: BUILT_IN_PROFILES[id].name }))}
      />
      <Button icon={<SettingOutlined />} onClick={() => setOptionsOpen(true)}>
        计算设置
      </Button>
      <Button icon={<DownloadOutlined />} disabled={year === null} loading={download.busy === 'xlsx'} onClick={() => download.run('xlsx', () => call('balance.export', query))}>
        导出 Excel
      </Button>
    </Flex>
  );

  if (years.data && years.data.length === 0) {
    return (
      <>
        <PageHeader title="差异系数" subtitle="资源配置与校际均衡" />
        <Empty description="还没有统计数据。请先在“学校”中录入或导入各校年度统计数据（或在“设置”中加载演示数据）。" />
      </>
    );
  }

  return (
    <>
      <PageHeader title="差异系数" subtitle={v ? `${v.result.profile.basis}` : '资源配置与校际均衡'} extra={selectors} />
      {(view.error || years.error) && <Alert type="error" showIcon title="无法计算" description={view.error ?? years.error} style={{ marginBottom: 16 }} />}
      {!v ? (
        <Spin />
      ) : (
        <Spin spinning={view.loading}>
          <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="balance-verdicts">
            {v.result.sections.map((s) => (
              <Tag key={s.section} color={s.pass === true ? 'green' : s.pass === false ? 'red' : 'default'} style={{ fontSize: 13, padding: '2px 8px' }}>
                {s.label}：{s.verdictText}
                {s.attainment ? `；学校达标 ${s.attainment.pass}/${s.attainment.evaluated}` : ''}
              </Tag>
            ))}
            <Typography.Text type="secondary">
              差异系数按学生数加权；平均值、标准差、差异系数保留 4 位小数，指标值保留 3 位小数（计算为全精度）。
            </Typography.Text>
          </Flex>
          <BalanceTabs
            active={tab}
            onChange={setTab}
            items={[
              ...(hasRule ? [{ key: 'attainment', label: '学校达标', children: <AttainmentTable result={v.result} overrides={v.overrides} /> }] : []),
              { key: 'cv', label: '差异系数', children: <CoefficientTables result={v.result} /> },
              { key: 'contrib', label: '贡献度', children: <ContributionsPanel result={v.result} /> },
              ...(hasRule ? [{ key: 'gaps', label: '达标差距', children: <GapPanel result={v.result} /> }] : []),
              { key: 'whatif', label: '测算', children: <WhatIfPanel key={`${v.year}-${effectiveProfile}-${section}`} view={v} /> },
              { key: 'trend', label: '历年趋势', children: <TrendPanel profile={effectiveProfile} section={section === 'all' ? undefined : section} /> },
              { key: 'notices', label: `排除与提示（${v.result.exclusions.length + v.notInOperation.length + v.result.warnings.length}）`, children: <NoticesPanel view={v} /> },
              { key: 'overrides', label: `人工调整（${v.overrides.length}）`, children: <OverridesPanel view={v} onChanged={view.reload} /> },
            ]}
          />
        </Spin>
      )}
      <OptionsModal open={optionsOpen} onClose={() => setOptionsOpen(false)} onSaved={view.reload} />
    </>
  );
}
