/**
 * Shared formulas: Excel stores `=SUM(D2:F2)` once on the first cell (`<f t="shared" ref="G2:G200" si="0">`)
 * and only `<f t="shared" si="0"/>` on the others. The reader never evaluates formulas; it needs the
 * text only to name a formula saved without its result, so the relative references are shifted to the
 * cell the way Excel shows it (A1 references; whole-row ranges such as 2:2 are left as they are).
 */
import { columnLetter } from '../register/table';

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

const TOKEN = /("(?:[^"]|"")*")|('(?:[^']|'')*')|(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)([1-9][0-9]{0,6})(?![A-Za-z0-9_(.])/g;

export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

export function shiftFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  return formula.replace(TOKEN, (whole, dq: string | undefined, sq: string | undefined, colAbs: string, col: string, rowAbs: string, row: string) => {
    if (dq !== undefined || sq !== undefined) return whole;
    const c = colAbs ? columnIndex(col) : columnIndex(col) + dCol;
    const r = rowAbs ? Number(row) : Number(row) + dRow;
    if (c < 0 || c >= MAX_COL || r < 1 || r > MAX_ROW) return '#REF!';
    return `${colAbs}${columnLetter(c)}${rowAbs}${r}`;
  });
}
