/**
 * The register list's last address (its filters, sorting, tab), so 返回学校列表 on a school's page
 * returns to the list as the user left it, however many tab or year switches happened since.
 * Kept for the window's lifetime; a new window starts from the plain list.
 */
let lastSearch = '';

/** Called by the list whenever its address changes. */
export function rememberListSearch(search: string): void {
  lastSearch = search;
}

/** The list's path with the filters it last had. */
export function listPath(): string {
  return `/schools${lastSearch}`;
}
