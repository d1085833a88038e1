import type { StatValues } from '../../../shared/domain/schools/statistics-fields';
import type { DemoSchool } from './demo-district';

/** Deterministic pseudo-random numbers, so the demo district is the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function splitIntoClasses(pupils: number, classes: number, rand: () => number, oversized: boolean): number[] {
  const sizes: number[] = [];
  let left = pupils;
  for (let i = 0; i < classes; i++) {
    const remaining = classes - i;
    const avg = left / remaining;
    const size = i === classes - 1 ? left : Math.max(1, Math.round(avg + (rand() - 0.5) * 4));
    sizes.push(size);
    left -= size;
  }
  if (oversized && sizes.length > 2) {
    // Two crowded classes, balanced by two smaller ones, so class-size checks have a hit.
    sizes[0] += 6;
    sizes[1] += 5;
    sizes[sizes.length - 1] -= 6;
    sizes[sizes.length - 2] -= 5;
  }
  return sizes;
}

function splitGrades(pupils: number, grades: number[], rand: () => number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = pupils;
  grades.forEach((g, i) => {
    const n = i === grades.length - 1 ? left : Math.round((pupils / grades.length) * (0.92 + rand() * 0.16));
    out[`pupilsGrade${g}`] = n;
    left -= n;
  });
  return out;
}

/**
 * Statistics for one demo school and year. Earlier years have slightly fewer pupils and facilities,
 * so plausibility checks and the multi-year view show movement without false alarms.
 */
export function demoStatistics(school: DemoSchool, index: number, year: number, latestYear: number): StatValues {
  const rand = rng(index * 7919 + year);
  const age = latestYear - year; // 0 for the latest year
  const growth = 1 - 0.03 * age;
  const sf = (k: keyof NonNullable<DemoSchool['shortfall']>) => school.shortfall?.[k] ?? 1;
  const p = Math.round((school.pupils.primary ?? 0) * growth);
  const j = Math.round((school.pupils.junior ?? 0) * growth);
  const s = Math.round((school.pupils.senior ?? 0) * growth);
  const jitter = () => 1.04 + rand() * 0.12;
  const v: StatValues = {};
  if (p > 0) {
    v.pupilsPrimary = p;
    Object.assign(v, splitGrades(p, [1, 2, 3, 4, 5, 6], rand));
    const classes = Math.max(1, Math.ceil(p / 43));
    v.classesPrimary = classes;
    v.classSizesPrimary = splitIntoClasses(p, classes, rand, !!school.oversizedClasses);
  }
  if (j > 0) {
    v.pupilsJunior = j;
    Object.assign(v, splitGrades(j, [7, 8, 9], rand));
    const classes = Math.max(1, Math.ceil(j / 48));
    v.classesJunior = classes;
    v.classSizesJunior = splitIntoClasses(j, classes, rand, false);
  }
  if (s > 0) v.pupilsSenior = s;

  // Per-100-pupil teacher figures sit just above the 2017 thresholds unless a shortfall applies.
  const tp = p > 0 ? Math.max(2, Math.round(p / 17)) : 0;
  const tj = j > 0 ? Math.max(3, Math.round(j / 12.5)) : 0;
  const ts = s > 0 ? Math.round(s / 13) : 0;
  v.teachers = tp + tj + ts;
  if (p > 0 && j > 0) {
    v.teachersPrimary = tp;
    v.teachersJunior = tj;
  }
  if (p > 0) v.teachersAboveDegreePrimary = Math.min(tp, Math.ceil(((p * 4.2) / 100) * jitter() * sf('degree')));
  if (j > 0) v.teachersAboveDegreeJunior = Math.min(tj, Math.ceil(((j * 5.3) / 100) * jitter() * sf('degree')));
  const bb = (n: number) => Math.ceil((n / 100) * 1.0 * jitter() * sf('backbone'));
  v.backboneTeachers = bb(p) + bb(j) + (s > 0 ? Math.round(s / 90) : 0);
  if (p > 0 && j > 0) {
    v.backboneTeachersPrimary = bb(p);
    v.backboneTeachersJunior = bb(j);
  }
  const pa = (n: number) => Math.ceil((n / 100) * 0.9 * jitter() * sf('peArt'));
  const peArt = pa(p) + pa(j);
  v.peTeachers = Math.ceil(peArt * 0.45);
  v.musicTeachers = Math.ceil(peArt * 0.3);
  v.artTeachers = Math.max(0, peArt - (v.peTeachers as number) - (v.musicTeachers as number));
  v.midTitleTeachers = Math.round((v.teachers as number) * (0.45 + rand() * 0.2));
  v.certifiedTeachers = (v.teachers as number) - (rand() < 0.2 ? 1 : 0);
  v.trainingCompletedTeachers = (v.teachers as number) - (rand() < 0.3 ? 2 : 0);

  // Facilities are sized on the weighted pupils of the national split (1 : 1.1 : 1.32).
  const area = (perP: number, perJ: number, k: Parameters<typeof sf>[0]) => Math.round((p * perP + j * perJ + s * perJ * 1.1) * jitter() * sf(k) / growth ** 0.5);
  v.teachingAuxArea = area(4.5, 5.8, 'area');
  const sports = area(7.5, 10.2, 'sports');
  v.gymArea = p + j + s > 600 ? Math.round(sports * 0.15) : 0;
  v.sportsGroundArea = sports - (v.gymArea as number);
  v.equipmentValue = Math.round((p * 2000 + j * 2500 + s * 2800) * jitter() * sf('equipment') / 100) * 100;
  v.multimediaRooms = Math.ceil(((p * 2.3 + j * 2.4 + s * 2.4) / 100) * jitter() * sf('rooms'));
  const classesAll = ((v.classesPrimary as number) ?? 0) + ((v.classesJunior as number) ?? 0);
  v.musicRooms = Math.max(1, Math.ceil(classesAll / 12));
  v.musicRoomAreas = Array.from({ length: v.musicRooms }, (_, i) => (i === 0 && sf('area') < 1 ? 80 : 96 + Math.round(rand() * 10)));
  v.artRooms = Math.max(1, Math.ceil(classesAll / 12));
  v.artRoomAreas = Array.from({ length: v.artRooms }, () => 90 + Math.round(rand() * 8));
  v.books = Math.round((p * 30 + j * 40 + s * 45) * jitter());
  v.computers = Math.round(((p + j + s) / 100) * 14 * jitter());
  v.publicFunding = Math.round((Math.max(p, p > 0 && p < 100 ? 100 : 0) * 720 + j * 940 + s * 1000) / 100) * 100;
  v.trainingSpend = Math.round((v.publicFunding as number) * 0.055);
  return v;
}
