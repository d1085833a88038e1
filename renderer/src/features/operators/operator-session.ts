/**
 * The operator chosen in this window. Kept in sessionStorage: per window (tab) and per session, so a
 * reload keeps the person and a new window asks again when several people share the installation.
 */
const KEY = 'desk.operatorId';

/** The id remembered for this window, or null. */
export function rememberedOperatorId(): number | null {
  try {
    const v = Number(sessionStorage.getItem(KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Remembers the window's operator (null forgets). */
export function rememberOperator(id: number | null): void {
  try {
    if (id === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, String(id));
  } catch {
    // Storage refused (private mode): the choice then lasts until the page is reloaded.
  }
}

/** 王督学（督导室）. */
export function operatorText(o: { name: string; office: string }): string {
  return o.office ? `${o.name}（${o.office}）` : o.name;
}

/** The doors a change can come through, as the stored account name ends (`zhang@web`). */
const DOORS: Record<string, string> = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' };

/**
 * A recorded operator name (作业记录, 佐证材料) as a person. Work done before anyone was chosen
 * recorded the computer's account (`zhang@web`); that reads 未选择操作人（浏览器模式）, the same
 * words the 操作日志 uses (main/services/audit/describe.ts), never the account.
 */
export function personName(recorded: string): string {
  const at = recorded.lastIndexOf('@');
  if (at < 0) return recorded;
  const door = DOORS[recorded.slice(at + 1)];
  return door ? `未选择操作人（${door}）` : recorded;
}
