import type { z } from 'zod';

/** Zod's own texts are English; the schemas' custom messages are already Chinese and pass through. */
export function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return `内容过长，最多 ${String((issue as { maximum?: unknown }).maximum)} 个字`;
    case 'too_small':
      return '不能为空';
    case 'invalid_value':
      return `不是有效的取值，可选：${((issue as { values?: unknown[] }).values ?? []).map(String).join('、')}`;
    default:
      return '内容格式不正确';
  }
}
