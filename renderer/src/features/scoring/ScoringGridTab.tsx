/**
 * 评分总表: the round's units × leaves in one spreadsheet-like grid (react-datasheet-grid, loaded
 * only with this tab; rows and columns virtualised, so 300 units × 100 leaves scroll smoothly).
 * The user chooses the score kind the grid shows and takes (最终得分 by default, 初评, or one
 * expert's); each cell also says the school's self-evaluation, and on hover (or in the line above
 * the grid for the cell under the cursor) every score of the item, the suggestion and the departure.
 *
 * Keyboard as in a spreadsheet (the grid's own): arrows, Tab and Enter move; typing a number or a
 * grade letter starts editing; Enter saves, Esc cancels. A typed score changes the unit's total and
 * grade at once (grid-model.ts: the shared engine on this unit only), then scoring.setScore stores
 * it and its answer replaces the cell; a refused score stays in its cell, red, with the service's
 * Chinese message, and the total goes back to the stored score. A final score too far from the
 * self-evaluation is refused for want of a reason: 写明理由 saves it with one. Locked and forfeited
 * units, leaves computed from statistics and leaves that do not apply are grey and read-only.
 * Filters (in the address): discrepancies only, unlocked only, by expert, by 评估组.
 */
import 'react-datasheet-grid/dist/style.css';
import './scoring-grid.css';
import { LockOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Empty, Flex, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { DynamicDataSheetGrid, type CellProps, type Column, type DataSheetGridRef } from 'react-datasheet-grid';
import { useQueryClient } from '@tanstack/react-query';
import type { RoundDetail } from '../../../../shared/api/contracts/rounds';
import type { GridLeaf, RoundGrid, RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import { answerOfMark, markText, type GridMark } from '../../../../shared/domain/scoring/grid';
import { call, errorMessage } from '../../api/client';
import { domainsChangedBy, opKey, useOp } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';
import { useUrlFields } from '../../app/url-state';
import {
  applyMark,
  applyServerRow,
  buildGridModel,
  carryRefused,
  cellKey,
  cellLines,
  cellText,
  ensureTotals,
  hasAllTotals,
  isDiscrepancy,
  kindKeyOf,
  kindLabel,
  markOfKind,
  parseKindKey,
  readOnlyReason,
  readTyped,
  setPending,
  storedWords,
  totalWords,
  visible,
  type GridFilters,
  type GridModel,
  type GridStatics,
  type GridUnitModel,
  type KindKey,
} from './grid-model';
import { refusalField, ruleText } from './score-view';

const FILTER_KEYS = ['kind', 'disc', 'open', 'expert', 'block'] as const;
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 64;
/** Units whose totals are computed per frame when a kind is first shown (≈ 1 ms each). */
const TOTALS_PER_FRAME = 40;
const UNIT_WIDTH = 190;
const LEAF_WIDTH = 84;
const TOTAL_WIDTH = 150;

/** The tab: reads the round's grid; a fresh read after scores were saved here (see GridView). */
export default function ScoringGridTab({ round, setup }: { round: RoundDetail; setup: RoundScoringSetup }) {
  const grid = useOp('scoring.grid', { roundId: round.id }, { silent: true });
  if (grid.error) return <Alert type="error" showIcon title="无法读取评分总表" description={grid.error.message} />;
  if (!grid.data) return <Skeleton active />;
  return (
    <div data-testid="scoring-grid-tab">
      <GridView data={grid.data} setup={setup} />
    </div>
  );
}

/** What a leaf's column gives its cells. */
interface LeafColumnData {
  leaf: GridLeaf;
  kind: KindKey;
  statics: GridStatics;
  commit: (unitId: number, nodeId: string, text: string) => void;
}

function GridView({ data, setup }: { data: RoundGrid; setup: RoundScoringSetup }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [fields, setFields] = useUrlFields(FILTER_KEYS);
  const kinds = useMemo<KindKey[]>(() => ['final', 'office', ...data.experts.map((x) => kindKeyOf('expert', x.expertId))], [data.experts]);
  const kind: KindKey = kinds.includes(fields.kind as KindKey) ? (fields.kind as KindKey) : 'final';
  const expertId = data.experts.some((x) => String(x.expertId) === fields.expert) ? Number(fields.expert) : null;
  const blockId = data.blocks.some((b) => String(b.id) === fields.block) ? Number(fields.block) : null;
  const filters = useMemo<GridFilters>(() => ({ discrepancies: fields.disc === '1', unlockedOnly: fields.open === '1', expertId, blockId }), [fields.disc, fields.open, expertId, blockId]);

  // The model: built from the answer; rebuilt when a fresh answer arrives (scores changed on another
  // screen), keeping the values refused here in their cells.
  const [model, setModel] = useState<GridModel>(() => buildGridModel(data));
  const [source, setSource] = useState(data);
  if (source !== data) {
    setSource(data);
    setModel((m) => carryRefused(m, buildGridModel(data)));
  }
  const statics = useMemo<GridStatics>(() => ({ leafById: new Map(data.leaves.map((l) => [l.nodeId, l])), experts: data.experts, blocks: data.blocks, threshold: data.departureThreshold }), [data]);

  // Totals of the kind shown, a few units per frame so the grid opens at once on a large round.
  const totalsReady = hasAllTotals(model, kind);
  useEffect(() => {
    if (totalsReady) return;
    const id = setTimeout(() => setModel((m) => ensureTotals(m, kind, TOTALS_PER_FRAME)), 0);
    return () => clearTimeout(id);
  }, [model, kind, totalsReady]);

  // What the filters show is taken when they change (or on 重新筛选), not after every score: a row
  // does not vanish from under the cursor when its discrepancy is resolved.
  const [refresh, setRefresh] = useState(0);
  const shownKey = JSON.stringify([filters, refresh]);
  const [shown, setShown] = useState(() => ({ key: shownKey, source: data, ...visible(model, filters) }));
  if (shown.key !== shownKey || shown.source !== data) setShown({ key: shownKey, source: data, ...visible(model, filters) });
  const rows = useMemo(() => shown.unitIds.map((id) => model.units[model.unitIndex.get(id)!]!).filter(Boolean), [shown, model]);

  // Saving: a stable callback reading the latest model and kind (the grid's cells keep it).
  const latest = useRef({ model, kind });
  useEffect(() => {
    latest.current = { model, kind };
  }, [model, kind]);
  const seqs = useRef(new Map<string, number>());
  const saved = useRef(false);
  const afterSave = useCallback(() => {
    saved.current = true;
    // What the save changes elsewhere (the sheet, results, the setup's counts); this grid keeps its own model.
    const domains = domainsChangedBy('scoring.setScore') as string[];
    void client.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0] !== 'scoring.grid' && domains.includes(q.queryKey[0].split('.')[0]!) });
  }, [client]);
  // A grid answer cached before this tab's saves would show old scores next time: dropped on leaving.
  useEffect(() => {
    const key = opKey('scoring.grid', { roundId: data.roundId });
    return () => {
      if (saved.current) client.removeQueries({ queryKey: key, exact: true });
    };
  }, [client, data.roundId]);

  const send = useCallback(
    async (unitId: number, nodeId: string, key: KindKey, mark: GridMark | null, previous: GridMark | undefined, text: string, note: string): Promise<string | null> => {
      const k = `${unitId}|${cellKey(nodeId, key)}`;
      const seq = (seqs.current.get(k) ?? 0) + 1;
      seqs.current.set(k, seq);
      const leaf = latest.current.model.leafById.get(nodeId)!;
      const { kind: scoreKind, expertId: eid } = parseKindKey(key);
      const answer = mark === null ? null : answerOfMark(leaf.method, mark);
      // A mark that does not fit the leaf is never sent as something else (nor as a withdrawal).
      if (mark !== null && answer === null) return '无法识别本项的评分方式';
      // The total changes now, from the local model; the service's answer confirms it.
      setModel((m) => setPending(applyMark(m, unitId, nodeId, key, mark), unitId, nodeId, key, { text: mark === null ? '' : markText(leaf.method, mark), status: 'saving', seq }));
      try {
        const row = await call('scoring.setScore', { unitId, nodeId, kind: scoreKind, ...(eid !== undefined ? { expertId: eid } : {}), answer, note });
        if (seqs.current.get(k) === seq) setModel((m) => setPending(applyServerRow(m, unitId, row), unitId, nodeId, key, null));
        afterSave();
        return null;
      } catch (e) {
        const why = errorMessage(e);
        if (seqs.current.get(k) === seq) {
          setModel((m) => setPending(applyMark(m, unitId, nodeId, key, previous ?? null), unitId, nodeId, key, { text, status: 'refused', message: why, needsReason: refusalField(e) === 'note', seq }));
        }
        return why;
      }
    },
    [afterSave],
  );

  const commit = useCallback(
    (unitId: number, nodeId: string, text: string) => {
      const { model: m, kind: key } = latest.current;
      const unit = m.units[m.unitIndex.get(unitId)!];
      const leaf = m.leafById.get(nodeId);
      if (!unit || !leaf || readOnlyReason(m, unit, nodeId, key)) return;
      const pending = unit.pending[cellKey(nodeId, key)];
      const stored = markOfKind(unit.cells[nodeId], key);
      if (!pending && text.trim() === markText(leaf.method, stored)) return;
      const read = readTyped(leaf, text, parseKindKey(key).kind);
      if (!read.ok) {
        const k = `${unitId}|${cellKey(nodeId, key)}`;
        const seq = (seqs.current.get(k) ?? 0) + 1;
        seqs.current.set(k, seq);
        setModel((x) => setPending(x, unitId, nodeId, key, { text, status: 'refused', message: read.message, seq }));
        return;
      }
      // What is stored already (“a” for a stored A, or emptied where nothing is): nothing to save, a
      // refused value typed over is cleared — no duplicate row in the item's history.
      if ((read.mark === null && stored === undefined) || (read.mark !== null && read.mark === stored && pending?.status !== 'saving')) {
        setModel((x) => setPending(x, unitId, nodeId, key, null));
        return;
      }
      void send(unitId, nodeId, key, read.mark, stored, text, '');
    },
    [send],
  );

  // 写明理由: a final score refused for want of a reason, saved again with one.
  const [reasonFor, setReasonFor] = useState<{ unitId: number; nodeId: string; key: KindKey; text: string; message: string } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [reasonBusy, setReasonBusy] = useState(false);
  const gridRef = useRef<DataSheetGridRef>(null);
  const openReason = (unitId: number, nodeId: string, key: KindKey) => {
    const unit = model.units[model.unitIndex.get(unitId)!]!;
    const p = unit.pending[cellKey(nodeId, key)];
    if (!p) return;
    gridRef.current?.setActiveCell(null);
    setReason('');
    setReasonError(null);
    setReasonFor({ unitId, nodeId, key, text: p.text, message: p.message ?? '' });
  };
  const saveWithReason = async () => {
    if (!reasonFor) return;
    const note = reason.trim();
    if (!note) {
      setReasonError('请写明理由');
      return;
    }
    const leaf = model.leafById.get(reasonFor.nodeId)!;
    const read = readTyped(leaf, reasonFor.text, parseKindKey(reasonFor.key).kind);
    if (!read.ok || read.mark === null) return;
    const unit = model.units[model.unitIndex.get(reasonFor.unitId)!]!;
    setReasonBusy(true);
    const why = await send(reasonFor.unitId, reasonFor.nodeId, reasonFor.key, read.mark, markOfKind(unit.cells[reasonFor.nodeId], reasonFor.key), reasonFor.text, note);
    setReasonBusy(false);
    if (why) setReasonError(why);
    else setReasonFor(null);
  };

  // Refused cells are edits not stored: leaving the tab or the round asks first.
  const refused = useMemo(
    () =>
      model.units.flatMap((u) =>
        Object.entries(u.pending)
          .filter(([, p]) => p.status === 'refused')
          .map(([k, p]) => {
            const [nodeId, key] = k.split('|') as [string, KindKey];
            return { unit: u, leaf: model.leafById.get(nodeId)!, key, pending: p };
          }),
      ),
    [model],
  );
  useUnsavedChanges(refused.length > 0, `评分总表中 ${refused.length} 项未保存的评分`, undefined, ['round', 'tab']);

  // Pasting a block is not offered here (each score is checked and saved on its own): said, not silently ignored.
  const gridBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      if (!gridRef.current?.activeCell) return;
      if (target instanceof HTMLElement && gridBox.current?.contains(target) && target.matches('input')) return;
      void message.warning('评分总表不支持粘贴整块数据，请逐项录入；专家的评分可通过专家评分包导入');
    };
    document.addEventListener('paste', onPaste, true);
    return () => document.removeEventListener('paste', onPaste, true);
  }, [message]);

  const columns = useMemo<Column<GridUnitModel, LeafColumnData>[]>(
    () =>
      shown.nodeIds.map((nodeId) => {
        const leaf = statics.leafById.get(nodeId)!;
        return {
          id: nodeId,
          title: <LeafHeader leaf={leaf} />,
          basis: LEAF_WIDTH,
          grow: 0,
          shrink: 0,
          minWidth: 72,
          component: ScoreGridCell,
          columnData: { leaf, kind, statics, commit },
          disabled: ({ rowData }) => readOnlyReason(statics, rowData, nodeId, kind) !== null,
          cellClassName: ({ rowData }) => cellClass(statics, rowData, leaf, kind),
          // Delete and paste change nothing here: a score is withdrawn by emptying its cell and pressing Enter.
          deleteValue: ({ rowData }) => rowData,
          pasteValue: ({ rowData }) => rowData,
          copyValue: ({ rowData }) => cellText(rowData, leaf, kind),
          isCellEmpty: () => false,
        };
      }),
    [shown.nodeIds, statics, kind, commit],
  );
  const gutter = useMemo(() => ({ title: '单位', basis: UNIT_WIDTH, component: UnitCell }), []);
  const totalColumn = useMemo(() => ({ title: <span className="sg-head-total">总分（{kindLabel(kind, data.experts)}）</span>, basis: TOTAL_WIDTH, component: TotalCell, columnData: kind }), [kind, data.experts]);

  const [active, setActive] = useState<{ unitId: number; nodeId: string } | null>(null);
  const activeUnit = active ? model.units[model.unitIndex.get(active.unitId)!] : undefined;
  const activeLeaf = active ? model.leafById.get(active.nodeId) : undefined;
  const activePending = activeUnit && activeLeaf ? activeUnit.pending[cellKey(activeLeaf.nodeId, kind)] : undefined;

  const expertOptions = data.experts.map((x) => ({ value: String(x.expertId), label: x.name }));
  const discrepancies = useMemo(() => model.units.reduce((n, u) => n + u.leafIds.filter((id) => isDiscrepancy(u.cells[id])).length, 0), [model]);
  const setFilter = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) => setFields(patch, { replace: true });

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center" wrap>
        <Space size={4}>
          <Typography.Text>显示和录入</Typography.Text>
          <Select<KindKey>
            aria-label="显示和录入的评分"
            data-testid="grid-kind"
            style={{ width: 180 }}
            value={kind}
            onChange={(k) => setFilter({ kind: k === 'final' ? undefined : k })}
            options={kinds.map((k) => ({ value: k, label: k.startsWith('expert:') ? `专家评分：${kindLabel(k, data.experts).replace(/^专家/, '')}` : kindLabel(k, data.experts) }))}
          />
        </Space>
        <Checkbox data-testid="grid-filter-disc" checked={filters.discrepancies} onChange={(e) => setFilter({ disc: e.target.checked ? '1' : undefined })}>
          只看有分歧的（{discrepancies} 项）
        </Checkbox>
        <Checkbox data-testid="grid-filter-open" checked={filters.unlockedOnly} onChange={(e) => setFilter({ open: e.target.checked ? '1' : undefined })}>
          只看未锁定的单位
        </Checkbox>
        {data.experts.length > 0 && (
          <Select<string>
            aria-label="按专家筛选"
            data-testid="grid-filter-expert"
            style={{ width: 160 }}
            allowClear
            placeholder="按专家筛选"
            value={expertId === null ? undefined : String(expertId)}
            onChange={(v) => setFilter({ expert: v })}
            options={expertOptions}
          />
        )}
        {data.blocks.length > 0 && (
          <Select<string>
            aria-label="按评估组筛选"
            data-testid="grid-filter-block"
            style={{ width: 180 }}
            allowClear
            placeholder="按评估组筛选"
            value={blockId === null ? undefined : String(blockId)}
            onChange={(v) => setFilter({ block: v })}
            options={data.blocks.map((b) => ({ value: String(b.id), label: b.name }))}
          />
        )}
        <Button icon={<ReloadOutlined />} onClick={() => setRefresh((n) => n + 1)} title="按现在的评分重新筛选（筛选结果在改变筛选条件时确定，录入中不会消失）">
          重新筛选
        </Button>
        <Typography.Text type="secondary" data-testid="grid-counts">
          显示 {rows.length} / {model.units.length} 个单位、{shown.nodeIds.length} / {model.leaves.length} 项指标 · 汇总规则：{ruleText(setup.settings)}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        用方向键、Tab 键和回车键在单元格间移动；直接输入分数或等级字母即开始录入，回车保存，Esc 取消；清空单元格后回车即撤回该项评分。达标、否决类可输入“是”或“否”。
        每格下方的小字是学校自评；橙色为专家评分需合议
        {data.departureThreshold !== null && (
          <>
            ，<WarningOutlined style={{ color: '#fa8c16' }} /> 为最终得分与学校自评相差超过 {data.departureThreshold} 分
          </>
        )}
        ；灰色单元格不可录入（已锁定、弃权、由统计数据计算或不适用）。
        总分随录入即时按指标体系重新计算{totalsReady ? '' : '（正在计算各单位总分……）'}。
      </Typography.Paragraph>
      <div className="sg-active" data-testid="grid-active" aria-live="polite">
        {activeUnit && activeLeaf ? (
          <>
            <span>{cellLines(statics, activeUnit, activeLeaf, kind).join(' · ')}</span>
            {activePending?.needsReason && (
              <Button size="small" type="primary" ghost onClick={() => openReason(activeUnit.unitId, activeLeaf.nodeId, kind)}>
                写明理由并保存
              </Button>
            )}
          </>
        ) : (
          <Typography.Text type="secondary">选中一个单元格，这里显示该项的全部评分</Typography.Text>
        )}
      </div>
      {rows.length === 0 || shown.nodeIds.length === 0 ? (
        <Empty data-testid="grid-empty" description={filters.discrepancies ? '没有需要处理的分歧' : '没有符合筛选条件的单位或指标'} />
      ) : (
        // As wide as its columns at most: with a few columns left by a filter, no empty band beside them.
        <div className="scoring-grid" data-testid="scoring-grid" ref={gridBox} style={{ maxWidth: UNIT_WIDTH + LEAF_WIDTH * shown.nodeIds.length + TOTAL_WIDTH + 2 }}>
          <DynamicDataSheetGrid<GridUnitModel>
            ref={gridRef}
            value={rows}
            onChange={() => undefined}
            columns={columns}
            rowKey={({ rowData }) => String(rowData.unitId)}
            lockRows
            disableContextMenu
            disableSmartDelete
            disableExpandSelection
            addRowsComponent={false}
            height={Math.max(240, Math.min(620, rows.length * ROW_HEIGHT + HEADER_HEIGHT + 4))}
            rowHeight={ROW_HEIGHT}
            headerRowHeight={HEADER_HEIGHT}
            gutterColumn={gutter}
            stickyRightColumn={totalColumn}
            onActiveCellChange={({ cell }) => {
              const unit = cell ? rows[cell.row] : undefined;
              setActive(unit && cell?.colId ? { unitId: unit.unitId, nodeId: cell.colId } : null);
            }}
          />
        </div>
      )}
      {refused.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="grid-refused"
          title={`有 ${refused.length} 项评分未保存（保留在标红的单元格中，修改后回车即重新保存）`}
          description={
            <ul className="sg-refused-list">
              {refused.slice(0, 30).map((r) => (
                <li key={`${r.unit.unitId}|${r.leaf.nodeId}|${r.key}`}>
                  {r.unit.name} · {r.leaf.code} {r.leaf.title}（{kindLabel(r.key, data.experts)}，填写的是“{r.pending.text}”）：{r.pending.message}
                  {r.pending.needsReason && (
                    <Button size="small" type="link" onClick={() => openReason(r.unit.unitId, r.leaf.nodeId, r.key)} data-testid="grid-reason-open">
                      写明理由并保存
                    </Button>
                  )}
                </li>
              ))}
              {refused.length > 30 && <li>……共 {refused.length} 项</li>}
            </ul>
          }
        />
      )}
      <Modal
        open={reasonFor !== null}
        title="写明理由"
        okText="保存"
        cancelText="取消"
        confirmLoading={reasonBusy}
        onOk={() => void saveWithReason()}
        onCancel={() => setReasonFor(null)}
        destroyOnHidden
      >
        {reasonFor && (
          <Flex vertical gap={8} data-testid="grid-reason">
            <Typography.Text>{reasonFor.message}</Typography.Text>
            <Input.TextArea aria-label="理由" value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} autoFocus />
            {reasonError && <Typography.Text type="danger">{reasonError}</Typography.Text>}
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}

