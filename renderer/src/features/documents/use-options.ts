import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';

/** Schools in operation (for the notice's participants) and the statistics years (for the reports). */
export function useDocumentOptions() {
  const schools = useRemote(() => call('schools.list', { status: '在办' }), []);
  const years = useRemote(() => call('stats.years', {}), []);
  return { schools: schools.data ?? [], years: [...(years.data ?? [])].sort((a, b) => b - a), loading: schools.loading || years.loading };
}
