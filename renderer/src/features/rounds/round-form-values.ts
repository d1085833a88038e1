/**
 * The round form (新建评估项目 and 项目设置) as the form edits it, and the contract's input from it.
 * Validation is the contract's own (RoundCreateInput / RoundSettingsInput, whose stage table is
 * checked by shared/domain/rounds checkStages): each message lands on the field it names, so a
 * problem of the third stage's end date stands beside that date picker.
 */
import type { NamePath } from 'antd/es/form/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { RoundCreateInput, RoundSettingsInput, type RoundDetail, type UnitRef } from '../../../../shared/api/contracts/rounds';
import { STAGE_PRESETS } from '../../../../shared/domain/rounds/rounds';
import { placeIssues, type PlacedIssues } from '../documents/form-issues';

/** One row of the stage table: dates as the pickers hold them (null: not chosen yet). */
export interface StageValues {
  /** The stored stage's id when editing (closed stages keep their dates); absent for a new row. */
  id?: number;
  name: string;
  startsOn: Dayjs | null;
  endsOn: Dayjs | null;
  collects: boolean;
}

export type EvaluatorKind = 'office' | 'third_party';
export type LatePolicy = 'refuse' | 'accept';

/** What 项目设置 edits. */
export interface SettingsValues {
  name: string;
  evaluatorKind: EvaluatorKind;
  evaluatorName: string;
  stages: StageValues[];
  latePolicy: LatePolicy;
}

/** What 新建评估项目 edits: the settings plus year, system and units (as unit choice keys). */
export interface CreateValues extends SettingsValues {
  year: number;
  systemId?: number;
  units: string[];
}

/** A calendar day as the contract writes it; '' when not chosen (the contract then says 请填写…). */
const day = (d: Dayjs | null | undefined) => (d && d.isValid() ? d.format('YYYY-MM-DD') : '');

/**
 * A unit of the chooser as one string (table row key, form value): `学校编号/校区编号`, 0 for a
 * whole school. Self-contained, so a key turns back into the contract's UnitRef without a lookup.
 */
export const choiceKey = (u: { schoolId: number; campusId: number | null }) => `${u.schoolId}/${u.campusId ?? 0}`;

/** The UnitRef a choice key stands for; null for a malformed key. */
export function refOfKey(key: string): UnitRef | null {
  const m = /^(\d+)\/(\d+)$/.exec(key);
  if (!m) return null;
  const campus = Number(m[2]);
  return { schoolId: Number(m[1]), campusId: campus === 0 ? null : campus };
}

export const refsOfKeys = (keys: readonly string[]): UnitRef[] => keys.map(refOfKey).filter((r): r is UnitRef => r !== null);

/** The contract's settings from the form. */
export function toSettingsInput(v: SettingsValues) {
  return {
    name: v.name ?? '',
    evaluator: { kind: v.evaluatorKind ?? 'office', name: v.evaluatorName ?? '' },
    // An existing stage's id goes along, so a stage moved in the table keeps its closing and extensions (rounds.update).
    stages: (v.stages ?? []).map((s) => ({ ...(s?.id ? { id: s.id } : {}), name: s?.name ?? '', startsOn: day(s?.startsOn), endsOn: day(s?.endsOn), collects: Boolean(s?.collects) })),
    latePolicy: v.latePolicy ?? 'refuse',
  };
}

/** The contract's rounds.create input from the form. */
export function toCreateInput(v: CreateValues) {
  return { ...toSettingsInput(v), year: v.year, unitKind: 'school' as const, systemId: v.systemId as number, units: refsOfKeys(v.units ?? []) };
}

const STAGE_FIELDS = new Set(['name', 'startsOn', 'endsOn', 'collects']);

/**
 * The form field an issue of the contract belongs to. Accepts paths of rounds.create's input, of
 * the settings, and of rounds.update's (`settings.stages.1.endsOn`). Problems of the stage table as
 * a whole (no stage receives packages) belong to the table.
 */
export function roundFieldOf(raw: readonly PropertyKey[]): NamePath | null {
  const path = raw[0] === 'settings' ? raw.slice(1) : raw;
  const [head, a, b] = path;
  switch (head) {
    case 'name':
    case 'year':
    case 'systemId':
    case 'latePolicy':
      return head;
    case 'units':
      return 'units';
    case 'evaluator':
      return a === 'kind' ? 'evaluatorKind' : 'evaluatorName';
    case 'stages':
      if (typeof a !== 'number') return 'stages';
      return ['stages', a, typeof b === 'string' && STAGE_FIELDS.has(b) ? b : 'name'];
    default:
      return null;
  }
}

/** Every problem of the settings, as the contract states them, placed by field. */
export function settingsIssues(v: SettingsValues): PlacedIssues {
  const r = RoundSettingsInput.safeParse(toSettingsInput(v));
  return placeIssues(r.success ? [] : r.error.issues, roundFieldOf);
}

/** Every problem of a new round, as the contract states them, placed by field. */
export function createIssues(v: CreateValues): PlacedIssues {
  const r = RoundCreateInput.safeParse(toCreateInput(v));
  return placeIssues(r.success ? [] : r.error.issues, roundFieldOf);
}

/** A new, empty stage row. */
export const blankStage = (): StageValues => ({ name: '', startsOn: null, endsOn: null, collects: false });

/**
 * The stage table after choosing a preset: the preset's names and its collecting stage; dates
 * already chosen stay with the row at the same position (a user who picked dates first keeps them).
 */
export function applyPreset(current: readonly StageValues[], presetIndex: number): StageValues[] {
  const preset = STAGE_PRESETS[presetIndex];
  if (!preset) return [...current];
  return preset.stages.map((s, i) => ({ name: s.name, collects: s.collects, startsOn: current[i]?.startsOn ?? null, endsOn: current[i]?.endsOn ?? null }));
}

/** Makes `index` the one stage that receives packages (exactly one, as the contract requires). */
export const chooseCollecting = (stages: readonly StageValues[], index: number): StageValues[] => stages.map((s, i) => ({ ...s, collects: i === index }));

/** Moves a row up (-1) or down (+1); out of range leaves the table as it is. */
export function moveStage(stages: readonly StageValues[], index: number, by: -1 | 1): StageValues[] {
  const to = index + by;
  if (to < 0 || to >= stages.length) return [...stages];
  const out = [...stages];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** A new round's starting values: this year, the office as evaluator, the first preset's stages. */
export function initialCreateValues(year: number, officeName: string): CreateValues {
  return {
    name: '',
    year,
    evaluatorKind: 'office',
    evaluatorName: officeName,
    stages: applyPreset([], 0),
    latePolicy: 'refuse',
    systemId: undefined,
    units: [],
  };
}

/** 项目设置's starting values: the round as stored. */
export function settingsValuesOf(round: Pick<RoundDetail, 'name' | 'evaluator' | 'stages' | 'latePolicy'>): SettingsValues {
  return {
    name: round.name,
    evaluatorKind: round.evaluator.kind,
    evaluatorName: round.evaluator.name,
    stages: round.stages.map((s) => ({ id: s.id, name: s.name, startsOn: dayjs(s.startsOn), endsOn: dayjs(s.endsOn), collects: s.collects })),
    latePolicy: round.latePolicy,
  };
}

/** The draft as the contract would receive it, as text: equal texts mean nothing was changed. */
export const settingsKey = (v: SettingsValues) => JSON.stringify(toSettingsInput(v));
export const createKey = (v: CreateValues) => JSON.stringify({ ...toCreateInput(v), units: [...(v.units ?? [])].sort() });
