/**
 * Whether a process with this id is running (ours always is). Used to tell a crashed writer's
 * leftovers (temporary files, unfinished backups, jobs left 运行中) from those of a live one.
 * EPERM means it exists but belongs to another user.
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
