import { ArrowLeftOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Space, Spin, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { formatNumber, LEVEL_LABELS, nominalTotal, validateIndicatorSystem, type IndicatorSystem } from '../../../../shared/domain/indicators';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { navigate, useHashPath } from '../../app/hash-router';
import { PageHeader } from '../../components/PageHeader';
import { useNotify } from '../../components/use-notify';
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

/** One version of a system: tree editor, rules and bands, trial, stored results, diff. Read-only unless a draft. */
export function SystemPage({ id }: { id: number }) {
  const notify = useNotify();
  const path = useHashPath();
  const initialTab = (new URLSearchParams(path.split('?')[1] ?? '').get('tab') ?? 'tree') as Tab;
  const [tab, setTab] = useState<Tab>(TABS.includes(initialTab) ? initialTab : 'tree');
  const detail = useRemote(() => call('indicators.get', { id }), [id]);
  const [edited, setEdited] = useState<IndicatorSystem | null>(null);
  const [saving, setSaving] = useState(false);
  const [resultsVersion, setResultsVersion] = useState(0);
  const actions = useSystemActions(async () => {
    await detail.reload();
  });

  const system = edited ?? detail.data?.system;
  const messages = useMemo(() => (system ? validateIndicatorSystem(system) : []), [system]);
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;

  if (detail.error) return <Alert type="error" showIcon title="无法打开指标体系" description={detail.error} />;
  if (!detail.data || !system) return <Spin />;
  const d = detail.data;
  const readOnly = d.editBlockedReason !== null;
  const dirty = edited !== null;

  const save = async (): Promise<boolean> => {
    if (!edited) return true;
    setSaving(true);
    try {
      await call('indicators.update', { id, system: edited });
      await detail.reload();
      setEdited(null);
      notify.success('已保存');
      return true;
    } catch (e) {
      notify.error(e, '保存失败');
      return false;
    } finally {
      setSaving(false);
    }
  };

  const publish = async () => {
    if (dirty && !(await save())) return;
    actions.publish({ ...d.summary, errorCount: errors });
  };

  const toolbar = (
    <Space wrap>
      {!readOnly && (
        <>
          <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={saving} onClick={() => void save()}>
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

  return (
    <>
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回指标体系列表" onClick={() => navigate('/indicators')} />}
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
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
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
                  <TreeEditor nodes={system.nodes} messages={messages} readOnly={readOnly} onChange={(nodes) => change({ ...system, nodes })} />
                </>
              ),
            },
            { key: 'rules', label: '规则与等级', children: <RulesTab system={system} messages={messages} readOnly={readOnly} onChange={change} /> },
            { key: 'trial', label: '试算', children: <TrialPanel system={system} savedId={dirty ? null : id} onSaved={() => setResultsVersion((v) => v + 1)} /> },
            { key: 'results', label: `已存结果${d.summary.resultCount ? `（${d.summary.resultCount}）` : ''}`, children: <ResultsTab systemId={id} refresh={resultsVersion} /> },
            { key: 'diff', label: '版本对比', children: <VersionDiffTab systemKey={d.summary.key} id={id} basedOnVersion={d.summary.basedOnVersion} /> },
          ]}
        />
      </Card>
    </>
  );
}
