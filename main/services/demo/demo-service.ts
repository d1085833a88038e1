import { AppError } from '../../../shared/api/envelope';
import { writeAudit } from '../../db/repositories/audit-repo';
import { countSchools, deleteAllSchools, insertSchool, upsertCampus } from '../../db/repositories/schools-repo';
import { putStats } from '../../db/repositories/stats-repo';
import type { ServiceContext } from '../context';
import { getSetting, putSetting } from '../../db/repositories/settings-repo';
import { DOCUMENT_SETTINGS_KEY } from '../documents/settings';
import { DEMO_OFFICE, DEMO_SCHOOLS, DEMO_YEARS } from './demo-district';
import { demoStatistics } from './demo-statistics';

/** Loads the demo district in one transaction; refuses to mix it into a register that holds real data. */
export async function loadDemo(ctx: ServiceContext, replace: boolean): Promise<{ schools: number; years: number[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await countSchools(trx);
    if (existing > 0) {
      if (!replace) {
        throw new AppError('conflict', `学校名册中已有 ${existing} 所学校。加载演示数据会清空现有名册和统计数据；如确认，请选择“替换现有数据”。`);
      }
      await deleteAllSchools(trx);
    }
    const latest = DEMO_YEARS[DEMO_YEARS.length - 1];
    let index = 0;
    for (const demo of DEMO_SCHOOLS) {
      index++;
      const id = await insertSchool(trx, {
        ownership: '公办',
        status: '在办',
        closedOn: null,
        shortName: null,
        address: `${demo.input.township ?? ''}${demo.input.name.replace(/^云溪区/, '')}路 ${index} 号`,
        contact: `0791-86${String(100000 + index * 137).slice(-6)}`,
        ...demo.input,
        township: demo.input.township ?? null,
        principal: demo.input.principal ?? null,
      });
      for (const c of demo.campuses ?? []) await upsertCampus(trx, id, { name: c.name, address: null, evaluatedSeparately: c.evaluatedSeparately });
      const closedYear = demo.input.closedOn ? Number(demo.input.closedOn.slice(0, 4)) : Infinity;
      for (const year of DEMO_YEARS) {
        if (year >= closedYear) continue;
        await putStats(trx, id, null, year, demoStatistics(demo, index, year, latest));
      }
    }
    // Documents generated from demo data should be headed by the demo district, not the generic default,
    // but an office's own settings are never overwritten.
    if ((await getSetting(trx, DOCUMENT_SETTINGS_KEY)) === undefined) await putSetting(trx, DOCUMENT_SETTINGS_KEY, DEMO_OFFICE);
    await writeAudit(trx, {
      actor: ctx.actor,
      action: 'demo',
      entity: 'register',
      summary: `加载演示数据：云溪区 ${DEMO_SCHOOLS.length} 所学校，${DEMO_YEARS.join('、')} 年统计数据`,
    });
    return { schools: DEMO_SCHOOLS.length, years: DEMO_YEARS };
  });
}
