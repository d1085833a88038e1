import type { StatValue } from '../../../shared/domain/schools/statistics-fields';

export function sameStatValue(a: StatValue | undefined, b: StatValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}
