/**
 * The renderer's data layer: TanStack Query keyed by contract operation.
 *
 * - Reads: `useOp(op, input)` caches by `[op, input]`; every page that shows the same data shares
 *   one request and one cache entry, and coming back to a page shows the cached answer at once
 *   while it is checked again in the background.
 * - Writes: `useOpMutation(op, options)` calls the operation, shows the success text, and then
 *   invalidates every cached read its domain can have changed (INVALIDATES below), so no page
 *   keeps a reload counter of its own.
 * - Errors: one handler for the whole window (`query-client.ts`) shows the Chinese message with
 *   its 错误编号; a call site opts out with `silent: true` when it shows the error itself
 *   (a form field, an inline alert).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { OpInput, OpName, OpOutput } from '../../../shared/api/contract';
import { call } from './client';

/** The domain of an operation: the part before the dot (`schools.list` → `schools`). */
export type OpDomain = OpName extends `${infer D}.${string}` ? D : never;

/**
 * What a successful write in a domain can change, besides its own domain. A school edit changes
 * lists, statistics views, balance results and documents built from them; every write adds an
 * audit entry. Kept broad on purpose: a re-read of a local database is cheap, a stale figure on
 * screen is not.
 */
const INVALIDATES: Partial<Record<OpDomain, readonly OpDomain[]>> = {
  // A round's units show the register's township, and its candidates are the register's schools.
  schools: ['stats', 'balance', 'documents', 'attachments', 'indicators', 'rounds'],
  // New statistics re-check the 整改台账's items born from data (rectification recheck-service).
  stats: ['schools', 'balance', 'documents', 'indicators', 'rectification'],
  exchange: ['schools', 'stats', 'balance', 'documents', 'indicators', 'jobs', 'rounds', 'scoring', 'rectification'],
  demo: ['schools', 'stats', 'balance', 'documents', 'indicators', 'attachments', 'jobs', 'operators', 'rounds', 'scoring', 'experts', 'rectification'],
  backup: ['schools', 'stats', 'balance', 'documents', 'indicators', 'attachments', 'jobs', 'operators', 'rounds', 'scoring', 'experts', 'rectification'],
  indicators: ['balance', 'documents'],
  balance: ['documents'],
  documents: [],
  attachments: ['schools'],
  // A round's changes (units, states, stages) are audited; its units and their submissions (the
  // self-evaluation) are what scoring shows.
  rounds: ['audit', 'scoring'],
  // An expert's name or 工作单位 shows in every round's set-up and score sheets; an assignment
  // changes how many rounds an expert takes part in (the experts' list).
  experts: ['scoring'],
  // Locking a unit re-checks the ledger's items from earlier rounds.
  scoring: ['experts', 'rectification'],
  // A finished job changes what its kind writes: an import the register, statistics and what is
  // computed from them; evidence the attachments; a backup the backup list; packages issued and
  // submissions imported the round's units and the self-evaluations scoring shows.
  jobs: ['attachments', 'schools', 'stats', 'balance', 'indicators', 'backup', 'documents', 'rounds', 'scoring', 'rectification'],
  // An item's evidence and numbers show in 作业记录 outputs only through jobs; a notice takes a 发文字号.
  rectification: ['documents', 'jobs'],
  operators: ['app'],
};

/** Domains whose cached reads a successful call of `op` makes stale (its own, what it affects, and the logs). */
export function domainsChangedBy(op: OpName): OpDomain[] {
  const own = op.split('.')[0] as OpDomain;
  return [...new Set<OpDomain>([own, ...(INVALIDATES[own] ?? []), 'audit'])];
}

/** The cache key of a read: the operation, then its input. */
export function opKey<K extends OpName>(op: K, input: OpInput<K>): QueryKey {
  return [op, input ?? {}];
}

/** Marks every cached read of the given domains stale; mounted pages refetch at once. */
export function invalidateDomains(client: QueryClient, domains: readonly OpDomain[]): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && domains.includes((q.queryKey[0] as string).split('.')[0] as OpDomain),
  });
}

export interface UseOpOptions {
  /** false: do not call yet (an input still missing). */
  enabled?: boolean;
  /** Keep showing the previous answer while the input changes (filters, search as you type). */
  keepPrevious?: boolean;
  /** The caller shows the error itself; the window-wide notification stays quiet. */
  silent?: boolean;
}

/**
 * Reads through the contract with caching. `error` is the ApiError (Chinese message, errorId).
 * Returns TanStack Query's result: `data`, `isPending`, `isFetching`, `error`, `refetch`.
 */
export function useOp<K extends OpName>(op: K, input: OpInput<K>, options: UseOpOptions = {}) {
  return useQuery({
    queryKey: opKey(op, input),
    queryFn: () => call(op, input),
    enabled: options.enabled ?? true,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    meta: { silent: options.silent ?? false, op },
  });
}

export interface UseOpMutationOptions<K extends OpName> {
  /** Shown (message.success) after the call succeeds; a function receives the answer. */
  success?: string | ((value: OpOutput<K>, input: OpInput<K>) => string | null);
  /** Title of the error notification (default 操作未完成). */
  errorTitle?: string;
  /** The caller shows the error itself. */
  silent?: boolean;
  /**
   * false: the call changes nothing stored (an import's dry run, starting a job whose progress
   * the job events report), so no cached read is refreshed.
   */
  invalidates?: false;
  onSuccess?: (value: OpOutput<K>, input: OpInput<K>) => void | Promise<void>;
}

/**
 * A write through the contract: `mutate(input)` / `mutateAsync(input)`, `isPending` for the busy
 * state. On success: the success text, the invalidation of what changed, then `onSuccess`.
 * Errors go to the window-wide handler (Chinese message with 错误编号) unless `silent`.
 */
export function useOpMutation<K extends OpName>(op: K, options: UseOpMutationOptions<K> = {}) {
  const client = useQueryClient();
  return useMutation<OpOutput<K>, Error, OpInput<K>>({
    mutationKey: [op],
    mutationFn: (input) => call(op, input),
    meta: { silent: options.silent ?? false, errorTitle: options.errorTitle, success: options.success, op },
    onSuccess: async (value, input) => {
      if (options.invalidates !== false) await invalidateDomains(client, domainsChangedBy(op));
      await options.onSuccess?.(value, input);
    },
  });
}
