import type { BalanceOverride, BalanceOverrideInput } from '../../../shared/api/contracts/balance';
import { AppError } from '../../../shared/api/envelope';
import { BALANCE_SECTION_LABELS } from '../../../shared/domain/balance';
import { sectionsOfType } from '../../../shared/domain/schools/school-enums';
import { writeAudit } from '../../db/repositories/audit-repo';
import * as repo from '../../db/repositories/balance-overrides-repo';
import type { ServiceContext } from '../context';
import { getSchool } from '../schools-service';
import { describeTargetProblem, overrideTarget } from './override-targets';

function toDto(r: repo.OverrideRow): BalanceOverride {
  const t = overrideTarget(r.target, r.section);
  return { ...r, targetLabel: t?.label ?? r.target, unit: t?.unit ?? '' };
}

export async function listOverrides(ctx: ServiceContext, filter: { year?: number; schoolId?: number }): Promise<BalanceOverride[]> {
  return (await repo.listOverrides(ctx.db, filter)).map(toDto);
}

export async function setOverride(ctx: ServiceContext, input: BalanceOverrideInput): Promise<BalanceOverride> {
  const target = overrideTarget(input.target, input.section);
  if (!target) throw new AppError('invalid_input', describeTargetProblem(input.target, input.section));
  return ctx.db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    const school = await getSchool(c, input.schoolId);
    if (!sectionsOfType(school.type).includes(input.section)) {
      throw new AppError('invalid_input', `“${school.name}”（${school.type}）没有${BALANCE_SECTION_LABELS[input.section]}学段`);
    }
    const before = await repo.findOverride(trx, input);
    const id = await repo.upsertOverride(trx, { ...input, targetKind: target.kind, actor: ctx.actor });
    const where = `“${school.name}”${input.year} 年${BALANCE_SECTION_LABELS[input.section]}`;
    await writeAudit(trx, {
      actor: ctx.actor,
      action: before ? 'update' : 'create',
      entity: 'balance-override',
      entityId: id,
      summary: `${before ? '修改' : '设置'}${where}人工调整：${target.label} = ${input.value} ${target.unit}`,
      before: before ? { value: before.value, note: before.note } : undefined,
      after: { target: input.target, value: input.value, note: input.note },
    });
    return toDto((await repo.getOverride(trx, id))!);
  });
}

export async function deleteOverride(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.getOverride(trx, id);
    if (!before) return { deleted: false };
    await repo.deleteOverrideRow(trx, id);
    const dto = toDto(before);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: 'delete',
      entity: 'balance-override',
      entityId: id,
      summary: `删除“${before.schoolName}”${before.year} 年${BALANCE_SECTION_LABELS[before.section]}人工调整：${dto.targetLabel}`,
      before: { target: before.target, value: before.value, note: before.note },
    });
    return { deleted: true };
  });
}
