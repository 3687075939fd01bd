import { BadUserInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Malformed ids are the caller's mistake, not a lookup miss. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new BadUserInputError(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

export function requireFutureDate(value: Date | null | undefined, field: string, now: Date): void {
  if (value === null || value === undefined) return;
  if (Number.isNaN(value.getTime())) throw new BadUserInputError(`${field} is not a valid date`, field);
  if (value.getTime() <= now.getTime()) throw new BadUserInputError(`${field} must be in the future`, field);
}

/** PostgreSQL unique violations become a clear message about the caller's input. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
