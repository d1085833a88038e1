/** Validation messages placed beside the form field they are about (antd Form.Item validateStatus / help). */
import type { ValidationMessage } from '../../../../shared/domain/indicators';

export interface FieldFeedback {
  validateStatus?: 'error' | 'warning';
  help?: string;
}

/**
 * The Form.Item props showing `messages` about `field` (all of them, errors first): the status
 * colours the field and the text sits under it. Empty when there is none, so the message goes
 * away as soon as the edit fixes it (validation runs on every change).
 */
export function fieldFeedback(messages: readonly ValidationMessage[], field: ValidationMessage['field']): FieldFeedback {
  const mine = messages.filter((m) => m.field === field);
  if (!mine.length) return {};
  const errors = mine.filter((m) => m.severity === 'error');
  return { validateStatus: errors.length ? 'error' : 'warning', help: [...errors, ...mine.filter((m) => m.severity !== 'error')].map((m) => stripNode(m)).join('；') };
}

/** Beside its field inside the node's own form, "指标 1.2 名称：" would only repeat what the form shows. */
export function stripNode(m: ValidationMessage): string {
  const i = m.nodeId !== undefined ? m.message.indexOf('：') : -1;
  return i >= 0 ? m.message.slice(i + 1) : m.message;
}

/** Input `status` for an inline field (tree table cells, table inputs). */
export function fieldStatus(messages: readonly ValidationMessage[], field: ValidationMessage['field']): 'error' | 'warning' | undefined {
  return fieldFeedback(messages, field).validateStatus;
}
