import { ComingSoon } from '../components/ComingSoon';
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
  if (!known || known.key === 'schools') return <SchoolsPage />;
  if (known.key === 'settings') return <SettingsPage />;
  return <ComingSoon module={known} />;
}
