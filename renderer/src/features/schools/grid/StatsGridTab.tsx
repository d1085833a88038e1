/**
 * 统计数据（按年度）: a year's statistics of every school as one spreadsheet-like grid
 * (react-datasheet-grid, loaded only with this tab). Keyboard navigation and copy/paste from
 * Excel come with the grid; every cell is read with the shared rules, so a refused value is marked
 * on its cell with the Chinese message and never saved; cells of fields a school's type does not
 * have are grey and read-only. Changed rows are saved together (`stats.saveMany`: one unit of work,
 * source 表格录入). While the grid holds unsaved edits, leaving asks first.
 */
import 'react-datasheet-grid/dist/style.css';
import './stats-grid.css';
import { CopyOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Segmented, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createTextColumn, DynamicDataSheetGrid, keyColumn, type CellProps, type Column, type DataSheetGridRef } from 'react-datasheet-grid';
// The grid's own clipboard reading (not part of its index): the notice counts exactly what it pastes.
import { parseTextHtmlData, parseTextPlainData } from 'react-datasheet-grid/dist/utils/copyPasting';
import type { School } from '../../../../../shared/api/contracts/schools';
import { StatCellIssue } from '../../../../../shared/api/contracts/statistics';
import { STAT_FIELDS, type StatFieldDef } from '../../../../../shared/domain/schools/statistics-fields';
import { ApiError } from '../../../api/client';
import { useOp, useOpMutation } from '../../../api/queries';
import { useUnsavedChanges } from '../../../app/unsaved';
import { useNotify } from '../../../components/use-notify';
import { YearPicker } from '../stats/YearPicker';
import {
  buildRows,
  campusOnlySchools,
  cellIssue,
  changedRows,
  copyPreviousYear,
  gridIssues,
  ignoredPaste,
  ignoredPasteMessage,
  pasteTargets,
  readOnlyReason,
  rowValues,
  type GridCellIssue,
  type GridRow,
} from './grid-model';

const GROUPS = ['全部', ...new Set(STAT_FIELDS.map((f) => f.group))];
const text = createTextColumn<string | null>({ alignRight: true, continuousUpdates: false, deletedValue: null });

/** The grid of one year; the parent remounts it per year (a year switch is a navigation the guard sees). */
export default function StatsGridTab({ year, years, onYear }: { year: number; years: number[]; onYear: (y: number) => void }) {
  const allYears = [...new Set([...years, year])].sort((a, b) => b - a);
  return (
    <div data-testid="stats-grid-tab">
      <YearGrid key={year} year={year} years={allYears} onYear={onYear} />
    </div>
  );
}

interface Loaded {
  rows: GridRow[];
  /** The rows as loaded, by school id: what “changed” is measured against. */
  original: Map<string, GridRow>;
  /** Schools that have a record of the year. */
  hasRecord: Set<number>;
  /** Schools recorded per campus only this year: read-only here (see campusOnlySchools). */
  campusOnly: Set<string>;
}

