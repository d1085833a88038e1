import { ComingSoon } from '../components/ComingSoon';
import { BalancePage } from '../features/balance/BalancePage';
import { DocumentsPage } from '../features/documents/DocumentsPage';
import { IndicatorsPage } from '../features/indicators/IndicatorsPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { SystemPage } from '../features/indicators/SystemPage';
import { SchoolDetailPage } from '../features/schools/detail/SchoolDetailPage';
import { SchoolsPage } from '../features/schools/SchoolsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { matchPath, navigate, useHashPath } from './hash-router';
import { moduleForPath } from './modules';
import { useEffect } from 'react';

export function Routes() {
  const path = useHashPath();
  const known = moduleForPath(path);

  useEffect(() => {
    if (!known) navigate('/schools');
  }, [known]);

  const detail = matchPath('/schools/:id', path);
  if (detail && /^\d+$/.test(detail.id)) return <SchoolDetailPage key={detail.id} id={Number(detail.id)} />;
  const system = matchPath('/indicators/:id', path);
  if (system && /^\d+$/.test(system.id)) return <SystemPage key={system.id} id={Number(system.id)} />;
  if (!known || known.key === 'schools') return <SchoolsPage />;
  if (known.key === 'indicators') return <IndicatorsPage />;
  if (known.key === 'settings') return <SettingsPage />;
  if (known.key === 'balance') return <BalancePage />;
  if (known.key === 'reports') return <DocumentsPage />;
  if (known.key === 'jobs') return <JobsPage />;
  return <ComingSoon module={known} />;
}
