import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Operator, OperatorInput } from '../../../../shared/api/contracts/operators';
import { setWindowOperator } from '../../api/bridge';
import { call } from '../../api/client';
import { useQueryClient } from '@tanstack/react-query';
import { invalidateDomains, useOp, useOpMutation, type OpDomain } from '../../api/queries';
import { rememberOperator, rememberedOperatorId } from './operator-session';

/** Reads whose answer depends on the window's operator. */
const OPERATOR_DEPENDENT: readonly OpDomain[] = ['rectification'];

// Shown on demand (first run, several people, the header's switch): not part of the start-up script.
const OperatorDialog = lazy(() => import('./OperatorDialog').then((m) => ({ default: m.OperatorDialog })));

type Phase = 'loading' | 'first-run' | 'choose' | 'ready';

export interface OperatorState {
  /** The person this window acts as; null until chosen. */
  current: Operator | null;
  operators: Operator[];
  /** Makes an existing person this window's operator; rejects with the Chinese reason (the caller shows it). */
  choose(id: number): Promise<void>;
  /** Switches to another person from the header: says 已切换操作人, or shows why not. */
  switchTo(id: number): void;
  /** Adds a person (name and 科室) and makes them this window's operator; rejects with the Chinese reason. */
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
 * tells it again, so with two windows open the one in use is the one recorded. The list is read
 * through the shared cache, so adding a person anywhere shows up in the switch.
 */
export function OperatorProvider({ children }: { children: ReactNode }) {
  // The dialog shows a failed read itself (and offers nothing else), so it stays silent here.
  const list = useOp('operators.list', {}, { silent: true });
  const operators = useMemo(() => list.data?.operators ?? [], [list.data]);
  const [current, setCurrent] = useState<Operator | null>(null);
  const [dialog, setDialog] = useState<'choose' | 'add' | null>(null);
  // The person this window takes without asking (remembered, or the only one), once the list is in.
  const [auto, setAuto] = useState<'pending' | 'failed' | 'done'>('pending');

  // The dialog shows these errors in place (silent); the header's switch reports through the window.
  const select = useOpMutation('operators.select', { silent: true });
  const create = useOpMutation('operators.create', { silent: true });
  const switchOp = useOpMutation('operators.select', { success: '已切换操作人', errorTitle: '切换操作人失败' });

  // The person chosen or just added becomes this window's operator.
  const client = useQueryClient();
  const adopt = useCallback(
    (o: Operator) => {
      rememberOperator(o.id);
      // Carried by the window's calls at once (not after the next render), so what depends on who
      // asks — an item's 核验 offered or not (rectification.get) — is read again as that person.
      setWindowOperator(o.id);
      setCurrent(o);
      setDialog(null);
      void invalidateDomains(client, OPERATOR_DEPENDENT);
    },
    [client],
  );
  const { mutateAsync: selectAsync } = select;
  const { mutateAsync: createAsync } = create;
  const { mutate: switchMutate } = switchOp;
  const choose = useCallback(async (id: number) => adopt(await selectAsync({ id })), [adopt, selectAsync]);
  const add = useCallback(async (input: OperatorInput) => adopt(await createAsync(input)), [adopt, createAsync]);
  const switchTo = useCallback((id: number) => switchMutate({ id }, { onSuccess: adopt }), [adopt, switchMutate]);

  const known = list.data?.operators;
  const remembered = useMemo(() => (known ? (known.find((o) => o.id === rememberedOperatorId()) ?? (known.length === 1 ? known[0] : null)) : undefined), [known]);
  // Once, when the list first arrives: take the remembered or only person; otherwise the dialog asks.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || remembered === undefined) return;
    started.current = true;
    if (!remembered) return;
    selectAsync({ id: remembered.id }).then(
      (o) => {
        adopt(o);
        setAuto('done');
      },
      () => setAuto('failed'),
    );
  }, [remembered, selectAsync, adopt]);

  const phase: Phase = current ? 'ready' : !known ? 'loading' : known.length === 0 ? 'first-run' : remembered && auto === 'pending' ? 'loading' : 'choose';

  // Every later call of this window carries its operator (browser mode: one person per tab).
  useEffect(() => setWindowOperator(current?.id ?? null), [current]);

  useEffect(() => {
    if (!current) return;
    // A one-off assertion, not a change: nothing cached depends on it.
    const reassert = () => void call('operators.select', { id: current.id }).catch(() => undefined);
    window.addEventListener('focus', reassert);
    return () => window.removeEventListener('focus', reassert);
  }, [current]);

  const state = useMemo<OperatorState>(
    () => ({ current, operators, choose, switchTo, add, openSwitch: (mode = 'choose') => setDialog(mode) }),
    [current, operators, choose, switchTo, add],
  );
  const loadError = list.error && phase !== 'ready' ? list.error.message : null;
  const mode = phase === 'first-run' ? 'first-run' : phase === 'choose' ? 'choose' : dialog;

  return (
    <OperatorContext.Provider value={state}>
      {children}
      {(mode !== null || loadError !== null) && (
        <Suspense fallback={null}>
          <OperatorDialog
            key={mode ?? 'error'}
            mode={mode}
            operators={operators}
            current={current}
            loadError={loadError}
            onChoose={choose}
            onAdd={add}
            onCancel={phase === 'ready' ? () => setDialog(null) : undefined}
          />
        </Suspense>
      )}
    </OperatorContext.Provider>
  );
}
