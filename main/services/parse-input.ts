import { AppError } from '../../shared/api/envelope';

/**
 * Checks a service's input against its contract schema (zod) and returns the parsed value: the
 * dispatcher checks it too, but services are also called directly (other services, tests, jobs).
 * @throws AppError('invalid_input') with every problem's Chinese message joined by “；” and the
 *   issues as details (each with its path, for the form to show beside its field).
 */
export function parseInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('invalid_input', r.error.issues.map((i) => i.message).join('；'), r.error.issues);
  return r.data;
}