/** The column's header: code, title (whole on hover), full points; computed leaves say so. */
function LeafHeader({ leaf }: { leaf: GridLeaf }) {
  return (
    <div className="sg-head" title={`${leaf.code} ${leaf.title}（${leaf.methodText}${leaf.points ? `，满分 ${leaf.points} 分` : ''}）`}>
      <span className="sg-head-code">{leaf.code}</span>
      <span className="sg-head-title">{leaf.title}</span>
      <span className="sg-head-points">{leaf.method === 'computed' ? '计算' : `${leaf.points} 分`}</span>
    </div>
  );
}

/** The DSG cell's class: read-only grey, discrepancy colours, refused red, saving faded. */
function cellClass(statics: GridStatics, unit: GridUnitModel, leaf: GridLeaf, kind: KindKey): string | undefined {
  const cls: string[] = [];
  if (!unit.applicable.has(leaf.nodeId)) cls.push('sg-na');
  else if (readOnlyReason(statics, unit, leaf.nodeId, kind)) cls.push('sg-ro');
  const cell = unit.cells[leaf.nodeId];
  if (cell?.reconciled === 'needs_decision') cls.push('sg-decide');
  const p = unit.pending[cellKey(leaf.nodeId, kind)];
  if (p?.status === 'refused') cls.push('sg-refused');
  if (p?.status === 'saving') cls.push('sg-saving');
  return cls.join(' ') || undefined;
}

