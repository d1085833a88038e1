/** Text fields as every form of the contract checks them, with the Chinese messages users read. */
import { z } from 'zod';

/** A required text: trimmed, 1 to `max` characters; “请填写{label}” when empty. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);

/** An optional text: trimmed, at most `max` characters, '' when not given. */
export const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).default('');
