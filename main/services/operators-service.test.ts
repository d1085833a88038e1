import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/api/contracts/audit';
import type { Operator, OperatorList } from '../../shared/api/contracts/operators';
import { dispatchOk, tempCore } from '../testing/temp-core';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

const call = <T = any>(op: string, input: unknown = {}) => dispatchOk<T>(core, op, input);
const lastOperator = async () => (await call<AuditPage>('audit.query', { pageSize: 1 })).rows[0].operatorLabel;

describe('operators', () => {
  it('first run: nobody chosen; the system account is recorded until someone adds their name', async () => {
    expect(await call<OperatorList>('operators.list')).toEqual({ operators: [], current: null });
    await call('schools.create', { name: '一小', type: '小学', locality: '城区' });
    // Nobody chosen yet: said in words, never the computer's account name.
    expect(await lastOperator()).toBe('未选择操作人');
    const me = await call<Operator>('operators.create', { name: ' 王督学 ', office: '督导室' });
    expect(me).toMatchObject({ name: '王督学', office: '督导室' });
    // The person adding themselves is recorded as the one who did it.
    expect(await lastOperator()).toBe('王督学（督导室）');
    expect((await call<OperatorList>('operators.list')).current).toMatchObject({ id: me.id });
    await call('schools.create', { name: '二小', type: '小学', locality: '城区' });
    expect(await lastOperator()).toBe('王督学（督导室）');
  });

  it('several people: each picks their name; names are unique; a missing one is refused in Chinese', async () => {
    const wang = await call<Operator>('operators.create', { name: '王督学', office: '督导室' });
    await call<Operator>('operators.create', { name: '李科员', office: '基教科' });
    await expect(call('operators.create', { name: '王督学\u200b', office: '基教科' })).rejects.toThrow('已有名为“王督学”的操作人（督导室）');
    await expect(call('operators.create', { name: '', office: '督导室' })).rejects.toThrow('请填写姓名');
    // The contract's message names the field in words; the internal key (office) stays out of it.
    await expect(call('operators.create', { name: '张三' })).rejects.toThrow('输入有误：请填写科室');
    await call('schools.create', { name: '一小', type: '小学', locality: '城区' });
    expect(await lastOperator()).toBe('李科员（基教科）');
    await call('operators.select', { id: wang.id });
    await call('schools.create', { name: '二小', type: '小学', locality: '城区' });
    expect(await lastOperator()).toBe('王督学（督导室）');
    await call('operators.select', { name: '李科员' });
    expect((await call<OperatorList>('operators.list')).operators.map((o) => o.name)).toEqual(['李科员', '王督学']);
    await expect(call('operators.select', { name: '赵六' })).rejects.toThrow('找不到操作人“赵六”。已有：李科员（基教科）、王督学（督导室）');
  });

  it('a door may name the window’s operator per call; otherwise the core’s choice applies', async () => {
    const wang = await call<Operator>('operators.create', { name: '王督学', office: '督导室' });
    const li = await call<Operator>('operators.create', { name: '李科员', office: '基教科' });
    const { createSchool } = await import('./schools-service');
    await createSchool({ ...core.ctx, operatorId: wang.id }, { name: '三小', type: '小学', locality: '城区' } as never);
    expect(await lastOperator()).toBe('王督学（督导室）');
    await createSchool(core.ctx, { name: '四小', type: '小学', locality: '城区' } as never);
    expect(await lastOperator()).toBe(`${li.name}（${li.office}）`);
  });
});