function YearGrid({ year, years, onYear }: { year: number; years: number[]; onYear: (y: number) => void }) {
  const notify = useNotify();
  const { message } = App.useApp();
  const schools = useOp('schools.list', {});
  const records = useOp('stats.forYear', { year });
  const previous = useOp('stats.forYear', { year: year - 1 }, { enabled: year > 2000 });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [rows, setRows] = useState<GridRow[]>([]);
  const [group, setGroup] = useState<string>('全部');
  const [copied, setCopied] = useState<Set<string>>(new Set());
  const [serverIssues, setServerIssues] = useState<GridCellIssue[]>([]);
  const [resync, setResync] = useState(0);

  const bySchool = useMemo(() => new Map((schools.data ?? []).map((s) => [String(s.id), s])), [schools.data]);
  const names = useMemo(() => new Map((schools.data ?? []).map((s) => [s.id, s.name])), [schools.data]);
  const changed = useMemo(() => (loaded ? changedRows(rows, loaded.original) : []), [rows, loaded]);
  const dirty = changed.length > 0;
  const issues = useMemo(() => gridIssues(rows, names), [rows, names]);

  // (Re)load the rows from the stored data: at first, after a save (resync), and when the data
  // changes while nothing is edited; never over unsaved edits.
  const handledResync = useRef(-1);
  useEffect(() => {
    if (!schools.data || !records.data) return;
    if (dirty && handledResync.current === resync) return;
    handledResync.current = resync;
    const built = buildRows(
      schools.data.map((s) => ({ id: s.id, name: s.name, type: s.type, status: s.status, closedOn: s.closedOn })),
      records.data,
      year,
    );
    const campusOnly = campusOnlySchools(records.data);
    setLoaded({
      rows: built,
      original: new Map(built.map((r) => [r._id, r])),
      hasRecord: new Set([...records.data.filter((r) => r.campusId === null).map((r) => r.schoolId), ...campusOnly]),
      campusOnly: new Set([...campusOnly].map(String)),
    });
    setRows(built);
    setCopied(new Set());
    setServerIssues([]);
  }, [schools.data, records.data, resync, dirty, year]);

  const saveMany = useOpMutation('stats.saveMany', {
    errorTitle: '保存失败',
    success: (r) => (r.saved ? `已保存 ${year} 年 ${r.saved} 所学校的统计数据` : '数据没有变化，无需保存'),
  });
  // The guard's markClean, for after a save (the guard needs `save`, so it is created below).
  const markClean = useRef<() => void>(() => undefined);

  const save = async (): Promise<boolean> => {
    if (issues.length > 0) {
      notify.error(new Error(`有 ${issues.length} 个单元格填写有误（已标红，见表格下方），修正后才能保存`), '未保存');
      return false;
    }
    if (changed.length === 0) return true;
    try {
      await saveMany.mutateAsync({ year, rows: changed.map((r) => ({ schoolId: Number(r._id), values: rowValues(r) })) });
    } catch (e) {
      const cells = e instanceof ApiError ? StatCellIssue.array().safeParse((e.details as { cells?: unknown } | undefined)?.cells) : null;
      if (cells?.success) setServerIssues(cells.data.map((c) => ({ schoolId: c.schoolId, schoolName: c.schoolName, field: c.field, label: c.label, message: c.message })));
      return false;
    }
    markClean.current();
    setResync((n) => n + 1);
    return true;
  };
  const guard = useUnsavedChanges(dirty, `${year} 年统计数据（表格）`, save);
  useEffect(() => {
    markClean.current = guard.markClean;
  }, [guard]);

  // Column objects change only when what they show changes (the dynamic grid re-creates its cells
  // then; the library's static DataSheetGrid would keep the first columns for ever).
  const original = loaded?.original;
  const campusOnly = loaded?.campusOnly;
  const shownFields = useMemo(() => STAT_FIELDS.filter((f) => group === '全部' || f.group === group), [group]);
  const readOnly = useCallback<CellReadOnly>(
    (row, def) => {
      const school = bySchool.get(row._id);
      if (!school) return null;
      return readOnlyReason(school, def, campusOnly?.has(row._id) ?? false, original?.get(row._id)?.[def.key] ?? row[def.key]);
    },
    [bySchool, campusOnly, original],
  );
  const columns = useMemo<Column<GridRow>[]>(
    () => shownFields.map((def) => fieldColumn(def, readOnly, (id) => original?.get(id), (id) => copied.has(id))),
    [shownFields, readOnly, original, copied],
  );

  // The grid skips read-only cells when pasting, silently. Before it applies a paste (this listener
  // runs in the capture phase, ahead of the grid's own), count the values that will land on such
  // cells and say so, with the reason, so nothing typed in Excel disappears unnoticed.
  const gridRef = useRef<DataSheetGridRef>(null);
  const pasteState = useRef({ rows, shownFields, readOnly });
  useEffect(() => {
    pasteState.current = { rows, shownFields, readOnly };
  }, [rows, shownFields, readOnly]);
  const gridBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const grid = gridRef.current;
      const active = grid?.activeCell;
      if (!grid || !active) return;
      // A cell being edited takes the paste into its own text box, as any input does.
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target && gridBox.current?.contains(target) && target.matches('input, textarea')) return;
      const { rows: current, shownFields: fields, readOnly: why } = pasteState.current;
      const data = clipboardCells(event.clipboardData);
      const min = grid.selection?.min ?? active;
      const max = grid.selection?.max ?? active;
      const targets = pasteTargets(data, min, max, current.length, fields.length);
      const text = ignoredPasteMessage(ignoredPaste(targets, ({ row, col }) => why(current[row], fields[col])));
      if (text) void message.warning({ content: text, duration: 8 });
    };
    document.addEventListener('paste', onPaste, true);
    return () => document.removeEventListener('paste', onPaste, true);
  }, [message]);
  const gutter = useMemo(
    () => ({
      title: '学校',
      basis: 180,
      component: ({ rowData }: CellProps<GridRow>) => <SchoolCell school={bySchool.get(rowData._id)} copied={copied.has(rowData._id)} perCampus={campusOnly?.has(rowData._id) ?? false} />,
    }),
    [bySchool, copied, campusOnly],
  );

  if (schools.error || records.error) return <Alert type="error" showIcon title="无法读取统计数据" description={(schools.error ?? records.error)!.message} />;
  if (!loaded) return <Skeleton active />;

  const missing = rows.filter((r) => !loaded.hasRecord.has(Number(r._id)));
  const canCopy = missing.some((r) => previous.data?.some((p) => p.schoolId === Number(r._id) && p.campusId === null));
  const copyLastYear = () => {
    const r = copyPreviousYear(rows, loaded.hasRecord, previous.data ?? []);
    setRows(r.rows);
    setCopied(new Set(r.copied.map(String)));
    if (r.copied.length) notify.info(`已从 ${year - 1} 年复制 ${r.copied.length} 所学校的数据（尚未保存），请核对后点击“保存”`);
    else notify.info(`没有可复制的数据：这些学校 ${year - 1} 年也没有记录，或已开始填写`);
  };
  const shownIssues = issues.length > 0 ? issues : serverIssues;

  return (
    <>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <YearPicker years={years} value={year} onChange={onYear} />
        <Segmented aria-label="显示的统计项" value={group} onChange={(g) => setGroup(g)} options={GROUPS} data-testid="grid-group" />
        <Space wrap>
          <Button type="primary" icon={<SaveOutlined />} data-testid="grid-save" disabled={!dirty} loading={saveMany.isPending} onClick={() => void save()}>
            保存{dirty ? `（${changed.length} 所学校）` : ''}
          </Button>
          <Button
            icon={<UndoOutlined />}
            disabled={!dirty}
            onClick={() => {
              setRows(loaded.rows);
              setCopied(new Set());
              setServerIssues([]);
            }}
          >
            撤销修改
          </Button>
          {missing.length > 0 && (
            <Tooltip title={canCopy ? `把 ${year - 1} 年的数据填入本年尚无记录的 ${missing.length} 所学校，保存前可修改` : `${year - 1} 年没有这些学校的数据可复制`}>
              <Button icon={<CopyOutlined />} disabled={!canCopy} onClick={copyLastYear}>
                复制上一年数据
              </Button>
            </Tooltip>
          )}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        用方向键、回车键在单元格间移动，直接输入即可修改；可从 Excel 复制一块数据，选中起始单元格后直接粘贴。灰色单元格是该类学校不填的项目；标红的单元格有错误，不会保存。
        分校区填报的数据请在学校的“统计数据”页填写。
      </Typography.Paragraph>
      <div className="stats-grid" data-testid="stats-grid" ref={gridBox}>
        <DynamicDataSheetGrid<GridRow>
          ref={gridRef}
          value={rows}
          onChange={(next) => {
            setRows(next);
            if (serverIssues.length) setServerIssues([]);
          }}
          columns={columns}
          rowKey="_id"
          lockRows
          addRowsComponent={false}
          disableContextMenu
          height={Math.max(240, Math.min(520, rows.length * 36 + 64))}
          rowHeight={36}
          headerRowHeight={60}
          gutterColumn={gutter}
        />
      </div>
      {shownIssues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="grid-errors"
          title={`有 ${shownIssues.length} 个单元格填写有误，修正后才能保存`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 160, overflowY: 'auto' }}>
              {shownIssues.slice(0, 50).map((i) => (
                <li key={`${i.schoolId}:${i.field}`}>
                  {i.schoolName}：{i.message.startsWith(`${i.schoolName}：`) ? i.message.slice(i.schoolName.length + 1) : i.message}
                </li>
              ))}
              {shownIssues.length > 50 && <li>……共 {shownIssues.length} 处</li>}
            </ul>
          }
        />
      )}
    </>
  );
}

