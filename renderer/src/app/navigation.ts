/**
 * Navigation outside React components (after a create, from a helper). Components may also use
 * react-router's useNavigate; both go through the same router, so the unsaved-changes guard sees
 * them.
 */
import type { DataRouter } from 'react-router';

let router: DataRouter | null = null;
/**
 * The address a search change just asked for, until the router has arrived there. Two changes in
 * one tick (a filter, then the page back to 1) must build on each other, not both on the address
 * last rendered — react-router's own setter would drop the first.
 */
let pending: { pathname: string; search: string } | null = null;

/** Called once by the router module when the window's router exists. */
export function bindRouter(r: DataRouter): void {
  router = r;
  r.subscribe((state) => {
    if (state.navigation.state === 'idle') pending = null;
  });
}

/**
 * Changes the query part of the current address: `mutate` edits the parameters as they will be
 * after every change asked for so far. `replace` overwrites the history entry (typing in a search
 * box) instead of adding one (a tab, a year). The unsaved-changes guard sees it as navigation.
 */
export function updateSearch(mutate: (params: URLSearchParams) => void, options?: { replace?: boolean }): void {
  if (!router) return;
  const base = pending ?? router.state.location;
  const params = new URLSearchParams(base.search);
  mutate(params);
  const query = params.toString();
  const search = query ? `?${query}` : '';
  if (search === base.search) return;
  pending = { pathname: base.pathname, search };
  void router.navigate({ pathname: base.pathname, search }, { replace: options?.replace });
}

/** Goes to an in-app path such as `/schools/12?tab=stats`. */
export function navigate(path: string, options?: { replace?: boolean }): void {
  if (router) void router.navigate(path, options);
  else window.location.hash = path;
}
