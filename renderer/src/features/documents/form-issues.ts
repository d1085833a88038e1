/**
 * Validation from the contract, shown beside the field (issue 10 item 5). A form does not repeat
 * the contract's rules: each field's antd rule asks the contract's schema about the whole form and
 * shows the messages whose issue path belongs to that field, so a message appears where the user
 * can fix it and disappears once fixed. The same mapping places the issues of a refused call
 * (ApiError `invalid_input`, `details` = the issues with their paths).
 */
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { ApiError } from '../../api/client';

/** One problem as the schema states it. */
export interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/** Which form field an issue path belongs to; null when no field shows it. */
export type FieldOf = (path: readonly PropertyKey[]) => NamePath | null;

const keyOf = (name: NamePath) => JSON.stringify(Array.isArray(name) ? name : [name]);

/** The messages per field (keyed by the field's name path) and those no field shows. */
export interface PlacedIssues {
  byField: Map<string, string[]>;
  unplaced: string[];
}

export function placeIssues(issues: readonly Issue[], fieldOf: FieldOf): PlacedIssues {
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const i of issues) {
    const field = fieldOf(i.path);
    if (field === null) {
      unplaced.push(i.message);
      continue;
    }
    const k = keyOf(field);
    const list = byField.get(k) ?? [];
    if (!list.includes(i.message)) list.push(i.message);
    byField.set(k, list);
  }
  return { byField, unplaced };
}

/** The messages for one field. */
export const messagesFor = (placed: PlacedIssues, name: NamePath): string[] => placed.byField.get(keyOf(name)) ?? [];

/**
 * An antd rule for `name` that shows what the schema says about it: `check()` validates the whole
 * form's current values (cheap: a few dozen fields).
 */
export function schemaRule(name: NamePath, check: () => PlacedIssues): { validator: () => Promise<void> } {
  return {
    validator: async () => {
      const messages = messagesFor(check(), name);
      if (messages.length) throw new Error(messages.join('；'));
    },
  };
}

/**
 * A refused call's input problems beside their fields. Returns the messages no field shows (the
 * caller says them otherwise), or null when the error is not about the input's fields.
 */
export function showServerIssues(form: FormInstance, error: unknown, fieldOf: FieldOf): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input' || !Array.isArray(error.details)) return null;
  const issues = (error.details as unknown[]).filter((d): d is Issue => typeof d === 'object' && d !== null && Array.isArray((d as Issue).path) && typeof (d as Issue).message === 'string');
  if (issues.length === 0) return null;
  const placed = placeIssues(issues, fieldOf);
  form.setFields([...placed.byField.entries()].map(([k, errors]) => ({ name: JSON.parse(k) as (string | number)[], errors })));
  return placed.unplaced;
}
