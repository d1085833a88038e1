import { Alert, Card } from 'antd';
import { useCallback, useState } from 'react';
import type { ImportKind } from '../../../../shared/api/contracts/exchange';
import type { SchoolQuery } from '../../../../shared/api/contracts/schools';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { navigate } from '../../app/hash-router';
import { PageHeader } from '../../components/PageHeader';
import { useNotify } from '../../components/use-notify';
import { EmptyRegister } from './EmptyRegister';
import { ImportWizard } from './import/ImportWizard';
import { NewSchoolModal } from './NewSchoolModal';
import { RegisterActions } from './RegisterActions';
import { SchoolFilters } from './SchoolFilters';
import { SchoolTable } from './SchoolTable';

const isBlank = (q: SchoolQuery) => !q.search && !q.type && !q.locality && !q.status && !q.township;

export function SchoolsPage() {
  const notify = useNotify();
  const [query, setQuery] = useState<SchoolQuery>({});
  const schools = useRemote(() => call('schools.list', query), [JSON.stringify(query)]);
  const townships = useRemote(() => call('schools.townships', {}), []);
  const years = useRemote(() => call('stats.years', {}), []);
  const [importKind, setImportKind] = useState<ImportKind | null>(null);
  const [importSeq, setImportSeq] = useState(0);
  const openImport = (kind: ImportKind) => {
    setImportSeq((n) => n + 1);
    setImportKind(kind);
  };
  const [creating, setCreating] = useState(false);
  const [loadingDemo, setLoadingDemo] = useState(false);

  const reloadAll = useCallback(async () => {
    await Promise.all([schools.reload(), townships.reload(), years.reload()]);
  }, [schools, townships, years]);

  const loadDemo = async () => {
    setLoadingDemo(true);
    try {
      const r = await call('demo.load', {});
      notify.success(`已加载演示数据：${r.schools} 所学校，${r.years.join('、')} 年统计数据`);
      await reloadAll();
    } catch (e) {
      notify.error(e, '加载演示数据失败');
    } finally {
      setLoadingDemo(false);
    }
  };

  const registerEmpty = !schools.loading && !schools.error && isBlank(query) && schools.data?.length === 0;
  const count = schools.data?.length;

  return (
    <>
      <PageHeader
        title="学校"
        subtitle={registerEmpty ? '学校名册、校区与历年统计数据' : count !== undefined ? `名册中${isBlank(query) ? '共' : '符合条件的有'} ${count} 所学校` : ' '}
        extra={<RegisterActions years={years.data ?? []} onCreate={() => setCreating(true)} onImport={() => openImport(registerEmpty ? 'schools' : 'stats')} />}
      />
      {schools.error && <Alert type="error" showIcon title="无法读取学校名册" description={schools.error} style={{ marginBottom: 16 }} />}
      {registerEmpty ? (
        <EmptyRegister loadingDemo={loadingDemo} onLoadDemo={loadDemo} onImport={() => openImport('schools')} />
      ) : (
        <Card>
          <SchoolFilters query={query} townships={townships.data ?? []} onChange={setQuery} />
          <SchoolTable schools={schools.data ?? []} loading={schools.loading} />
        </Card>
      )}
      <ImportWizard
        key={importSeq}
        open={importKind !== null}
        initialKind={importKind ?? 'stats'}
        years={years.data ?? []}
        onClose={() => setImportKind(null)}
        onCommitted={reloadAll}
      />
      <NewSchoolModal open={creating} onClose={() => setCreating(false)} onCreated={(s) => navigate(`/schools/${s.id}`)} />
    </>
  );
}
