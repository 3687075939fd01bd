/**
 * Text a client chose (names, purposes, emails, addresses) is hashed into the trail forever and
 * shown to auditors, so none of it may be large: every string in an event's details is cut to
 * CLIENT_TEXT_MAX characters, with a marker that says how much was dropped.
 */
export const CLIENT_TEXT_MAX = 200;

/** `text` itself when short enough, else its first CLIENT_TEXT_MAX characters and a marker. */
export function clipClientText(text: string, max = CLIENT_TEXT_MAX): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}…[${chars.length - max} more characters]`;
}

/** A JSON value with every string (keys included) clipped; arrays and objects are walked. */
export function clipDetails<T>(value: T): T {
  return clip(value) as T;
}

function clip(value: unknown): unknown {
  if (typeof value === 'string') return clipClientText(value);
  if (Array.isArray(value)) return value.map(clip);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [clipClientText(k), clip(v)]));
  }
  return value;
}
