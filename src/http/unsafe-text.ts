/** A lone UTF-16 surrogate: what a JSON `\ud800` escape yields; it has no UTF-8 form and cannot be stored. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a client-supplied value cannot be accepted as text, or null. PostgreSQL text cannot hold NUL
 * and the database would fail with a masked 500 deep inside a resolver; refusing at the door turns
 * that into the client's error for every string argument and variable at once.
 */
export function unsafeTextIn(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'a string contains a NUL character';
    if (LONE_SURROGATE.test(value)) return 'a string is not valid Unicode';
    return null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const found = unsafeTextIn(key, depth + 1) ?? unsafeTextIn(item, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Strict UTF-8: the decoder that replaces bad bytes with U+FFFD would alter the client's text silently. */
export function decodeUtf8(raw: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
}
