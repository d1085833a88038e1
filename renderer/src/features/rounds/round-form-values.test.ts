import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../documents/form-issues';
import {
  applyPreset,
  chooseCollecting,
  choiceKey,
  createIssues,
  createKey,
  initialCreateValues,
  moveStage,
  refOfKey,
  roundFieldOf,
  settingsIssues,
  settingsValuesOf,
  toCreateInput,
  toSettingsInput,
  type CreateValues,
} from './round-form-values';

const d = (s: string) => dayjs(s);

function filled(): CreateValues {
  const v = initialCreateValues(2026, '城关县人民政府教育督导室');
  return {
    ...v,
    name: '2026年度义务教育学校督导评估',
    systemId: 7,
    units: ['3/0', '1/12'],
    stages: [
      { name: '学校自评', startsOn: d('2026-12-18'), endsOn: d('2026-12-30'), collects: true },
      { name: '实地督导', startsOn: d('2027-01-04'), endsOn: d('2027-01-08'), collects: false },
    ],
  };
}

describe('round form values', () => {
  it('turns unit choices into the contract’s references and back', () => {
    expect(choiceKey({ schoolId: 3, campusId: null })).toBe('3/0');
    expect(choiceKey({ schoolId: 1, campusId: 12 })).toBe('1/12');
    expect(refOfKey('3/0')).toEqual({ schoolId: 3, campusId: null });
    expect(refOfKey('1/12')).toEqual({ schoolId: 1, campusId: 12 });
    expect(refOfKey('s3')).toBeNull();
  });

  it('builds rounds.create’s input with dates as calendar days', () => {
    expect(toCreateInput(filled())).toEqual({
      name: '2026年度义务教育学校督导评估',
      year: 2026,
      unitKind: 'school',
      evaluator: { kind: 'office', name: '城关县人民政府教育督导室' },
      systemId: 7,
      latePolicy: 'refuse',
      stages: [
        { name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true },
        { name: '实地督导', startsOn: '2027-01-04', endsOn: '2027-01-08', collects: false },
      ],
      units: [
        { schoolId: 3, campusId: null },
        { schoolId: 1, campusId: 12 },
      ],
    });
    expect(createIssues(filled()).byField.size).toBe(0);
  });

  it('puts each stage problem beside the field it names, and the table’s own below the table', () => {
    const v = filled();
    v.stages[1] = { ...v.stages[1], endsOn: d('2027-01-01') };
    v.stages[0] = { ...v.stages[0], collects: false };
    const placed = createIssues(v);
    expect(messagesFor(placed, ['stages', 1, 'endsOn'])).toEqual(['第 2 个阶段的结束日期早于开始日期']);
    expect(messagesFor(placed, 'stages')).toEqual(['请指定接收学校填报材料的阶段（通常为“学校自评”）']);
    expect(placed.unplaced).toEqual([]);
  });

  it('asks for what is missing in Chinese, beside its field', () => {
    const v = { ...filled(), systemId: undefined, units: [], name: ' ', stages: [{ name: '', startsOn: null, endsOn: null, collects: true }] };
    const placed = createIssues(v);
    expect(messagesFor(placed, 'systemId')).toEqual(['请选择指标体系']);
    expect(messagesFor(placed, 'units')).toEqual(['请至少选择一个参评单位']);
    expect(messagesFor(placed, 'name')).toEqual(['请填写项目名称']);
    expect(messagesFor(placed, ['stages', 0, 'name'])).toEqual(['请填写第 1 个阶段的名称']);
    expect(messagesFor(placed, ['stages', 0, 'startsOn'])).toEqual(['请填写第 1 个阶段的开始日期']);
  });

  it('places the issues of rounds.update’s input (under settings) like the form’s own', () => {
    expect(roundFieldOf(['settings', 'stages', 2, 'startsOn'])).toEqual(['stages', 2, 'startsOn']);
    expect(roundFieldOf(['settings', 'evaluator', 'name'])).toBe('evaluatorName');
    expect(roundFieldOf(['units', 0, 'schoolId'])).toBe('units');
    expect(roundFieldOf(['unitKind'])).toBeNull();
  });

  it('fills a preset’s names keeping the dates already chosen, and keeps exactly one receiving stage', () => {
    const current = filled().stages;
    const three = applyPreset(current, 1);
    expect(three.map((s) => [s.name, s.collects, s.startsOn?.format('YYYY-MM-DD') ?? null])).toEqual([
      ['学校自评', true, '2026-12-18'],
      ['初评', false, '2027-01-04'],
      ['复评', false, null],
    ]);
    expect(chooseCollecting(three, 2).map((s) => s.collects)).toEqual([false, false, true]);
    expect(moveStage(three, 0, 1).map((s) => s.name)).toEqual(['初评', '学校自评', '复评']);
    expect(moveStage(three, 0, -1).map((s) => s.name)).toEqual(['学校自评', '初评', '复评']);
  });

  it('sees an unchanged draft as unchanged, whatever the order units were ticked in', () => {
    const a = filled();
    const b = { ...filled(), units: ['1/12', '3/0'] };
    expect(createKey(a)).toBe(createKey(b));
    expect(createKey({ ...a, name: '另一个' })).not.toBe(createKey(a));
  });

  it('starts 项目设置 from the stored round and sends it back unchanged', () => {
    const stored = {
      name: '2026年度评估',
      evaluator: { kind: 'third_party' as const, name: '某某评估中心' },
      latePolicy: 'accept' as const,
      stages: [{ id: 4, position: 1, name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true, closedAt: null, closedBy: null }],
    };
    const values = settingsValuesOf(stored);
    expect(toSettingsInput(values)).toEqual({
      name: '2026年度评估',
      evaluator: { kind: 'third_party', name: '某某评估中心' },
      latePolicy: 'accept',
      // The stage's id goes back: moved in the table, it keeps its closing and the units' extensions.
      stages: [{ id: 4, name: '学校自评', startsOn: '2026-12-18', endsOn: '2026-12-30', collects: true }],
    });
    expect(settingsIssues(values).byField.size).toBe(0);
  });
});
