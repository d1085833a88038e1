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
