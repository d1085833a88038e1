/**
 * A file size as users read it, the same in the page, the 操作日志 and the CLI: 12 KB, 4.5 MB, 1.3 GB
 * (1 KB = 1,024 bytes; at least 1 KB, so a small file never shows 0).
 */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
