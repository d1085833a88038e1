/**
 * Page state kept in the address (issue 10 item 2): tabs, filters, the chosen year, profile and
 * section. A reload, the back button or a copied address bring the user back to the same view,
 * and the unsaved-changes guard sees a tab or year switch as the navigation it is.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { updateSearch } from './navigation';

export interface SetOptions {
  /**
   * Replace the current history entry instead of adding one: for typing in a search box, where
   * each key press should not become a step of the back button. Tabs and years push.
   */
  replace?: boolean;
}

/** A string parameter restricted to `allowed` (unknown values read as `fallback`). */
export function useUrlChoice<T extends string>(key: string, allowed: readonly T[], fallback: T): [T, (v: T, o?: SetOptions) => void] {
  const [params] = useSearchParams();
  const raw = params.get(key);
  const value = raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
  const set = useCallback(
    (v: T, o?: SetOptions) =>
      updateSearch((next) => {
        if (v === fallback) next.delete(key);
        else next.set(key, v);
      }, o),
    [key, fallback],
  );
  return [value, set];
}

/** An integer parameter (a year, an id); absent or malformed reads as `fallback`. */
export function useUrlNumber(key: string, fallback: number | null): [number | null, (v: number | null, o?: SetOptions) => void] {
  const [params] = useSearchParams();
  const raw = params.get(key);
  const parsed = raw !== null && /^-?\d+$/.test(raw) ? Number(raw) : null;
  const value = parsed ?? fallback;
  const set = useCallback(
    (v: number | null, o?: SetOptions) =>
      updateSearch((next) => {
        if (v === null) next.delete(key);
        else next.set(key, String(v));
      }, o),
    [key],
  );
  return [value, set];
}

/**
 * Several optional string parameters as one object (a filter bar). Empty strings and undefined
 * remove the parameter, so a cleared filter leaves a clean address.
 */
export function useUrlFields<K extends string>(keys: readonly K[]): [Partial<Record<K, string>>, (patch: Partial<Record<K, string | undefined>>, o?: SetOptions) => void] {
  const [params] = useSearchParams();
  // A stable key for memoising: the values in key order (JSON keeps any character intact).
  const joined = JSON.stringify(keys.map((k) => params.get(k)));
  const value = useMemo(() => {
    const out: Partial<Record<K, string>> = {};
    (JSON.parse(joined) as (string | null)[]).forEach((v, i) => {
      if (v !== null && v !== '') out[keys[i]] = v;
    });
    return out;
    // keys is a constant list at every call site; joined carries the values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [joined]);
  const set = useCallback(
    (patch: Partial<Record<K, string | undefined>>, o?: SetOptions) =>
      updateSearch((next) => {
        for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
      }, o),
    [],
  );
  return [value, set];
}
