/** One day in milliseconds: automatic backups are taken on start and whenever the newest is this old. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** What startBackupSchedule needs: when the last backup was, and how to take one. */
export interface ScheduleOptions {
  /** Time of the newest automatic backup (ms since epoch), or null when there is none. */
  lastBackupAt: () => number | null;
  /** Takes one automatic backup; errors are the callee's to log. */
  run: () => Promise<void>;
  /** How old the newest backup may get (default one day). */
  intervalMs?: number;
  /** How often to look (default hourly): a PC that slept through the due time catches up within this. */
  checkEveryMs?: number;
  now?: () => number;
}

/** A running schedule. */
export interface BackupSchedule {
  /** Runs one check now: takes a backup if the newest is older than the interval. */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * Daily automatic backups while the app runs. Rather than one timer of 24 hours (which drifts when the
 * PC sleeps), it looks every hour whether the newest automatic backup is a day old. The timer does not
 * keep the process alive, and checks never overlap.
 */
export function startBackupSchedule(options: ScheduleOptions): BackupSchedule {
  const interval = options.intervalMs ?? DAY_MS;
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  const tick = async () => {
    if (running) return running;
    const last = options.lastBackupAt();
    if (last !== null && now() - last < interval) return;
    running = options.run().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), options.checkEveryMs ?? 60 * 60 * 1000);
  timer.unref?.();
  return { tick, stop: () => clearInterval(timer) };
}
