/**
 * The window's one QueryClient and its one error handler. Failed reads and writes are reported
 * here, in Chinese with the 错误编号 (see components/use-notify.ts), unless the call was marked
 * silent because its page shows the error in place. Success texts of writes are shown here too,
 * so a call site only states them.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean; op?: string };
    mutationMeta: {
      silent?: boolean;
      op?: string;
      errorTitle?: string;
      success?: string | ((value: never, input: never) => string | null);
    };
  }
}

/** Where the handler shows things; set by <Notifier/> once antd's App context exists. */
export interface Feedback {
  success(text: string): void;
  error(e: unknown, title?: string): void;
}

let feedback: Feedback | null = null;

/** Called by the component that owns antd's message/notification instances. */
export function setFeedback(f: Feedback | null): void {
  feedback = f;
}

/** Errors that a retry cannot fix: the answer was a refusal, not a lost connection. */
function isFinal(e: unknown): boolean {
  return e instanceof ApiError && e.code !== 'internal';
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // Said once, by whoever shows it: not for a prefetch nobody reads yet (the page that mounts
        // reads it again and reports), nor when a page on screen shows this error in place.
        if (query.getObserversCount() === 0) return;
        if (query.meta?.silent || query.observers.some((o) => o.options.meta?.silent)) return;
        // A background re-check that fails while data is on screen is still worth saying once.
        feedback?.error(error, '读取数据失败');
      },
    }),
    mutationCache: new MutationCache({
      onSuccess: (value, input, _ctx, mutation) => {
        const s = mutation.meta?.success;
        const text = typeof s === 'function' ? (s as (v: unknown, i: unknown) => string | null)(value, input) : s;
        if (text) feedback?.success(text);
      },
      onError: (error, _input, _ctx, mutation) => {
        if (mutation.meta?.silent) return;
        feedback?.error(error, mutation.meta?.errorTitle ?? '操作未完成');
      },
    }),
    defaultOptions: {
      queries: {
        // The data is local and every write invalidates what it changes, so a page that mounts
        // re-reads what is older than two seconds (not what the route's loader has just fetched),
        // and nothing is re-read on window focus (switching to Word and back should not flash spinners).
        staleTime: 2_000,
        refetchOnWindowFocus: false,
        retry: (count, e) => !isFinal(e) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}
