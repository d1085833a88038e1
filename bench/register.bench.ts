import type { School } from '../shared/api/contracts/schools';
import type { StatRecord } from '../shared/api/contracts/statistics';
import { exportSchoolsWorkbook, exportStatsWorkbook } from '../main/exchange/register';
import { importSchools, importStats } from '../main/services/exchange-service';
import { listSchools } from '../main/services/schools-service';
import { tempCore } from '../main/testing/temp-core';
import { heapMb, rssMb, time } from './measure';

const SCHOOLS = 2000;
const YEARS = [2023, 2024, 2025];
const TYPES = ['小学', '初中', '九年一贯制', '教学点'] as const;
const LOCALITIES = ['城区', '镇区', '乡村'] as const;

function syntheticSchools(): School[] {
  return Array.from({ length: SCHOOLS }, (_, i) => ({
    id: i + 1,
    code: String(3600000000 + i),
    name: `基准测试第${i + 1}学校`,
    shortName: null,
    type: TYPES[i % TYPES.length],
    ownership: '公办',
    locality: LOCALITIES[i % 3],
    township: `第${(i % 40) + 1}镇`,
    address: null,
    principal: `校长${i}`,
    contact: null,
    status: '在办',
    closedOn: null,
    campuses: [],
    latestStatsYear: null,
    updatedAt: '',
  }));
}

function syntheticStats(schools: School[], year: number): StatRecord[] {
  const k = 1 + (year - 2023) * 0.02;
  return schools.map((s, i) => {
    const pupils = Math.round((200 + (i % 37) * 40) * k);
    return {
      schoolId: s.id,
      campusId: null,
      year,
      updatedAt: '',
      values: {
        pupilsPrimary: pupils,
        classesPrimary: Math.ceil(pupils / 45),
        teachers: Math.round(pupils / 16),
        teachersAboveDegreePrimary: Math.round(pupils / 20),
        backboneTeachers: Math.round(pupils / 90),
        peTeachers: 3,
        musicTeachers: 2,
        artTeachers: 2,
        teachingAuxArea: pupils * 5,
        sportsGroundArea: pupils * 8,
        gymArea: 0,
        equipmentValue: pupils * 2100,
        multimediaRooms: Math.ceil(pupils / 40),
        books: pupils * 30,
        computers: Math.round(pupils / 8),
        musicRoomAreas: [96, 98],
        publicFunding: pupils * 700,
      },
    };
  });
}

/** Importing statistics for 2,000 schools × 3 years (dry run and commit), listing and searching the register. */
export async function runRegisterBench() {
  const core = await tempCore('bench');
  try {
    const schools = syntheticSchools();
    const schoolsFile = await exportSchoolsWorkbook(schools);
    const schoolsImport = await time(1, () => importSchools(core.ctx, 'schools.xlsx', schoolsFile, false));
    const stored = await listSchools(core.ctx, {});
    const byCode = new Map(stored.map((s) => [s.code, s]));
    const results: Record<string, unknown> = { schools: SCHOOLS, schoolsImportCommitMs: schoolsImport.medianMs };
    let peakRss = rssMb();
    for (const year of YEARS) {
      const records = syntheticStats(schools, year).map((r, i) => ({ ...r, schoolId: byCode.get(schools[i].code)!.id }));
      const file = await exportStatsWorkbook(year, stored, records);
      const dry = await time(3, async () => {
        const r = await importStats(core.ctx, `stats-${year}.xlsx`, file, true, year);
        if (r.errors.length) throw new Error(r.errors[0].message);
      });
      peakRss = Math.max(peakRss, rssMb());
      const commit = await time(1, async () => {
        const r = await importStats(core.ctx, `stats-${year}.xlsx`, file, false, year);
        if (!r.committed) throw new Error('not committed');
      });
      peakRss = Math.max(peakRss, rssMb());
      results[`stats${year}`] = { fileKb: Math.round(file.length / 1024), dryRunMedianMs: dry.medianMs, commitMs: commit.medianMs };
    }
    results.listAll = await time(10, () => listSchools(core.ctx, {}));
    results.search = await time(20, () => listSchools(core.ctx, { search: '第1999' }));
    results.filter = await time(20, () => listSchools(core.ctx, { type: '初中', locality: '乡村' }));
    results.peakRssMb = peakRss;
    results.heapMb = heapMb();
    return results;
  } finally {
    await core.dispose();
  }
}
