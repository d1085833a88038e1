import { describe, expect, it } from 'vitest';
import { campusUnitName, evaluatedUnits, inOperation, schoolIsUnit, type UnitSchool } from './evaluated-units';

const school = (id: number, name: string, campuses: [number, string, boolean][] = [], extra: Partial<UnitSchool> = {}): UnitSchool => ({
  id,
  name,
  type: '小学',
  status: '在办',
  closedOn: null,
  campuses: campuses.map(([cid, cname, flagged]) => ({ id: cid, name: cname, evaluatedSeparately: flagged })),
  ...extra,
});

describe('evaluated units (评估单位)', () => {
  it('a school without campuses, or whose campuses are not evaluated separately, is one unit covering them', () => {
    const units = evaluatedUnits([school(1, '公园路小学'), school(2, '文惠小学', [[21, '本部', false], [22, '东校区', false]])], 2025);
    expect(units.map((u) => [u.key, u.kind, u.name, u.campusIds])).toEqual([
      ['s1', 'school', '公园路小学', []],
      ['s2', 'school', '文惠小学', [21, 22]],
    ]);
  });

  it('a campus marked 单独评估 is its own unit (学校名 + 校区名); the school covers the rest', () => {
    const units = evaluatedUnits([school(1, '景行小学', [[11, '本部', false], [12, '潭中校区', true]])], 2025);
    expect(units.map((u) => [u.key, u.kind, u.name, u.campusId, u.campusIds, u.type])).toEqual([
      ['s1', 'school', '景行小学', null, [11], '小学'],
      ['c12', 'campus', '景行小学潭中校区', 12, [12], '小学'],
    ]);
  });

  it('a school whose every campus is evaluated separately is evaluated only through them (seed 000: 本部, 总部, 北校区)', () => {
    const s = school(3, '弯塘路小学', [[31, '本部', true], [32, '总部', true], [33, '北校区', true]]);
    expect(schoolIsUnit(s)).toBe(false);
    expect(evaluatedUnits([s], 2025).map((u) => u.name)).toEqual(['弯塘路小学本部', '弯塘路小学总部', '弯塘路小学北校区']);
  });

  it('a single flagged campus leaves the school a unit only if another campus is registered: register the main site to keep it', () => {
    expect(schoolIsUnit(school(4, '景行小学', [[41, '潭中校区', true]]))).toBe(false);
    expect(schoolIsUnit(school(4, '景行小学', [[40, '本部', false], [41, '潭中校区', true]]))).toBe(true);
  });

  it('a school closed before 1 September of the year has no unit that year', () => {
    const closed = school(5, '河湾小学', [[51, '北校区', true]], { status: '撤并', closedOn: '2024-08-31' });
    expect(evaluatedUnits([closed], 2024)).toEqual([]);
    expect(evaluatedUnits([closed], 2023).map((u) => u.key)).toEqual(['c51']);
    expect(inOperation({ status: '撤并', closedOn: '2024-09-01' }, 2024)).toBe(true);
    expect(inOperation({ status: '撤并', closedOn: null }, 2024)).toBe(false);
  });

  it('a campus name that already carries the school name is used as it is', () => {
    expect(campusUnitName('景行小学', '景行小学潭中校区')).toBe('景行小学潭中校区');
    expect(campusUnitName('景行小学', '本部')).toBe('景行小学本部');
  });
});
