import { describe, expect, it } from 'vitest';
import { DAY_MS, startBackupSchedule } from './schedule';

describe('startBackupSchedule', () => {
  it('backs up when there is no automatic backup or the newest is a day old, not before', async () => {
    let now = Date.UTC(2026, 10, 29, 9);
    let last: number | null = null;
    let runs = 0;
    const s = startBackupSchedule({
      lastBackupAt: () => last,
      run: async () => {
        runs++;
        last = now;
      },
      now: () => now,
      checkEveryMs: 3_600_000,
    });
    await s.tick();
    expect(runs).toBe(1);
    now += DAY_MS - 1;
    await s.tick();
    expect(runs).toBe(1);
    now += 1;
    await s.tick();
    expect(runs).toBe(2);
    s.stop();
  });

  it('never runs two backups at once', async () => {
    let release!: () => void;
    let runs = 0;
    const s = startBackupSchedule({
      lastBackupAt: () => null,
      run: () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
    });
    const a = s.tick();
    const b = s.tick();
    release();
    await Promise.all([a, b]);
    expect(runs).toBe(1);
    s.stop();
  });
});
