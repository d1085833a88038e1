import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { schoolFieldError, toSchoolInput, type SchoolFormValues } from './school-form-values';

const values = (over: Partial<SchoolFormValues> = {}): SchoolFormValues => ({ name: '测试小学', type: '小学', locality: '乡村', ownership: '公办', status: '在办', ...over });

describe('the school form’s rules come from the shared schema', () => {
  it('refuses 撤并 without a date with the same words as the API and the import', () => {
    expect(schoolFieldError('closedOn', values({ status: '撤并' }))).toBe('撤并的学校须填写撤并日期（据此判断学校哪些年份仍计入均衡测算）');
    expect(schoolFieldError('closedOn', values({ status: '撤并', closedOn: dayjs('2024-08-31') }))).toBeNull();
    // A date picked before switching back to 在办 is dropped, not refused.
    expect(schoolFieldError('closedOn', values({ closedOn: dayjs('2024-08-31') }))).toBeNull();
    expect(toSchoolInput(values({ closedOn: dayjs('2024-08-31') })).closedOn).toBeNull();
  });

  it('checks the code, required choices and lengths', () => {
    expect(schoolFieldError('code', values({ code: '12345' }))).toBe('“12345”不是有效的学校标识码，应为 10 位数字');
    expect(schoolFieldError('code', values({ code: '３６０１０２０００４\u200b' }))).toBeNull();
    expect(schoolFieldError('type', values({ type: undefined }))).toBe('请选择学校类型');
    expect(schoolFieldError('name', values({ name: '\u200b ' }))).toBe('学校名称不能为空');
    expect(schoolFieldError('address', values({ address: '路'.repeat(201) }))).toBe('地址不能超过 200 个字');
    expect(schoolFieldError('name', values())).toBeNull();
  });
});
