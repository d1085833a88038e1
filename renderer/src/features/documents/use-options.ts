import { useOp } from '../../api/queries';

/** Schools in operation (for the notice's participants) and the statistics years, newest first (for the reports). */
export function useDocumentOptions() {
  const schools = useOp('schools.list', { status: '在办' });
  const years = useOp('stats.years', {});
  return { schools: schools.data ?? [], years: [...(years.data ?? [])].sort((a, b) => b - a), loading: schools.isPending || years.isPending };
}
