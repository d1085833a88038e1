import { ArrowLeftOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Space, Spin, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { formatNumber, LEVEL_LABELS, maxTotalChange, nominalTotal, validateIndicatorSystem, type IndicatorSystem } from '../../../../shared/domain/indicators';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUnsavedChanges } from '../../app/unsaved';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { VersionDiffTab } from './diff/VersionDiffTab';
import './indicators.css';
import { ResultsTab } from './results/ResultsTab';
import { RulesTab } from './rules/RulesTab';
import { StateTag } from './StateTag';
import { TreeEditor } from './tree/TreeEditor';
import { TrialPanel } from './trial/TrialPanel';
import { useSystemActions } from './use-system-actions';

const TABS = ['tree', 'rules', 'trial', 'results', 'diff'] as const;
type Tab = (typeof TABS)[number];

/**
 * One version of a system: tree editor, rules and bands, trial, stored results, diff. Read-only
 * unless a draft. Edits of the tree, the rules and the bands are held here until 保存; leaving the
 * page with them asks first (保存并离开 / 放弃修改 / 继续编辑). A change of 满分 is stated before it
 * is saved and again before publishing.
 */
export function SystemPage({ id }: { id: number }) {
  const [urlTab, setUrlTab] = useUrlChoice<Tab>('tab', TABS, 'tree');
  // The error is shown in place of the page.
  const detail = useOp('indicators.get', { id }, { silent: true });
  const [edited, setEdited] = useState<IndicatorSystem | null>(null);
  const actions = useSystemActions();
  const update = useOpMutation('indicators.update', { errorTitle: '保存失败', success: '已保存' });

  const saved = detail.data?.system;
  const system = edited ?? saved;
  const dirty = edited !== null;
  const { modal } = App.useApp();
  const messages = useMemo(() => (system ? validateIndicatorSystem(system) : []), [system]);
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;

  // The version this one was copied from, to state a change of 满分 before publishing.
  const list = useOp('indicators.list', {}, { enabled: (detail.data?.summary.basedOnVersion ?? null) !== null });
  const baseId = list.data?.find((f) => f.key === detail.data?.summary.key)?.versions.find((v) => v.version === detail.data?.summary.basedOnVersion)?.id;
  const base = useOp('indicators.get', { id: baseId ?? 0 }, { enabled: baseId !== undefined });
  const unsavedMax = useMemo(() => (saved && edited ? maxTotalChange(saved, edited) : null), [saved, edited]);
  const sinceBase = useMemo(() => (base.data && system && detail.data?.summary.state === 'draft' ? maxTotalChange(base.data.system, system) : null), [base.data, system, detail.data]);

  // Tabs live in the address, and the guard asks before any change of address. The edits are kept
  // across this page's tabs, so while they are unsaved a tab switch stays local (no question); the
  // next switch after saving or discarding puts the tab back into the address.
  const [localTab, setLocalTab] = useState<Tab | null>(null);
  const tab = localTab ?? urlTab;
  const chooseTab = (t: Tab) => {
    if (dirty) return setLocalTab(t);
    setLocalTab(null);
    setUrlTab(t);
  };

  const save = async (): Promise<boolean> => {
    if (!edited) return true;
    try {
      await update.mutateAsync({ id, system: edited });
      setEdited(null);
      return true;
    } catch {
      return false; // already notified by the data layer
    }
  };
  const guard = useUnsavedChanges(dirty, system ? `指标体系“${system.name}”第 ${detail.data?.summary.version ?? ''} 版的修改` : '指标体系的修改', save);

  if (detail.error) return <Alert type="error" showIcon title="无法打开指标体系" description={detail.error.message} />;
  if (!detail.data || !system) return <Spin />;
  const d = detail.data;
  const readOnly = d.editBlockedReason !== null;

  const publish = async () => {
    // Unsaved edits are never published silently, nor dropped: the user chooses to save first,
    // or cancels and nothing happens.
    if (dirty) {
      const saveFirst = await modal.confirm({
        title: '发布前需要先保存修改',
        content: '本版本有未保存的修改。保存后再发布；取消则不保存也不发布。',
        okText: '保存并继续发布',
        cancelText: '取消',
      });
      if (!saveFirst || !(await save())) return;
    }
    actions.publish({ ...d.summary, errorCount: errors }, sinceBase ? `与第 ${d.summary.basedOnVersion} 版相比，${sinceBase.message}。` : null);
  };

  const toolbar = (
    <Space wrap>
      {!readOnly && (
        <>
          <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={update.isPending} onClick={() => void save()}>
            保存
          </Button>
          <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setEdited(null)}>
            放弃修改
          </Button>
          <Button disabled={errors > 0} title={errors ? '有错误，不能发布' : undefined} onClick={() => void publish()}>
            发布
          </Button>
        </>
      )}
      {readOnly && (
        <Button loading={actions.busy === `new-${id}`} onClick={() => actions.newVersion(d.summary)}>
          新版本
        </Button>
      )}
      <Button loading={actions.busy === `export-${id}`} disabled={dirty} title={dirty ? '请先保存' : undefined} onClick={() => actions.exportExcel(d.summary)}>
        导出 Excel
      </Button>
      {d.summary.state !== 'archived' && <Button onClick={() => actions.archive(d.summary)}>归档</Button>}
    </Space>
  );

  const change = (s: IndicatorSystem) => setEdited(s);
  const back = async () => {
    // The guard asks on navigation anyway; asking here first keeps the list from flashing.
    if (await guard.confirmDiscard()) {
      guard.markClean();
      navigate('/indicators');
    }
  };

  return (
    <>
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回指标体系列表" onClick={() => void back()} />}
        title={
          <Space>
            <span data-testid="system-title">{system.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 16, fontWeight: 'normal' }}>
              第 {d.summary.version} 版
            </Typography.Text>
            <StateTag state={d.summary.state} />
          </Space>
        }
        subtitle={[`评估对象：${LEVEL_LABELS[system.level]}`, `满分 ${formatNumber(nominalTotal(system))}${system.bonusCap ? `，加分上限 ${formatNumber(system.bonusCap)}` : ''}`, system.sourceDocument].filter(Boolean).join(' ｜ ')}
        extra={toolbar}
      />
      {readOnly && <Alert type="info" showIcon title={d.editBlockedReason} style={{ marginBottom: 12 }} data-testid="read-only-notice" />}
      {dirty && <Alert type="warning" showIcon title="有未保存的修改" style={{ marginBottom: 12 }} />}
      {unsavedMax && <Alert type="warning" showIcon title={`${unsavedMax.message}。保存后，试算和评估都按新的满分计算。`} style={{ marginBottom: 12 }} data-testid="max-change-notice" />}
      {!unsavedMax && sinceBase && (
        <Alert type="info" showIcon title={`与第 ${d.summary.basedOnVersion} 版相比，${sinceBase.message}。`} style={{ marginBottom: 12 }} data-testid="max-change-since-base" />
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => chooseTab(k as Tab)}
          items={[
            {
              key: 'tree',
              label: (
                <Badge count={errors} size="small" offset={[8, -2]}>
                  指标
                </Badge>
              ),
              children: (
                <>
                  {(errors > 0 || warnings > 0) && (
                    <Typography.Paragraph type={errors ? 'danger' : 'warning'} data-testid="validation-summary">
                      检查发现 {errors} 处错误、{warnings} 条提示{errors ? '，改正后才能发布' : ''}。
                    </Typography.Paragraph>
                  )}
                  <TreeEditor system={system} nodes={system.nodes} messages={messages} readOnly={readOnly} onChange={(nodes) => change({ ...system, nodes })} />
                </>
              ),
            },
            { key: 'rules', label: '规则与等级', children: <RulesTab system={system} messages={messages} readOnly={readOnly} onChange={change} /> },
            { key: 'trial', label: '试算', children: <TrialPanel system={system} savedId={dirty ? null : id} /> },
            { key: 'results', label: `已存结果${d.summary.resultCount ? `（${d.summary.resultCount}）` : ''}`, children: <ResultsTab systemId={id} /> },
            { key: 'diff', label: '版本对比', children: <VersionDiffTab systemKey={d.summary.key} id={id} basedOnVersion={d.summary.basedOnVersion} /> },
          ]}
        />
      </Card>
    </>
  );
}