/**
 * One score cell: the kind's score (or the typed text while saving or refused), the school's
 * self-evaluation below it, ⚠ for a departing final score; an input while editing. Like the
 * grid's own text cell, the input is focused and selected when editing starts (a typed character
 * then replaces the text) and its text is committed when editing stops, unless Esc stopped it.
 */
const ScoreGridCell = memo(function ScoreGridCell({ rowData: unit, columnData: { leaf, kind, statics, commit }, focus }: CellProps<GridUnitModel, LeafColumnData>) {
  const ref = useRef<HTMLInputElement>(null);
  // The input is unmounted by the time editing stops: what was typed is kept here as it is typed.
  const state = useRef({ editing: false, escaped: false, start: '', typed: '' });
  const text = cellText(unit, leaf, kind);
  const textRef = useRef(text);
  // Before the focus effect below (layout effects run in order): editing starts from the text shown.
  useLayoutEffect(() => {
    textRef.current = text;
  }, [text]);
  const unitId = unit.unitId;
  useLayoutEffect(() => {
    const s = state.current;
    if (focus) {
      s.editing = true;
      s.escaped = false;
      s.start = textRef.current;
      s.typed = textRef.current;
      if (ref.current) {
        ref.current.value = textRef.current;
        ref.current.focus();
        ref.current.select();
      }
    } else if (s.editing) {
      s.editing = false;
      if (!s.escaped && s.typed !== s.start) commit(unitId, leaf.nodeId, s.typed);
    }
  }, [focus, commit, unitId, leaf.nodeId]);

  const cell = unit.cells[leaf.nodeId];
  const lines = cellLines(statics, unit, leaf, kind).join('\n');
  const attrs = { 'data-unit': unit.code, 'data-leaf': leaf.code, title: lines };
  if (focus) {
    return (
      <input
        ref={ref}
        className="dsg-input sg-input"
        aria-label={`${unit.name} ${leaf.code} ${leaf.title}`}
        defaultValue={text}
        onChange={(e) => {
          state.current.typed = e.target.value;
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') state.current.escaped = true;
        }}
        {...attrs}
      />
    );
  }
  if (!unit.applicable.has(leaf.nodeId)) return <div className="sg-cell" {...attrs} />;
  if (leaf.method === 'computed') {
    const earned = unit.totals[kind]?.computed[leaf.nodeId];
    return (
      <div className="sg-cell sg-cell-computed" {...attrs}>
        <span className="sg-main">{earned === undefined ? '' : earned}</span>
      </div>
    );
  }
  const self = markText(leaf.method, cell?.self);
  return (
    <div className="sg-cell" {...attrs}>
      <span className="sg-main" data-testid="grid-cell-value">
        {text}
        {kind === 'final' && cell?.departure !== undefined && <WarningOutlined className="sg-departure" aria-label="与学校自评相差较大" />}
      </span>
      {self && <span className="sg-self">自评 {self}</span>}
    </div>
  );
});

