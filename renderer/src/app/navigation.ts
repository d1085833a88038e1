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

/** The history index (react-router's `idx`) of the entry the window shows, when it has one. */
let shownIndex = 0;

function entryIndex(): number | null {
  const state = window.history.state as { idx?: unknown } | null;
  return typeof state?.idx === 'number' ? state.idx : null;
}

/**
 * Gives an index to history entries the router did not create. An address typed into the bar or
 * opened from a bookmark while the app runs adds an entry with no state; react-router counts
 * Back and Forward by the `idx` it keeps in each entry's state, and with none it cannot tell how
 * far a later Back goes — so its unsaved-changes blocker let that Back through without asking.
 * Arriving at such an entry, we number it as the one after the entry we came from (where a
 * typed address lands), before the router's own `popstate` listener reads it: the router then
 * sees an ordinary step forward, which the guard can stop and undo like any other.
 * Must run before the router is created (listeners fire in the order they were added).
 */
let repairing = false;
export function repairHistoryIndexes(): void {
  if (repairing) return;
  repairing = true;
  const idx = entryIndex();
  if (idx !== null) shownIndex = idx;
  window.addEventListener('popstate', () => {
    const arrived = entryIndex();
    if (arrived !== null) {
      shownIndex = arrived;
      return;
    }
    shownIndex += 1;
    const state = (window.history.state as Record<string, unknown> | null) ?? {};
    const key = Math.random().toString(36).slice(2, 10);
    window.history.replaceState({ usr: null, key, ...state, idx: shownIndex }, '');
  });
}

/** Called once by the router module when the window's router exists. */
export function bindRouter(r: DataRouter): void {
  router = r;
  r.subscribe((state) => {
    if (state.navigation.state === 'idle') pending = null;
    // Pushes and replaces made by the router number their entries; follow them.
    const idx = entryIndex();
    if (idx !== null) shownIndex = idx;
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
