/**
 * Benchmark of the balance computation: 5,000 nine-year schools (so every school enters both the
 * primary and the junior section, with shared facilities apportioned) × 7 indicators, one year;
 * the full computation and one what-if recomputation. Run: npx tsx bench/balance.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { computeBalance, resolveOptions, whatIf, type BalanceYearInput, type SchoolBalanceInput } from '../shared/domain/balance';

export interface BalanceBenchResult {
  schools: number;
  sectionRows: number;
  indicators: number;
  runs: number;
  fullMedianMs: number;
  fullMinMs: number;
  whatIfMedianMs: number;
  whatIfMinMs: number;
  /** CPU time (user + system) of the full computation, median; steadier than wall time on a busy machine. */
  fullCpuMedianMs: number;
  whatIfCpuMedianMs: number;
  /** What-if without rebuilding the contribution tables (live preview). */
  whatIfLiteMedianMs: number;
  heapUsedMB: number;
  /** Wall time of 10⁷ float additions on this machine, to normalise the figures across machines. */
  baselineLoopMs: number;
  /** Sanity figures so a regression in the result is visible next to the timing. */
  primaryL4Cv: number | null;
  failingSchoolSections: number;
}

/** Deterministic PRNG (mulberry32) so every run benchmarks the same county. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCounty(schools: number, seed = 20240901): BalanceYearInput {
  const rnd = prng(seed);
  const vary = (x: number, spread = 0.4) => x * (1 - spread + 2 * spread * rnd());
  const list: SchoolBalanceInput[] = [];
  for (let i = 0; i < schools; i++) {
    const p = Math.round(vary(600, 0.8));
    const j = Math.round(vary(400, 0.8));
    const weighted = p + 1.1 * j;
    list.push({
      id: `S${i}`,
      name: `第${i}学校`,
      type: '九年一贯制',
      stats: {
        pupilsPrimary: p,
        pupilsJunior: j,
        teachersAboveDegreePrimary: Math.round(vary(p * 0.045)),
        teachersAboveDegreeJunior: Math.round(vary(j * 0.056)),
        // Half the schools record backbone teachers by section, half only the total.
        ...(i % 2 === 0
          ? { backboneTeachersPrimary: Math.round(vary(p * 0.011)), backboneTeachersJunior: Math.round(vary(j * 0.011)) }
          : { backboneTeachers: Math.round(vary((p + j) * 0.011)) }),
        peTeachers: Math.round(vary((p + j) * 0.005)),
        musicTeachers: Math.round(vary((p + j) * 0.0025)),
        artTeachers: Math.round(vary((p + j) * 0.0025)),
        teachingAuxArea: Math.round(vary(weighted * 5)),
        sportsGroundArea: Math.round(vary(weighted * 8)),
        // ~2 % of schools leave the gym blank: exercises the “no gym = 0 m², noted” path.
        ...(rnd() < 0.02 ? {} : { gymArea: Math.round(vary(weighted * 0.8)) }),
        equipmentValue: Math.round(vary(weighted * 2300)),
        multimediaRooms: Math.round(vary(weighted * 0.025)),
      },
    });
  }
  return { year: 2024, schools: list };
}

function baselineLoop(): number {
  const t0 = performance.now();
  let s = 0;
  for (let i = 0; i < 1e7; i++) s += i * 0.5;
  const ms = performance.now() - t0;
  if (s < 0) console.log(s); // keeps the loop from being optimised away
  return ms;
}

/** Wall and CPU time of one call. */
function timed(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function runBalanceBench(opts: { schools?: number; runs?: number } = {}): BalanceBenchResult {
  const schools = opts.schools ?? 5000;
  const runs = opts.runs ?? 9;
  const input = generateCounty(schools);
  const options = resolveOptions(undefined);

  // Warm up the JIT so the median reflects steady state.
  let base = computeBalance(input, options);
  computeBalance(input, options);

  const full: number[] = [];
  const fullCpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = timed(() => {
      base = computeBalance(input, options);
    });
    full.push(t.wall);
    fullCpu.push(t.cpu);
  }
  const heapUsedMB = process.memoryUsage().heapUsed / 2 ** 20;

  const target = input.schools[Math.floor(schools / 2)];
  const planned = (k: number) => [{ schoolId: target.id, stats: { teachingAuxArea: 20000 + k, backboneTeachersJunior: 10 + (k % 3) } }];
  whatIf(input, base, planned(0));
  const wi: number[] = [];
  const wiCpu: number[] = [];
  for (let r = 0; r < runs * 3; r++) {
    const t = timed(() => whatIf(input, base, planned(r + 1)));
    wi.push(t.wall);
    wiCpu.push(t.cpu);
  }

  const lite: number[] = [];
  for (let r = 0; r < runs * 3; r++) lite.push(timed(() => whatIf(input, base, planned(r + 1), { contributions: false })).wall);

  const primary = base.sections.find((s) => s.section === 'primary')!;
  return {
    schools,
    sectionRows: base.schools.reduce((n, s) => n + s.sections.length, 0),
    indicators: base.profile.indicators.length,
    runs,
    fullMedianMs: median(full),
    fullMinMs: Math.min(...full),
    whatIfMedianMs: median(wi),
    whatIfMinMs: Math.min(...wi),
    fullCpuMedianMs: median(fullCpu),
    whatIfCpuMedianMs: median(wiCpu),
    whatIfLiteMedianMs: median(lite),
    heapUsedMB,
    baselineLoopMs: baselineLoop(),
    primaryL4Cv: primary.indicators.find((i) => i.code === 'L4')!.cv,
    failingSchoolSections: base.schools.reduce((n, s) => n + s.sections.filter((x) => x.attainment?.verdict === 'fail').length, 0),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = runBalanceBench();
  const f = (x: number) => x.toFixed(1);
  console.log(
    `balance bench: ${r.schools} schools × ${r.indicators} indicators → ${r.sectionRows} section rows; ` +
      `full median ${f(r.fullMedianMs)} ms (min ${f(r.fullMinMs)}, ${r.runs} runs); ` +
      `what-if median ${f(r.whatIfMedianMs)} ms (min ${f(r.whatIfMinMs)}, ${r.runs * 3} runs); ` +
      `what-if without contributions median ${f(r.whatIfLiteMedianMs)} ms; ` +
      `CPU median full ${f(r.fullCpuMedianMs)} ms / what-if ${f(r.whatIfCpuMedianMs)} ms; ` +
      `heap used ${f(r.heapUsedMB)} MB; baseline 10^7-add loop ${f(r.baselineLoopMs)} ms; primary L4 CV ${r.primaryL4Cv?.toFixed(4)}; failing school sections ${r.failingSchoolSections}`,
  );
}