/** The sticky left column: the unit, its 报送编码, and 已锁定 / 弃权. */
function UnitCell({ rowData: unit }: CellProps<GridUnitModel, unknown>) {
  return (
    <div className="sg-unit" title={`${unit.name}（报送编码 ${unit.code}，${unit.schoolType}）`} data-testid="grid-unit">
      <a className="sg-unit-name" href={`#/scoring/units/${unit.unitId}`} onMouseDown={(e) => e.stopPropagation()}>
        {unit.name}
      </a>
      {unit.state === 'locked' && (
        <Tag icon={<LockOutlined />} color="default" className="sg-unit-tag">
          已锁定
        </Tag>
      )}
      {unit.state === 'forfeited' && (
        <Tag color="default" className="sg-unit-tag">
          弃权
        </Tag>
      )}
    </div>
  );
}

/** The sticky right column: the kind's total and grade, recomputed as scores are typed. */
function TotalCell({ rowData: unit, columnData: kind }: CellProps<GridUnitModel, KindKey>) {
  const expertId = kind === 'final' || kind === 'office' ? null : parseKindKey(kind).expertId!;
  if (expertId !== null && !unit.expertIds.includes(expertId)) {
    return (
      <div className="sg-total" data-testid="grid-total" title="该专家没有被分配评估本单位">
        <span className="sg-total-points sg-total-muted">—</span>
        <span className="sg-total-note sg-total-muted">未分配该专家</span>
      </div>
    );
  }
  // The final total of a locked (or forfeited) unit is its stored result, as everywhere else.
  const stored = kind === 'final' ? storedWords(unit) : null;
  if (stored) {
    return (
      <div className="sg-total" data-testid="grid-total" title={stored.title}>
        <span className="sg-total-points" data-testid="grid-total-points">
          {stored.total}
        </span>
        <span className={`sg-total-note sg-total-${stored.tone}`} data-testid="grid-total-note">
          {stored.note}
        </span>
      </div>
    );
  }
  const t = unit.totals[kind];
  const w = totalWords(t);
  const problems = t?.problems.length ? `\n${t.problems.join('\n')}` : '';
  const values = unit.valueProblems.length ? `\n${unit.valueProblems.join('\n')}` : '';
  return (
    <div className="sg-total" data-testid="grid-total" title={t ? `${w.total}${w.note ? `，${w.note}` : ''}${problems}${values}` : '正在计算'}>
      <span className="sg-total-points" data-testid="grid-total-points">
        {w.total}
      </span>
      <span className={`sg-total-note sg-total-${w.tone}`} data-testid="grid-total-note">
        {w.note}
      </span>
    </div>
  );
}
