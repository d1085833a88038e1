import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHOOL_TYPES } from '../../../shared/domain/schools/school-enums';
import { tempCore } from '../../testing/temp-core';
import { listSchools } from '../schools-service';
import { statsYears } from '../stats-service';
import { getDocumentSettings, setDocumentSettings } from '../documents/settings';
import { loadDemo } from './demo-service';
import { statsForYear } from '../../db/repositories/stats-repo';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeEach(async () => {
  core = await tempCore();
});
afterEach(async () => core.dispose());

describe('demo district', () => {
  it('loads about 20 schools of every type with three years of statistics', async () => {
    const r = await loadDemo(core.ctx, false);
    expect(r.schools).toBeGreaterThanOrEqual(20);
    const schools = await listSchools(core.ctx, {});
    expect(new Set(schools.map((s) => s.type))).toEqual(new Set(SCHOOL_TYPES));
    expect(await statsYears(core.ctx)).toEqual([2025, 2024, 2023]);
    expect(schools.some((s) => s.status === '撤并' && s.latestStatsYear === 2023)).toBe(true);
    expect(schools.some((s) => s.campuses.length === 2)).toBe(true);
  });

  it('has class sizes that add up to the pupils, and a few oversized classes', async () => {
    await loadDemo(core.ctx, false);
    const stats = await statsForYear(core.database.db, 2025);
    for (const s of stats) {
      const sizes = s.values.classSizesPrimary as number[] | undefined;
      if (sizes) expect(sizes.reduce((a, b) => a + b, 0)).toBe(s.values.pupilsPrimary);
    }
    expect(stats.some((s) => ((s.values.classSizesPrimary as number[]) ?? []).some((n) => n > 45))).toBe(true);
  });

  it('heads documents with the demo district unless the office has its own settings', async () => {
    await loadDemo(core.ctx, false);
    expect((await getDocumentSettings(core.ctx)).numberPrefix).toBe('云教督');
    await setDocumentSettings(core.ctx, { ...(await getDocumentSettings(core.ctx)), numberPrefix: '本教督' });
    await loadDemo(core.ctx, true);
    expect((await getDocumentSettings(core.ctx)).numberPrefix).toBe('本教督');
  });

  it('refuses to mix into a non-empty register unless told to replace', async () => {
    await loadDemo(core.ctx, false);
    await expect(loadDemo(core.ctx, false)).rejects.toThrow(/已有 21 所学校/);
    await loadDemo(core.ctx, true);
    expect((await listSchools(core.ctx, {})).length).toBe(21);
  });
});
