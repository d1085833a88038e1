import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './client';

export interface Remote<T> {
  data: T | undefined;
  loading: boolean;
  error: string | null;
  reload: () => Promise<void>;
}

interface Settled<T> {
  key: string | null;
  data: T | undefined;
  error: string | null;
}

/**
 * Loads data whenever `deps` (plain serialisable values) change and on reload(). Answers that
 * arrive after a newer request are dropped, so a slow search never overwrites a newer one.
 */
export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[]): Remote<T> {
  const key = JSON.stringify(deps);
  const [settled, setSettled] = useState<Settled<T>>({ key: null, data: undefined, error: null });
  const [reloading, setReloading] = useState(false);
  const seq = useRef(0);
  const loadRef = useRef(load);
  const keyRef = useRef(key);
  // Keep the latest loader and key without making them effect dependencies: callers pass inline closures.
  useEffect(() => {
    loadRef.current = load;
    keyRef.current = key;
  });

  const run = useCallback((k: string) => {
    const mine = ++seq.current;
    return loadRef.current().then(
      (data) => {
        if (mine === seq.current) setSettled({ key: k, data, error: null });
      },
      (e: unknown) => {
        if (mine === seq.current) setSettled((s) => ({ key: k, data: s.data, error: errorMessage(e) }));
      },
    );
  }, []);

  useEffect(() => {
    void run(key);
  }, [key, run]);

  const reload = useCallback(async () => {
    setReloading(true);
    try {
      await run(keyRef.current);
    } finally {
      setReloading(false);
    }
  }, [run]);

  return { data: settled.data, error: settled.error, loading: reloading || settled.key !== key, reload };
}
