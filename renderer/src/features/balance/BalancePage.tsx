import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Select, Segmented, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { BUILT_IN_PROFILES, PROFILE_IDS, type BalanceSection, type ProfileId } from '../../../../shared/domain/balance';
import { call } from '../../api/client';
import { useOp } from '../../api/queries';
import { useUrlChoice, useUrlNumber } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { useDownload } from '../../components/use-download';
import { AttainmentTable } from './AttainmentTable';
import { CoefficientTables } from './CoefficientTables';
import { ContributionsPanel } from './ContributionsPanel';
import { GapPanel } from './GapPanel';
import { NoticesPanel } from './NoticesPanel';
import { OptionsModal } from './OptionsModal';
import { askSaveFirst } from './ask-save-first';
import { chooseDefaultYear, skippedNotice, yearCoverage, YEARS_CHECKED, type CoverageState } from './default-year';
import { OverridesPanel, type OverrideDraft } from './OverridesPanel';
import { SECTION_OPTIONS } from './labels';
import { TrendPanel } from './TrendPanel';
import { WhatIfPanel } from './WhatIfPanel';
import './balance.css';

/** The page's tabs, as the address names them (…&tab=trend). */
const TAB_KEYS = ['attainment', 'cv', 'contrib', 'gaps', 'whatif', 'trend', 'notices', 'overrides'] as const;
type TabKey = (typeof TAB_KEYS)[number];
/** '' = the stored default profile (计算设置), otherwise a chosen one. */
const PROFILE_CHOICES = ['', ...PROFILE_IDS] as const;
const SECTION_CHOICES = ['all', 'primary', 'junior'] as const;

interface TabItem {
  key: TabKey;
  label: string;
  children: ReactNode;
  /** Unmount when another tab is shown (an editor whose discarded draft must really go). */
  destroyOnHidden?: boolean;
}

/** Tabs whose set changes with the profile: fall back to the first tab when the chosen one is gone. */
function BalanceTabs({ items, active, onChange }: { items: TabItem[]; active: TabKey; onChange: (k: TabKey) => void }) {
  const activeKey = items.some((i) => i.key === active) ? active : items[0].key;
  return <Tabs data-testid="balance-tabs" activeKey={activeKey} onChange={(k) => onChange(k as TabKey)} items={items} />;
}

/**
 * 差异系数: attainment, coefficients against their limits, contributions, gaps, what-if and trend for
 * one year. The year, profile, section, tab and each panel's choice are in the address, so reload,
 * back and a copied address show the same view.
 */