/** The clipboard as the grid reads it: an HTML table (Excel) first, else tab-separated text. */
function clipboardCells(clipboard: DataTransfer | null): string[][] {
  if (!clipboard) return [['']];
  if (clipboard.types.includes('text/html')) return parseTextHtmlData(clipboard.getData('text/html'));
  if (clipboard.types.includes('text/plain')) return parseTextPlainData(clipboard.getData('text/plain'));
  if (clipboard.types.includes('text')) return parseTextPlainData(clipboard.getData('text'));
  return [['']];
}

/** The sticky first column: the school's name and type (a copied row, a school recorded per campus say so). */
function SchoolCell({ school, copied, perCampus }: { school: School | undefined; copied: boolean; perCampus: boolean }) {
  if (!school) return <span />;
  return (
    <div className="grid-school" title={perCampus ? `${school.name}本年按校区填报，请在该校的“统计数据”页按校区修改` : `${school.name}（${school.type}）`}>
      <span className="grid-school-name">{school.name}</span>
      {copied && <span className="grid-copied-mark">已复制</span>}
      {perCampus && <span className="grid-copied-mark">按校区填报</span>}
    </div>
  );
}

/** Why a row's cell of a field is read-only (readOnlyReason), null when it can be edited. */
type CellReadOnly = (row: GridRow, def: StatFieldDef) => string | null;

