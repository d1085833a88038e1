/**
 * The route table (issue 10 item 2). Every page is loaded when first visited (code split per
 * route), and every route has its own error element, so one page's fault leaves the menu and the
 * other pages working. Hash routes work the same under app:// (Electron) and http:// (browser
 * mode) without help from a server. Page state (tabs, filters, year, profile, section) lives in
 * the query part of the address; see url-state.ts.
 */
import type { QueryClient } from '@tanstack/react-query';
import { Navigate, createHashRouter, useLocation, useParams, type RouteObject } from 'react-router';
import { call } from '../api/client';
import { opKey } from '../api/queries';
import type { ComponentType } from 'react';
import { MODULES } from './modules';
import { bindRouter, repairHistoryIndexes } from './navigation';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

/** Sends an old address to its new path, keeping the page state in its query. */
function RedirectKeepingQuery({ to }: { to: string }) {
  const { search } = useLocation();
  return <Navigate to={{ pathname: to, search }} replace />;
}

/** A page that takes a numeric id from the address; anything else goes back to `fallback`. */
function withNumericId(Page: ComponentType<{ id: number }>, fallback: string): ComponentType {
  return function IdRoute() {
    const { id } = useParams();
    if (!id || !/^\d+$/.test(id)) return <Navigate to={fallback} replace />;
    return <Page key={id} id={Number(id)} />;
  };
}

/** A page that takes a round's and one of its units' numeric ids from the address. */
function withRoundUnit(Page: ComponentType<{ roundId: number; unitId: number }>): ComponentType {
  return function RoundUnitRoute() {
    const { id, unitId } = useParams();
    if (!id || !/^\d+$/.test(id)) return <Navigate to="/rounds" replace />;
    if (!unitId || !/^\d+$/.test(unitId)) return <Navigate to={`/rounds/${id}`} replace />;
    return <Page key={`${id}/${unitId}`} roundId={Number(id)} unitId={Number(unitId)} />;
  };
}

/**
 * The first page's data is asked for while its script is still loading (a loader runs beside the
 * lazy import), instead of after it: on a slow PC that is the difference between the list and a
 * spinner at first paint. Fire and forget — the page reads the same cache entries with useOp and
 * shows errors itself; a loader never blocks or fails navigation.
 */
function prefetchSchools(client: QueryClient) {
  return ({ request }: { request: Request }) => {
    if (new URL(request.url).search === '') void client.prefetchQuery({ queryKey: opKey('schools.list', {}), queryFn: () => call('schools.list', {}) });
    void client.prefetchQuery({ queryKey: opKey('schools.townships', {}), queryFn: () => call('schools.townships', {}) });
    void client.prefetchQuery({ queryKey: opKey('stats.years', {}), queryFn: () => call('stats.years', {}) });
    return null;
  };
}

const pages = (client: QueryClient): RouteObject[] => [
  { path: 'schools', loader: prefetchSchools(client), lazy: async () => ({ Component: (await import('../features/schools/SchoolsPage')).SchoolsPage }) },
  {
    path: 'schools/:id',
    lazy: async () => ({ Component: withNumericId((await import('../features/schools/detail/SchoolDetailPage')).SchoolDetailPage, '/schools') }),
  },
  { path: 'indicators', lazy: async () => ({ Component: (await import('../features/indicators/IndicatorsPage')).IndicatorsPage }) },
  {
    path: 'indicators/:id',
    lazy: async () => ({ Component: withNumericId((await import('../features/indicators/SystemPage')).SystemPage, '/indicators') }),
  },
  { path: 'rounds', lazy: async () => ({ Component: (await import('../features/rounds/RoundsPage')).RoundsPage }) },
  { path: 'rounds/new', lazy: async () => ({ Component: (await import('../features/rounds/NewRoundPage')).NewRoundPage }) },
  {
    path: 'rounds/:id',
    lazy: async () => ({ Component: withNumericId((await import('../features/rounds/RoundDetailPage')).RoundDetailPage, '/rounds') }),
  },
  {
    path: 'rounds/:id/units/:unitId',
    lazy: async () => ({ Component: withRoundUnit((await import('../features/rounds/submissions/UnitSubmissionPage')).UnitSubmissionPage) }),
  },
  { path: 'scoring', lazy: async () => ({ Component: (await import('../features/scoring/ScoringPage')).ScoringPage }) },
  {
    path: 'scoring/units/:id',
    lazy: async () => ({ Component: withNumericId((await import('../features/scoring/UnitScorePage')).UnitScorePage, '/scoring') }),
  },
  { path: 'rectification', lazy: async () => ({ Component: (await import('../features/rectification/RectificationPage')).RectificationPage }) },
  {
    path: 'rectification/:id',
    lazy: async () => ({ Component: withNumericId((await import('../features/rectification/ItemPage')).ItemPage, '/rectification') }),
  },
  // 评估项目 were once planned under /projects: an address kept from then still arrives.
  { path: 'projects', element: <RedirectKeepingQuery to="/rounds" /> },
  { path: 'balance', lazy: async () => ({ Component: (await import('../features/balance/BalancePage')).BalancePage }) },
  { path: 'documents', lazy: async () => ({ Component: (await import('../features/documents/DocumentsPage')).DocumentsPage }) },
  // 文书 were once under /reports: an address kept from then still arrives.
  { path: 'reports', element: <RedirectKeepingQuery to="/documents" /> },
  { path: 'jobs', lazy: async () => ({ Component: (await import('../features/jobs/JobsPage')).JobsPage }) },
  { path: 'settings', lazy: async () => ({ Component: (await import('../features/settings/SettingsPage')).SettingsPage }) },
  // Modules of later releases: the menu shows the whole workflow, marked 待建设.
  ...MODULES.filter((m) => !m.built).map((m) => ({
    path: m.path.slice(1),
    lazy: async () => {
      const { ComingSoon } = await import('../components/ComingSoon');
      return { element: <ComingSoon module={m} /> };
    },
  })),
];

const routes = (client: QueryClient): RouteObject[] => [
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/schools" replace /> },
      // A pathless layout route holds the error boundary below the shell: a page's fault keeps the menu.
      { errorElement: <RouteError />, children: pages(client) },
      { path: '*', element: <Navigate to="/schools" replace /> },
    ],
  },
];

/** Creates the window's router (once, in App). */
export function createAppRouter(client: QueryClient) {
  repairHistoryIndexes();
  const router = createHashRouter(routes(client));
  bindRouter(router);
  return router;
}