export function BalancePage() {
  const { modal } = App.useApp();
  const years = useOp('stats.years', {}, { silent: true });
  const [picked, setYear] = useUrlNumber('year', null);
  const [section, setSection] = useUrlChoice<BalanceSection | 'all'>('section', SECTION_CHOICES, 'all');
  const [profile, setProfile] = useUrlChoice<ProfileId | ''>('profile', PROFILE_CHOICES, '');
  const [tab, setTab] = useUrlChoice<TabKey>('tab', TAB_KEYS, 'attainment');
  const [optionsOpen, setOptionsOpen] = useState(false);
  // A half-entered override (人工调整 tab), so the export can ask whether to save it first.
  const overrideDraft = useRef<OverrideDraft | null>(null);
  const download = useDownload();
  // An explicit year in the address always wins. Without one (or with one that has no statistics,
  // deleted since) the page opens the newest reasonably complete year (default-year.ts): the
  // coverage of the newest few years is read for that, and only while it is needed.
  const explicit = years.data ? picked !== null && years.data.includes(picked) : picked !== null;
  const list = years.data ?? [];
  const needDefault = years.data !== undefined && !explicit;
  // One read per checked year (YEARS_CHECKED of them): hooks cannot be called in a loop.
  const cov0 = useOp('stats.completeness', { year: list[0] ?? 0 }, { enabled: needDefault && list.length > 0, silent: true });
  const cov1 = useOp('stats.completeness', { year: list[1] ?? 0 }, { enabled: needDefault && list.length > 1, silent: true });
  const cov2 = useOp('stats.completeness', { year: list[2] ?? 0 }, { enabled: needDefault && list.length > 2, silent: true });
  const coverages = [cov0, cov1, cov2].slice(0, YEARS_CHECKED);
  const coverageOf = (y: number): CoverageState => {
    const q = coverages[list.indexOf(y)];
    if (!q) return 'unknown';
    if (q.data) return yearCoverage(y, q.data);
    return q.error ? 'unknown' : 'loading';
  };
  const fallback = needDefault ? chooseDefaultYear(list, coverageOf) : null;
  const year = explicit ? picked : (fallback?.year ?? null);
  const notice = fallback ? skippedNotice(fallback) : null;
  const query = { year: year ?? 0, profile: profile || undefined, section: section === 'all' ? undefined : section };

  // The error is shown on the page, above the results.
  const view = useOp('balance.compute', query, { enabled: year !== null, keepPrevious: true, silent: true });
  const v = view.data;
  const effectiveProfile: ProfileId = profile || ((v?.result.profile.id as ProfileId | undefined) ?? 'quality2017');

  const exportExcel = async () => {
    if (year === null) return;
    const draft = overrideDraft.current;
    if (draft) {
      const choice = await askSaveFirst(modal, draft.label, '导出');
      if (choice === 'cancel' || (choice === 'save' && !(await draft.save()))) return;
    }
    await download.run('xlsx', () => call('balance.export', query));
  };
  const hasRule = !!v?.result.profile.perSchoolRule;

  const selectors = (
    <Flex gap={8} wrap align="center">
      <Select
        aria-label="年份"
        data-testid="balance-year"
        style={{ width: 110 }}
        value={year ?? undefined}
        placeholder="年份"
        onChange={(y) => setYear(y)}
        options={(years.data ?? []).map((y) => ({ value: y, label: `${y} 年` }))}
      />
      <Segmented aria-label="学段" data-testid="balance-section" value={section} onChange={(s) => setSection(s as BalanceSection | 'all')} options={SECTION_OPTIONS} />
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
      <Button icon={<DownloadOutlined />} disabled={year === null} loading={download.busy === 'xlsx'} onClick={() => void exportExcel()}>
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
      {notice && fallback && (
        <Alert
          type="info"
          showIcon
          data-testid="balance-year-notice"
          style={{ marginBottom: 16 }}
          title={notice}
          action={
            <Flex gap={4} wrap>
              {fallback.skipped.map((c) => (
                <Button key={c.year} size="small" onClick={() => setYear(c.year)}>
                  查看 {c.year} 年
                </Button>
              ))}
            </Flex>
          }
        />
      )}
      {(view.error || years.error) && <Alert type="error" showIcon title="无法计算" description={(view.error ?? years.error)?.message} style={{ marginBottom: 16 }} />}
      {!v ? (
        !view.error && !years.error && <Spin />
      ) : (
        <Spin spinning={view.isFetching}>
          <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="balance-verdicts">
            {v.result.sections.map((s) => (
              <Tag key={s.section} color={s.pass === true ? 'green' : s.pass === false ? 'red' : 'default'} style={{ fontSize: 13, padding: '2px 8px' }}>
                {s.label}：{s.verdictText}
                {s.attainment ? `；学校达标 ${s.attainment.pass}/${s.attainment.evaluated}` : ''}
              </Tag>
            ))}
            <Tooltip title={v.basis.description}>
              <Tag data-testid="balance-basis" color={v.basis.id === 'unit' ? 'blue' : 'default'} style={{ fontSize: 13, padding: '2px 8px' }}>
                计算口径：{v.basis.label}
              </Tag>
            </Tooltip>
            <Typography.Text type="secondary">
              差异系数按学生数加权；平均值、标准差、差异系数保留 4 位小数，指标值保留 3 位小数（计算为全精度）。
            </Typography.Text>
          </Flex>
          <BalanceTabs
            active={tab}
            onChange={setTab}
            items={[
              ...(hasRule ? [{ key: 'attainment' as const, label: '学校达标', children: <AttainmentTable result={v.result} overrides={v.overrides} /> }] : []),
              { key: 'cv', label: '差异系数', children: <CoefficientTables result={v.result} /> },
              { key: 'contrib', label: '贡献度', children: <ContributionsPanel result={v.result} /> },
              ...(hasRule ? [{ key: 'gaps' as const, label: '达标差距', children: <GapPanel result={v.result} /> }] : []),
              { key: 'whatif', label: '测算', children: <WhatIfPanel key={`${v.year}-${effectiveProfile}-${section}`} view={v} /> },
              { key: 'trend', label: '历年趋势', children: <TrendPanel profile={effectiveProfile} section={section === 'all' ? undefined : section} /> },
              { key: 'notices', label: `排除与提示（${v.result.exclusions.length + v.notInOperation.length + v.result.warnings.length + v.basisNotes.length}）`, children: <NoticesPanel view={v} /> },
              {
                key: 'overrides',
                label: `人工调整（${v.overrides.length}）`,
                // Switching tab with a half-entered figure asks first (the tab is in the address); 放弃修改 really drops it.
                destroyOnHidden: true,
                children: <OverridesPanel key={v.year} view={v} draftRef={overrideDraft} />,
              },
            ]}
          />
        </Spin>
      )}
      <OptionsModal open={optionsOpen} onClose={() => setOptionsOpen(false)} />
    </>
  );
}
