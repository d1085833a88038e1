import { roundsOfSchool } from '../../db/repositories/rounds-repo';
import { findAttachments } from '../../db/repositories/attachments-repo';
import { countOwnedItems } from '../../db/repositories/rectification-repo';
import { AppError } from '../../../shared/api/envelope';
import { countSchools, deleteAllSchools, listSchools, schoolToInput } from '../../db/repositories/schools-repo';
import { getSetting, putSetting } from '../../db/repositories/settings-repo';
import { unitOfWork, type ServiceContext } from '../context';
import { DOCUMENT_SETTINGS_KEY } from '../documents/settings';
import { addCampusAudited, insertSchoolAudited } from '../schools-service';
import { putStatsAudited, statsEntityName } from '../stats-service';
import { DEMO_OFFICE, DEMO_SCHOOLS, DEMO_YEARS } from './demo-district';
import { demoStatistics } from './demo-statistics';

/**
 * Loads the demo district as one unit of work (one batch in the log: the register, every school,
 * campus and statistics record it creates, and every school it replaces); refuses to mix it into a
 * register that holds real data.
 */
export async function loadDemo(ctx: ServiceContext, replace: boolean): Promise<{ schools: number; years: number[] }> {
  return unitOfWork(
    ctx,
    async (tx, unit) => {
      const existing = await countSchools(tx);
      const summary = (what: string) => `加载演示数据：${what}`;
      if (existing > 0) {
        if (!replace) {
          throw new AppError('conflict', `学校名册中已有 ${existing} 所学校。加载演示数据会清空现有名册和统计数据；如确认，请选择“替换现有数据”。`);
        }
        // Replacing the register would orphan evidence files kept for its schools: refused, never silent.
        const evidence = await findAttachments(tx);
        if (evidence.length > 0) {
          throw new AppError('conflict', `现有学校存有 ${evidence.length} 份佐证材料，加载演示数据会删除这些学校；请先删除佐证材料，或在另一个数据目录中查看演示数据`);
        }
        const owned = await countOwnedItems(tx);
        if (owned > 0) {
          throw new AppError('conflict', `整改台账中有 ${owned} 项整改事项由现有学校负责，加载演示数据会删除这些学校；请在另一个数据目录中查看演示数据`);
        }
        const rounds = await roundsOfSchool(tx, {});
        if (rounds.length > 0) {
          throw new AppError('conflict', `现有学校参加了评估项目${rounds.map((r) => `“${r}”`).join('、')}，加载演示数据会删除这些学校；请在另一个数据目录中查看演示数据`);
        }
        for (const s of await listSchools(tx)) {
          unit.audit({ entityType: 'school', entityId: s.id, entityName: s.name, action: 'load-demo', summary: summary(`替换现有名册，删除学校“${s.name}”及其统计数据`), before: schoolToInput(s) });
        }
        await deleteAllSchools(tx);
      }
      unit.audit({
        entityType: 'register',
        entityId: null,
        entityName: '学校名册',
        action: 'load-demo',
        summary: `加载演示数据：云溪区 ${DEMO_SCHOOLS.length} 所学校，${DEMO_YEARS.join('、')} 年统计数据`,
      });
      const latest = DEMO_YEARS[DEMO_YEARS.length - 1];
      let index = 0;
      for (const demo of DEMO_SCHOOLS) {
        index++;
        const input = {
          ownership: '公办' as const,
          status: '在办' as const,
          closedOn: null,
          shortName: null,
          address: `${demo.input.township ?? ''}${demo.input.name.replace(/^云溪区/, '')}路 ${index} 号`,
          contact: `0791-86${String(100000 + index * 137).slice(-6)}`,
          ...demo.input,
          township: demo.input.township ?? null,
          principal: demo.input.principal ?? null,
        };
        const id = await insertSchoolAudited(tx, unit, input, { action: 'load-demo', summary: summary(`新增学校“${input.name}”`) });
        for (const c of demo.campuses ?? []) {
          await addCampusAudited(tx, unit, { id, name: input.name }, c.name, { action: 'load-demo', summary: summary(`新增“${input.name}”的校区“${c.name}”`) }, c.evaluatedSeparately);
        }
        const closedYear = demo.input.closedOn ? Number(demo.input.closedOn.slice(0, 4)) : Infinity;
        for (const year of DEMO_YEARS) {
          if (year >= closedYear) continue;
          await putStatsAudited(tx, unit, { schoolId: id, campusId: null, year, entityName: statsEntityName(input.name, null, year) }, null, demoStatistics(demo, index, year, latest), {
            action: 'load-demo',
            summary: summary(`录入“${input.name}”${year} 年统计数据`),
          });
        }
      }
      // Documents generated from demo data should be headed by the demo district, not the generic default,
      // but an office's own settings are never overwritten.
      if ((await getSetting(tx, DOCUMENT_SETTINGS_KEY)) === undefined) {
        await putSetting(tx, DOCUMENT_SETTINGS_KEY, DEMO_OFFICE);
        unit.audit({ entityType: 'settings', entityId: DOCUMENT_SETTINGS_KEY, entityName: '公文设置', action: 'load-demo', summary: summary('公文设置采用演示区县的发文机关'), after: DEMO_OFFICE });
      }
      return { schools: DEMO_SCHOOLS.length, years: DEMO_YEARS };
    },
    { batch: true },
  );
}
