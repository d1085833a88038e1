/**
 * What-if (测算): lay planned statistics over some schools, recompute only those schools, then
 * re-aggregate every coefficient. Pure; the renderer runs it live.
 */
import { aggregate, type AggregateOptions, type BalanceResult } from './aggregate';
import type { BalanceYearInput, SchoolBalanceInput, SchoolOverrides } from './input';
import { computeSchool, type SchoolBalance } from './school-balance';
import type { BalanceSection, Verdict } from './types';

export interface PlannedChange {
  schoolId: string;
  /** Planned values laid over the school's statistics; null removes a value (makes it missing). */
  stats?: Readonly<Record<string, number | number[] | null>>;
  /** Replaces the school's manual overrides when given. */
  overrides?: SchoolOverrides;
}

export interface CoefficientChange {
  section: BalanceSection;
  /** Indicator code, or 'composite' for 综合. */
  code: string;
  name: string;
  before: number | null;
  after: number | null;
  passBefore: boolean | null;
  passAfter: boolean | null;
}

export interface AttainmentChange {
  schoolId: string;
  schoolName: string;
  section: BalanceSection;
  before: Verdict | null;
  after: Verdict | null;
}

export interface WhatIfResult {
  result: BalanceResult;
  /** The input with the planned values applied (to chain further what-ifs). */
  input: BalanceYearInput;
  changedSchoolIds: string[];
  unknownSchoolIds: string[];
  coefficientChanges: CoefficientChange[];
  attainmentChanges: AttainmentChange[];
}

function applyChange(school: SchoolBalanceInput, change: PlannedChange): SchoolBalanceInput {
  const stats: Record<string, unknown> = { ...(school.stats as Record<string, unknown>) };
  for (const [k, v] of Object.entries(change.stats ?? {})) {
    if (v === null) delete stats[k];
    else stats[k] = v;
  }
  return { ...school, stats: stats as SchoolBalanceInput['stats'], overrides: change.overrides ?? school.overrides };
}

function coefficientChanges(before: BalanceResult, after: BalanceResult): CoefficientChange[] {
  const out: CoefficientChange[] = [];
  after.sections.forEach((sa) => {
    const sb = before.sections.find((s) => s.section === sa.section);
    sa.indicators.forEach((ia, k) => {
      const ib = sb?.indicators[k];
      out.push({ section: sa.section, code: ia.code, name: ia.name, before: ib?.cv ?? null, after: ia.cv, passBefore: ib?.pass ?? null, passAfter: ia.pass });
    });
    out.push({ section: sa.section, code: 'composite', name: '综合', before: sb?.composite.cv ?? null, after: sa.composite.cv, passBefore: sb?.composite.pass ?? null, passAfter: sa.composite.pass });
  });
  return out;
}

function attainmentChanges(before: SchoolBalance, after: SchoolBalance): AttainmentChange[] {
  const sections = new Set<BalanceSection>([...before.sections.map((s) => s.section), ...after.sections.map((s) => s.section)]);
  return [...sections].map((section) => ({
    schoolId: after.schoolId,
    schoolName: after.schoolName,
    section,
    before: before.sections.find((s) => s.section === section)?.attainment?.verdict ?? null,
    after: after.sections.find((s) => s.section === section)?.attainment?.verdict ?? null,
  }));
}

/**
 * Recompute `base` (the result of computeBalance(input, …)) with planned changes. Schools are
 * matched by id; the base result's per-school results are reused for every unchanged school.
 */
export function whatIf(input: BalanceYearInput, base: BalanceResult, changes: readonly PlannedChange[], aggregateOptions: AggregateOptions = {}): WhatIfResult {
  const options = base.options;
  const byId = new Map<string, PlannedChange>();
  for (const c of changes) {
    // Several changes to one school combine; later values win.
    const prior = byId.get(c.schoolId);
    byId.set(c.schoolId, prior ? { schoolId: c.schoolId, stats: { ...prior.stats, ...c.stats }, overrides: c.overrides ?? prior.overrides } : c);
  }
  const known = new Set(input.schools.map((s) => s.id));
  const unknownSchoolIds = [...byId.keys()].filter((id) => !known.has(id));

  const schoolsIn: SchoolBalanceInput[] = new Array(input.schools.length);
  const schoolsOut: SchoolBalance[] = new Array(input.schools.length);
  const changedSchoolIds: string[] = [];
  const attainment: AttainmentChange[] = [];
  input.schools.forEach((school, i) => {
    const change = byId.get(school.id);
    const prior = base.schools[i];
    if (!change && prior && prior.schoolId === school.id) {
      schoolsIn[i] = school;
      schoolsOut[i] = prior;
      return;
    }
    const planned = change ? applyChange(school, change) : school;
    schoolsIn[i] = planned;
    schoolsOut[i] = computeSchool(planned, options);
    if (change) {
      changedSchoolIds.push(school.id);
      if (prior) attainment.push(...attainmentChanges(prior, schoolsOut[i]));
    }
  });
  const result = aggregate(input.year, schoolsOut, options, aggregateOptions);
  return {
    result,
    input: { year: input.year, schools: schoolsIn },
    changedSchoolIds,
    unknownSchoolIds,
    coefficientChanges: coefficientChanges(base, result),
    attainmentChanges: attainment,
  };
}
