/** Number formatting shared by the balance report's tables, charts and sentences (display rounding of shared/domain/balance). */
import { formatForDisplay } from '../../../../shared/domain/balance';

export const cv = (x: number | null): string => formatForDisplay(x, 'cv');
export const limit = (x: number): string => x.toFixed(2);
export const stat = (x: number | null): string => formatForDisplay(x, 'mean');
export const value = (x: number | null): string => formatForDisplay(x, 'value');
export const percent = (share: number): string => `${(Math.round(share * 10000) / 100).toFixed(2)}%`;
export const whole = (n: number | null): string => (n === null ? '—' : String(Math.round(n)));
