import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Operator, OperatorInput } from '../../../../shared/api/contracts/operators';
import { call, errorMessage } from '../../api/client';
import { setWindowOperator } from '../../api/bridge';
import { OperatorDialog } from './OperatorDialog';
import { rememberOperator, rememberedOperatorId } from './operator-session';

type Phase = 'loading' | 'first-run' | 'choose' | 'ready' | 'error';

export interface OperatorState {
  /** The person this window acts as; null until chosen. */
  current: Operator | null;
  operators: Operator[];
  /** Makes an existing person this window's operator. */
  choose(id: number): Promise<void>;
  /** Adds a person (name and 科室) and makes them this window's operator. */
  add(input: OperatorInput): Promise<void>;
  /** Opens the dialog to pick another person or add one. */
  openSwitch(mode?: 'choose' | 'add'): void;
}

const OperatorContext = createContext<OperatorState | null>(null);

/** The window's operator and the switch; only inside OperatorProvider. */
export function useOperator(): OperatorState {
  const state = useContext(OperatorContext);
  if (!state) throw new Error('useOperator outside OperatorProvider');
  return state;
}

/**
 * Who is using this window. On first run (nobody known) it asks for name and 科室; with one person
 * known it is that person; with several, each window asks (the switch in the header changes it).
 * The choice is told to the core, which records it with every change; a window that gets the focus
 * tells it again, so with two windows open the one in use is the one recorded.
 */
export function OperatorProvider({ children }: { children: ReactNode }) {
  const [operators, setOperators] = useState<Operator[]>([]);
  const [current, setCurrent] = useState<Operator | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [dialog, setDialog] = useState<'choose' | 'add' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const list = await call('operators.list', {});
    setOperators(list.operators);
    return list.operators;
  }, []);

  // The person chosen or just added becomes this window's operator.
  const adopt = useCallback(
    async (o: Operator) => {
      rememberOperator(o.id);
      setCurrent(o);
      setPhase('ready');
      setDialog(null);
      await refresh();
    },
    [refresh],
  );
  const choose = useCallback(async (id: number) => adopt(await call('operators.select', { id })), [adopt]);
  const add = useCallback(async (input: OperatorInput) => adopt(await call('operators.create', input)), [adopt]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const list = await refresh();
        if (cancelled) return;
        const mine = list.find((o) => o.id === rememberedOperatorId());
        if (mine) await choose(mine.id);
        else if (list.length === 0) setPhase('first-run');
        else if (list.length === 1) await choose(list[0].id);
        else setPhase('choose');
      } catch (e) {
        if (!cancelled) {
          setError(errorMessage(e));
          setPhase('error');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [refresh, choose]);

  // Every later call of this window carries its operator (browser mode: one person per tab).
  useEffect(() => setWindowOperator(current?.id ?? null), [current]);

  useEffect(() => {
    if (!current) return;
    const reassert = () => void call('operators.select', { id: current.id }).catch(() => undefined);
    window.addEventListener('focus', reassert);
    return () => window.removeEventListener('focus', reassert);
  }, [current]);

  const state = useMemo<OperatorState>(() => ({ current, operators, choose, add, openSwitch: (mode = 'choose') => setDialog(mode) }), [current, operators, choose, add]);
  const mode = phase === 'first-run' ? 'first-run' : phase === 'choose' ? 'choose' : dialog;

  return (
    <OperatorContext.Provider value={state}>
      {children}
      <OperatorDialog key={mode ?? 'closed'} mode={mode} operators={operators} current={current} loadError={phase === 'error' ? error : null} onChoose={choose} onAdd={add} onCancel={phase === 'ready' ? () => setDialog(null) : undefined} />
    </OperatorContext.Provider>
  );
}
