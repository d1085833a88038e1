import { describe, expect, it } from 'vitest';
import { SchoolInput, schoolInputIssues } from '../../api/contracts/schools';
import { CLOSED_WITHOUT_DATE, isCalendarDate, isSchoolFieldRequired, schoolRuleIssues } from './school-rules';

const base = { name: '测试小学', type: '小学', locality: '乡村' };

describe('schoolRuleIssues', () => {
  it('needs a closing date for 撤并 and 撤并 for a closing date', () => {
    expect(schoolRuleIssues({ status: '撤并', closedOn: null })).toEqual([{ field: 'closedOn', message: CLOSED_WITHOUT_DATE }]);
    expect(schoolRuleIssues({ status: '撤并', closedOn: '2024-08-31' })).toEqual([]);
    expect(schoolRuleIssues({ status: '在办', closedOn: null })).toEqual([]);
    expect(schoolRuleIssues({ status: '在办', closedOn: '2024-08-31' })[0].message).toMatch(/但办学状态是“在办”/);
  });

  it('knows real calendar dates', () => {
    expect(['2024-02-29', '2021-09-01'].every(isCalendarDate)).toBe(true);
    expect(['2023-02-29', '2021-13-01', '2021-9-1', '1800-01-01', ''].some(isCalendarDate)).toBe(false);
  });

  it('asks for 撤并日期 only for a closed school', () => {
    expect(isSchoolFieldRequired('closedOn', '撤并')).toBe(true);
    expect(isSchoolFieldRequired('closedOn', '在办')).toBe(false);
    expect(isSchoolFieldRequired('name')).toBe(true);
    expect(isSchoolFieldRequired('principal')).toBe(false);
  });
});

describe('SchoolInput applies the rules, so every door refuses the same things', () => {
  it('cleans texts and codes and applies defaults', () => {
    expect(SchoolInput.parse({ ...base, name: ' 一小\u200b', code: '４１０１０００００１', principal: '\u3000', township: '柳林乡\u00a0' })).toMatchObject({
      name: '一小', code: '4101000001', principal: null, township: '柳林乡', ownership: '公办', status: '在办', closedOn: null,
    });
  });

  it('reports every problem by field with Chinese messages, including the cross-field rule when another field is wrong', () => {
    expect(schoolInputIssues({ ...base, name: '', type: undefined, code: '123', status: '撤并', closedOn: null })).toEqual([
      { field: 'code', message: '“123”不是有效的学校标识码，应为 10 位数字' },
      { field: 'name', message: '学校名称不能为空' },
      { field: 'type', message: '请选择学校类型' },
      { field: 'closedOn', message: CLOSED_WITHOUT_DATE },
    ]);
    expect(schoolInputIssues({ ...base, locality: '城郊', closedOn: '2021-02-30', status: '撤并' })).toEqual([
      { field: 'locality', message: '“城郊”不是有效的城乡类别，可选：城区、镇区、乡村' },
      { field: 'closedOn', message: '“2021-02-30”不是有效的撤并日期，应写成 2020-09-01' },
    ]);
    expect(schoolInputIssues({ ...base, principal: '张'.repeat(51) })).toEqual([{ field: 'principal', message: '校长不能超过 50 个字' }]);
    expect(schoolInputIssues({ ...base, status: '撤并', closedOn: '2024-08-31' })).toEqual([]);
  });
});
