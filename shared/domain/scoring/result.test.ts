import { describe, expect, it } from 'vitest';
import { unitContext, unitValues } from './result';

const system = (values: { name: string; label: string; scale?: 'number' | 'ratio'; unit?: string }[]) => ({
  nodes: [],
  passRules: [],
  values: values.map((v) => ({ scale: 'number' as const, unit: '', ...v })),
});

describe('unitValues: where a formula’s values come from', () => {
  it('reads the statistics field of the same name, or the unit’s one section’s field', () => {
    const s = system([
      { name: 'pupils', label: '在校生数', unit: '人' },
      { name: 'equipmentValue', label: '教学仪器设备值', unit: '元' },
    ]);
    const r = unitValues(s, '小学', { pupilsPrimary: 1200, equipmentValue: 3_000_000 }, {});
    expect(r.values).toEqual({ pupils: 1200, equipmentValue: 3_000_000 });
    expect(r.notes.map((n) => n.source)).toEqual(['统计数据：小学在校生数（人）', '统计数据：教学仪器设备资产值（元）']);
    expect(unitValues(s, '初中', { pupilsPrimary: 1200, pupilsJunior: 800 }, {}).values.pupils).toBe(800);
  });

  it('a two-section unit has no single reading of a per-section value: missing, not summed', () => {
    const s = system([{ name: 'pupils', label: '在校生数', unit: '人' }]);
    const r = unitValues(s, '九年一贯制', { pupilsPrimary: 1200, pupilsJunior: 800 }, {});
    expect(r.values).toEqual({});
    expect(r.notes[0]!.problem).toMatch(/本单位有小学和初中两个学段/);
    // The office may type it for the round.
    expect(unitValues(s, '九年一贯制', { pupilsPrimary: 1200 }, { pupils: 2000 }).values).toEqual({ pupils: 2000 });
  });

  it('refuses a statistics field in another unit instead of converting it', () => {
    const s = system([{ name: 'equipmentValue', label: '教学仪器设备值', unit: '万元' }]);
    const r = unitValues(s, '小学', { equipmentValue: 3_000_000 }, {});
    expect(r.values).toEqual({});
    expect(r.notes[0]!.problem).toBe('教学仪器设备值的单位是万元，统计数据“教学仪器设备资产值”的单位是元，单位不一致，未采用');
  });

  it('statistics come first; the round’s typed values fill what the statistics do not give; nothing else is guessed', () => {
    const s = system([
      { name: 'multimediaRooms', label: '网络多媒体教室数', unit: '间' },
      { name: 'satisfaction', label: '问卷满意度', scale: 'ratio' },
      { name: 'cvPrimary', label: '小学综合差异系数' },
    ]);
    const r = unitValues(s, '小学', { multimediaRooms: 30 }, { multimediaRooms: 99, satisfaction: '92%' });
    expect(r.values).toEqual({ multimediaRooms: 30, satisfaction: '92%' });
    expect(r.notes[2]).toMatchObject({ value: null, problem: '缺少小学综合差异系数：统计数据中没有对应的数据，项目数据中也未填写' });
  });

  it('the evaluation context names the section only when the unit has one', () => {
    expect(unitContext('小学')).toEqual({ schoolType: '小学', section: 'primary' });
    expect(unitContext('九年一贯制')).toEqual({ schoolType: '九年一贯制' });
  });
});
