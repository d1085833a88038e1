import { importOnUse } from '../../app/import-on-use';
import type { ServiceContext } from '../context';

/**
 * Re-checks the ledger's data-born items after new data arrived (statistics imported, a unit
 * locked): issue 14 item 5. Returns what it found in words when something changed (a 销号 proposal,
 * an item worse), for the caller to tell the user; null otherwise. The data's own change is already committed, so a failing re-check must
 * not turn it into an error: it is logged, and the ledger's 按最新数据复核 button runs it again.
 * Loaded lazily: the re-check reads balance and scoring services that themselves import these callers.
 */
export async function recheckAfterData(ctx: ServiceContext, why: string): Promise<string | null> {
  try {
    const { recheckItems } = await importOnUse(() => import('./recheck-service'), import.meta.url, './recheck-service');
    const r = await recheckItems(ctx);
    if (!r.proposedClose && !r.worse) return null;
    ctx.log?.info(`整改台账数据复核（${why}）：${r.message}`);
    return `整改台账数据复核：${r.message}`;
  } catch (e) {
    ctx.log?.warn(`整改台账数据复核（${why}）未完成：${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
