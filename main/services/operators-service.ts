/**
 * 操作人: the people who use this installation. No passwords: a person adds their name and 科室
 * once, then picks it when a window opens; the audit log records that person.
 */
import { OperatorInput, type Operator, type OperatorList } from '../../shared/api/contracts/operators';
import { AppError } from '../../shared/api/envelope';
import { cleanName, nameKey } from '../../shared/domain/text/normalize';
import { getOperator, insertOperator, listOperators, touchOperator } from '../db/repositories/audit-repo';
import { chosenOperatorId, reader, setCurrentOperator, unitOfWork, type ServiceContext } from './context';

/** Every operator (most recently active first) and the one chosen in this process, if any. */
export async function operatorList(ctx: ServiceContext): Promise<OperatorList> {
  const operators = await listOperators(reader(ctx));
  const id = chosenOperatorId(ctx);
  return { operators, current: operators.find((o) => o.id === id) ?? null };
}

/** Adds a person (name unique under the register's name comparison) and makes them the current operator. */
export async function createOperator(ctx: ServiceContext, raw: OperatorInput): Promise<Operator> {
  const parsed = OperatorInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues.map((i) => i.message).join('；'), parsed.error.issues);
  const name = cleanName(parsed.data.name);
  const office = cleanName(parsed.data.office);
  const created = await unitOfWork(ctx, async (tx, unit) => {
    const existing = (await listOperators(tx)).find((o) => nameKey(o.name) === nameKey(name));
    if (existing) throw new AppError('conflict', `已有名为“${existing.name}”的操作人（${existing.office}），请直接选择；同名的人请在姓名后加以区分，如“${name}（二）”`);
    const id = await insertOperator(tx, { name, office, at: unit.at });
    // The person adding themselves is the one acting.
    unit.actAs({ id, name, office });
    unit.audit({ entityType: 'operator', entityId: id, entityName: name, action: 'create', summary: `新增操作人“${name}”（${office}）`, after: { name, office } });
    return (await getOperator(tx, id))!;
  });
  setCurrentOperator(ctx, created.id);
  return created;
}

/** Makes an existing person the current operator, by id or (CLI `--operator`) by name. */
export async function selectOperator(ctx: ServiceContext, by: { id: number } | { name: string }): Promise<Operator> {
  const chosen = await unitOfWork(ctx, async (tx, unit) => {
    const all = await listOperators(tx);
    const o = 'id' in by ? all.find((x) => x.id === by.id) : all.find((x) => nameKey(x.name) === nameKey(by.name));
    if (!o) {
      const known = all.length ? `已有：${all.map((x) => `${x.name}（${x.office}）`).join('、')}` : '还没有任何操作人';
      throw new AppError('not_found', `找不到操作人“${'id' in by ? `编号 ${by.id}` : by.name}”。${known}；新的操作人请在工作台首次使用时填写姓名和科室`);
    }
    await touchOperator(tx, o.id, unit.at);
    return { ...o, lastActiveAt: unit.at };
  });
  setCurrentOperator(ctx, chosen.id);
  return chosen;
}
