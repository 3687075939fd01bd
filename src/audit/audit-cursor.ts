import { BadUserInputError } from '../errors/errors';

/** Opaque to clients, stable forever: an event's seq never changes. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: 'after' | 'before' = 'after'): number {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== cursor) throw new BadUserInputError(`${field} is not a valid cursor`, field);
  return Number(match[1]);
}
