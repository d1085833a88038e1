/**
 * Input of a trial calculation (试算) — the same shape for the UI, `systems trial --input` and tests.
 *
 * {
 *   "context": { "section": "primary", "schoolType": "小学", "partnershipType": "集团化", "categories": ["成员校"] },
 *   "values":  { "pupils": 1200, "teachersAboveDegree": 60, "socialRecognition": 0.91 },
 *   "items": {
 *     "<node id or code>": { "grade": "B" }             // grade method
 *     "<node id or code>": { "points": 7.5 }            // points, bonus (points added), deduction (points subtracted)
 *     "<node id or code>": { "met": true }              // met / not met
 *     "<node id or code>": { "values": { "pupils": 800 } } // formula: overrides of the shared values
 *     "<node id or code>": { "triggered": true, "note": "…" } // veto
 *     "<node id or code>": { "na": true }               // not applicable (any node, also a branch)
 *   }
 * }
 * Items are looked up by node id first, then by code. Count rules take no input: they read their items.
 *
 * A value is a number or text ("85%", "０.８５"): it is read against the scale the system declares
 * for it (scale.ts) — 0.85 or "85%" for a ratio; 80 for a ratio is refused with both readings.
 * A bonus or deduction above its item's cap counts as the cap, with a notice in the result.
 */
import { z } from 'zod';
import { PARTNERSHIP_TYPES, SCHOOL_TYPES, SECTIONS } from './schema.js';

const finite = z.number().refine(Number.isFinite, { message: '必须是有限数值' });
/** A typed value: a number, or text such as "85%" read against the value's declared scale. */
const typedValue = z.union([finite, z.string().max(100)], { error: '应填写数字或文字（如 0.85 或 "85%"），不填请留空' });
/** Named values; a null entry means "not typed" and is dropped (the same as leaving the key out). */
const typedValues = z
  .record(z.string(), typedValue.nullable())
  .transform((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, number | string] => e[1] !== null)));

export const EvaluationContextSchema = z.object({
  schoolType: z.enum(SCHOOL_TYPES).optional(),
  section: z.enum(SECTIONS).optional(),
  partnershipType: z.enum(PARTNERSHIP_TYPES).optional(),
  categories: z.array(z.string()).optional(),
});

export const LeafInputSchema = z.object({
  na: z.boolean().optional(),
  grade: z.string().optional(),
  points: finite.optional(),
  met: z.boolean().optional(),
  values: typedValues.optional(),
  triggered: z.boolean().optional(),
  note: z.string().optional(),
});
export type LeafInput = z.infer<typeof LeafInputSchema>;

export const TrialInputSchema = z.object({
  context: EvaluationContextSchema.optional(),
  values: typedValues.optional(),
  items: z.record(z.string(), LeafInputSchema).optional(),
});
export type TrialInput = z.infer<typeof TrialInputSchema>;
