/** Plain text for a start-up failure (no electron import, so it is testable in Node). */

export interface StartupErrorDialog {
  title: string;
  content: string;
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/**
 * What the start-up error dialog says. The app's own errors (a damaged, empty, truncated or read-only
 * database, one from a newer version, a data directory in use) are Chinese already and say what is
 * wrong and what to do; anything else is introduced in Chinese with its original text kept for support.
 */
export function startupErrorDialog(error: unknown): StartupErrorDialog {
  const detail = error instanceof Error ? error.message : String(error);
  const content = detail && HAS_CHINESE.test(detail) ? detail : `启动时发生意外错误：${detail || '（没有错误信息）'}\n\n请把这条信息告诉技术支持人员。`;
  return { title: '督导评估工作台无法启动', content };
}
