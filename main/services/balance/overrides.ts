import type { BalanceOverride, BalanceOverrideInput } from '../../../shared/api/contracts/balance';
import { AppError } from '../../../shared/api/envelope';
import { BALANCE_SECTION_LABELS } from '../../../shared/domain/balance';
import { sectionsOfType } from '../../../shared/domain/schools/school-enums';
import * as repo from '../../db/repositories/balance-overrides-repo';
import { reader, unitOfWork, type ServiceContext } from '../context';
import { findSchool } from '../schools-service';
import { describeTargetProblem, overrideTarget } from './override-targets';

function toDto(r: repo.OverrideRow): BalanceOverride {
  const t = overrideTarget(r.target, r.section);
  return { ...r, targetLabel: t?.label ?? r.target, unit: t?.unit ?? '' };
}

/** The office's overrides, with labels and units. */
export async function listOverrides(ctx: ServiceContext, filter: { year?: number; schoolId?: number }): Promise<BalanceOverride[]> {
  return (await repo.listOverrides(reader(ctx), filter)).map(toDto);
}

/** How the log names an override: “学校 2025 年小学 L7 …”. */
const overrideName = (schoolName: string, year: number, section: 'primary' | 'junior', targetLabel: string) => `${schoolName} ${year} 年${BALANCE_SECTION_LABELS[section]} ${targetLabel}`;
const withUnit = (value: number, unit: string) => `${value}${unit ? ` ${unit}` : ''}`;

/** Sets (or replaces) one manual override, recorded under the current operator. */
export async function setOverride(ctx: ServiceContext, input: BalanceOverrideInput): Promise<BalanceOverride> {
  const target = overrideTarget(input.target, input.section);
  if (!target) throw new AppError('invalid_input', describeTargetProblem(input.target, input.section));
  return unitOfWork(ctx, async (tx, unit) => {
    const school = await findSchool(tx, input.schoolId);
    if (!sectionsOfType(school.type).includes(input.section)) {
      throw new AppError('invalid_input', `“${school.name}”（${school.type}）没有${BALANCE_SECTION_LABELS[input.section]}学段`);
    }
    const before = await repo.findOverride(tx, input);
    const id = await repo.upsertOverride(tx, { ...input, targetKind: target.kind, actor: unit.operator.name });
    const where = `“${school.name}”${input.year} 年${BALANCE_SECTION_LABELS[input.section]}`;
    unit.audit({
      entityType: 'balance-override',
      entityId: id,
      entityName: overrideName(school.name, input.year, input.section, target.label),
      action: before ? 'update' : 'create',
      summary: `${before ? '修改' : '设置'}${where}人工调整：${target.label} = ${input.value} ${target.unit}`,
      before: before ? { target: target.label, value: withUnit(before.value, target.unit), note: before.note } : null,
      after: { target: target.label, value: withUnit(input.value, target.unit), note: input.note },
    });
    return toDto((await repo.getOverride(tx, id))!);
  });
}

/** Removes one override. */
export async function deleteOverride(ctx: ServiceContext, id: number): Promise<{ deleted: boolean }> {
  return unitOfWork(ctx, async (tx, unit) => {
    const before = await repo.getOverride(tx, id);
    if (!before) return { deleted: false };
    await repo.deleteOverrideRow(tx, id);
    const dto = toDto(before);
    unit.audit({
      entityType: 'balance-override',
      entityId: id,
      entityName: overrideName(before.schoolName, before.year, before.section, dto.targetLabel),
      action: 'delete',
      summary: `删除“${before.schoolName}”${before.year} 年${BALANCE_SECTION_LABELS[before.section]}人工调整：${dto.targetLabel}`,
      before: { target: dto.targetLabel, value: withUnit(before.value, dto.unit), note: before.note },
    });
    return { deleted: true };
  });
}
