/**
 * 操作人: the people who use one installation. No passwords: each person picks their name when
 * the window opens (and can switch in the header); the audit log, and later jobs and documents,
 * record that person rather than the computer's account.
 */
import { z } from 'zod';
import { requiredText } from './text-fields';

const text = requiredText;

export const Operator = z.object({
  id: z.number().int(),
  name: z.string(),
  office: z.string(),
  createdAt: z.string(),
  lastActiveAt: z.string(),
});
export type Operator = z.infer<typeof Operator>;

export const OperatorInput = z.object({
  name: text('姓名', 30),
  /** 科室, e.g. 督导室、基教科. */
  office: text('科室', 40),
});
export type OperatorInput = z.infer<typeof OperatorInput>;

export const OperatorList = z.object({
  operators: z.array(Operator),
  /** The operator this window (or, without one, this installation) acts as; null before anyone was chosen. */
  current: Operator.nullable(),
});
export type OperatorList = z.infer<typeof OperatorList>;

/** The 操作人 operations. */
export const operatorsContract = {
  'operators.list': { input: z.object({}).default({}), output: OperatorList },
  /** Adds a person and makes them the current operator. */
  'operators.create': { input: OperatorInput, output: Operator },
  /** Makes an existing person the current operator (by id, or by name as the CLI's --operator does). */
  'operators.select': {
    input: z.union([z.object({ id: z.number().int().positive() }), z.object({ name: z.string().trim().min(1).max(30) })]),
    output: Operator,
  },
} as const;
