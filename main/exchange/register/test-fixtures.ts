/** Builders for the importer tests: hostile files are made here, in code, not checked in. */
import ExcelJS from 'exceljs';
import type { School } from '../../../shared/api/contracts/schools';
import type { StatRecord } from '../../../shared/api/contracts/statistics';
import type { SchoolOp } from './plan-schools';
import type { StatsOp } from './plan-stats';

export interface SheetSpec {
  name: string;
  rows: ExcelJS.CellValue[][];
  merges?: string[];
}

export async function xlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      r.forEach((v, j) => {
        if (v !== null && v !== undefined) ws.getCell(i + 1, j + 1).value = v;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvText(rows: (string | number | null)[][]): string {
  return rows
    .map((r) => r.map((v) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(','))
    .join('\r\n');
}

export function utf8Bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

let gbkTable: Map<string, number[]> | null = null;

/** Node has no GBK encoder; invert the platform's GBK decoder over all two-byte codes instead. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = dec.decode(Uint8Array.from([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

export function school(id: number, code: string | null, name: string, extra: Partial<School> = {}): School {
  return {
    id, code, name, shortName: null, type: '小学', ownership: '公办', locality: '城区', township: null, address: null,
    principal: null, contact: null, status: '在办', closedOn: null, campuses: [], latestStatsYear: null,
    updatedAt: '2024-01-01T00:00:00.000Z', ...extra,
  };
}

export function campus(id: number, schoolId: number, name: string) {
  return { id, schoolId, name, address: null, evaluatedSeparately: true };
}

/** What the service would store after committing a school plan; ids continue from the largest. */
export function applySchoolOps(existing: School[], ops: SchoolOp[]): School[] {
  const out = existing.map((s) => ({ ...s, campuses: [...s.campuses] }));
  let nextId = Math.max(0, ...out.map((s) => s.id), ...out.flatMap((s) => s.campuses.map((c) => c.id))) + 1;
  for (const op of ops) {
    if (op.kind === 'insert') {
      const id = nextId++;
      out.push({ ...school(id, null, ''), ...op.input, id, campuses: op.campuses.map((n) => campus(nextId++, id, n)) });
    } else {
      const i = out.findIndex((s) => s.id === op.id);
      out[i] = { ...out[i], ...op.input, campuses: [...out[i].campuses, ...op.addCampuses.map((n) => campus(nextId++, op.id, n))] };
    }
  }
  return out;
}

export function applyStatsOps(current: StatRecord[], ops: StatsOp[]): StatRecord[] {
  const out = [...current];
  for (const op of ops) {
    const rec: StatRecord = { schoolId: op.schoolId, campusId: op.campusId, year: op.year, values: op.values as StatRecord['values'], updatedAt: '' };
    const i = out.findIndex((r) => r.schoolId === op.schoolId && r.campusId === op.campusId && r.year === op.year);
    if (i >= 0) out[i] = rec;
    else out.push(rec);
  }
  return out;
}
