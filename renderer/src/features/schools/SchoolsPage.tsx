import { Alert, Card, Skeleton, Tabs } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import type { ImportKind } from '../../../../shared/api/contracts/exchange';
import type { SchoolQuery } from '../../../../shared/api/contracts/schools';
import { LOCALITIES, SCHOOL_STATUSES, SCHOOL_TYPES } from '../../../../shared/domain/schools/school-enums';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { useUrlChoice, useUrlFields, useUrlNumber } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRegister } from './EmptyRegister';
import { rememberListSearch } from './list-address';
import { RegisterActions } from './RegisterActions';
import { SchoolFilters } from './SchoolFilters';
import { SchoolTable } from './SchoolTable';

// The year grid and the completeness overview load only when their tab is opened: the grid
// library (react-datasheet-grid) and its styles stay out of the register's bundle.
const StatsGridTab = lazy(() => import('./grid/StatsGridTab'));
const CompletenessTab = lazy(() => import('./grid/CompletenessTab'));
// The import wizard and the new-school dialog load when first opened (then stay mounted, so an
// import followed in the wizard keeps its state): the register paints without their forms,
// upload and date pickers — on a slow PC that is a visible part of the first paint.
const ImportWizard = lazy(() => import('./import/ImportWizard').then((m) => ({ default: m.ImportWizard })));
const NewSchoolModal = lazy(() => import('./NewSchoolModal').then((m) => ({ default: m.NewSchoolModal })));

const VIEWS = ['list', 'grid', 'completeness'] as const;
type View = (typeof VIEWS)[number];
const FILTER_KEYS = ['search', 'type', 'locality', 'status', 'township'] as const;

const isBlank = (q: SchoolQuery) => !q.search && !q.type && !q.locality && !q.status && !q.township;
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => (v !== undefined && (values as readonly string[]).includes(v) ? (v as T) : undefined);

/** 学校: the register (filters in the address), the year grid of statistics and the completeness overview. */
export function SchoolsPage() {
  const [view, setView] = useUrlChoice<View>('view', VIEWS, 'list');
  const { search } = useLocation();
  useEffect(() => rememberListSearch(search), [search]);
  const [fields, setFields] = useUrlFields(FILTER_KEYS);
  // An address typed or kept from an older version may hold values the list does not know: ignore those.
  const query = useMemo<SchoolQuery>(
    () => ({
      search: fields.search?.slice(0, 100),
      type: oneOf(SCHOOL_TYPES, fields.type),
      locality: oneOf(LOCALITIES, fields.locality),
      status: oneOf(SCHOOL_STATUSES, fields.status),
      township: fields.township?.slice(0, 50),
    }),
    [fields],
  );
  const schools = useOp('schools.list', query, { keepPrevious: true, silent: true });
  const all = useOp('schools.list', {}, { silent: true });
  const townships = useOp('schools.townships', {});
  const years = useOp('stats.years', {});
  const latestYear = years.data?.length ? Math.max(...years.data) : new Date().getFullYear() - 1;
  const [year, setYear] = useUrlNumber('year', latestYear);

  const [importKind, setImportKind] = useState<ImportKind | null>(null);
  const [importSeq, setImportSeq] = useState(0);
  const openImport = (kind: ImportKind) => {
    setImportSeq((n) => n + 1);
    setImportKind(kind);
  };
  const [creating, setCreating] = useState(false);
  const [everCreated, setEverCreated] = useState(false);
  const openCreate = () => {
    setEverCreated(true);
    setCreating(true);
  };
  const loadDemo = useOpMutation('demo.load', {
    success: (r) => `已加载演示数据：${r.schools} 所学校，${r.years.join('、')} 年统计数据`,
    errorTitle: '加载演示数据失败',
  });

  const registerEmpty = all.data?.length === 0;
  const count = schools.data?.length;
  const error = schools.error ?? all.error;

  const list = (
    <>
      <SchoolFilters query={query} townships={townships.data ?? []} onChange={setFields} />
      <SchoolTable schools={schools.data ?? []} loading={schools.isFetching} />
    </>
  );
  const suspended = (node: ReactNode) => <Suspense fallback={<Skeleton active />}>{node}</Suspense>;

  return (
    <>
      <PageHeader
        title="学校"
        subtitle={registerEmpty ? '学校名册、校区与历年统计数据' : count !== undefined ? `名册中${isBlank(query) ? '共' : '符合条件的有'} ${count} 所学校` : ' '}
        extra={<RegisterActions years={years.data ?? []} onCreate={openCreate} onImport={() => openImport(registerEmpty ? 'schools' : 'stats')} />}
      />
      {error && <Alert type="error" showIcon title="无法读取学校名册" description={error.message} style={{ marginBottom: 16 }} />}
      {all.isPending ? (
        <Skeleton active />
      ) : registerEmpty ? (
        <EmptyRegister loadingDemo={loadDemo.isPending} onLoadDemo={() => loadDemo.mutate({})} onImport={() => openImport('schools')} />
      ) : (
        <Card styles={{ body: { paddingTop: 8 } }}>
          <Tabs
            activeKey={view}
            onChange={(k) => setView(k as View)}
            destroyOnHidden
            items={[
              { key: 'list', label: '学校名册', children: list },
              { key: 'grid', label: '统计数据（按年度）', children: suspended(<StatsGridTab year={year ?? latestYear} years={years.data ?? []} onYear={(y) => setYear(y)} />) },
              { key: 'completeness', label: '填报完整性', children: suspended(<CompletenessTab year={year ?? latestYear} years={years.data ?? []} onYear={(y) => setYear(y)} />) },
            ]}
          />
        </Card>
      )}
      <Suspense fallback={null}>
        {importSeq > 0 && <ImportWizard key={importSeq} open={importKind !== null} initialKind={importKind ?? 'stats'} years={years.data ?? []} onClose={() => setImportKind(null)} />}
        {everCreated && <NewSchoolModal open={creating} onClose={() => setCreating(false)} onCreated={(s) => navigate(`/schools/${s.id}`)} />}
      </Suspense>
    </>
  );
}