/**
 * One field's column: the cell's text as typed, right-aligned; grey and read-only where the type
 * does not have the field; red with the reason (title, and the list below the grid) when refused.
 */
function fieldColumn(def: StatFieldDef, readOnly: CellReadOnly, originalOf: (id: string) => GridRow | undefined, isCopied: (id: string) => boolean): Column<GridRow> {
  const base = keyColumn<GridRow, string>(def.key, text) as Column<GridRow>;
  const Base = base.component!;
  const applies = (row: GridRow) => readOnly(row, def) === null;
  return {
    ...base,
    id: def.key,
    title: (
      <span className="grid-head" title={`${def.label}（${def.unit}）`}>
        {def.label}
        <span className="grid-head-unit">（{def.unit}）</span>
      </span>
    ),
    basis: def.kind === 'list' ? 150 : 116,
    grow: 0,
    shrink: 0,
    minWidth: 96,
    disabled: ({ rowData }) => !applies(rowData),
    cellClassName: ({ rowData }) => {
      if (!applies(rowData)) return 'grid-cell-na';
      if (cellIssue(def, rowData[def.key])) return 'grid-cell-invalid';
      const before = originalOf(rowData._id)?.[def.key] ?? null;
      if ((before ?? '').trim() !== (rowData[def.key] ?? '').trim()) return isCopied(rowData._id) ? 'grid-cell-copied' : 'grid-cell-changed';
      return undefined;
    },
    component: function StatCell(props: CellProps<GridRow>) {
      const issue = cellIssue(def, props.rowData[def.key]);
      return (
        <div
          className="grid-cell"
          title={issue ?? (props.disabled ? (readOnly(props.rowData, def) ?? undefined) : undefined)}
          data-field={def.key}
          data-invalid={issue ? 'true' : undefined}
        >
          <Base {...props} />
        </div>
      );
    },
  };
}
