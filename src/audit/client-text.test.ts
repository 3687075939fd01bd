import { CLIENT_TEXT_MAX, clipClientText, clipDetails } from './client-text';

describe('clipClientText', () => {
  it('keeps short text as it is', () => {
    expect(clipClientText('privateAggregate')).toBe('privateAggregate');
    expect(clipClientText('x'.repeat(CLIENT_TEXT_MAX))).toBe('x'.repeat(CLIENT_TEXT_MAX));
  });

  it('cuts long text and says how much was dropped', () => {
    const clipped = clipClientText('x'.repeat(200 * 1024));
    expect(clipped).toBe(`${'x'.repeat(CLIENT_TEXT_MAX)}…[${200 * 1024 - CLIENT_TEXT_MAX} more characters]`);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const clipped = clipClientText('😀'.repeat(CLIENT_TEXT_MAX + 1));
    expect(clipped.startsWith('😀'.repeat(CLIENT_TEXT_MAX) + '…')).toBe(true);
    expect(clipped).toMatch(/…\[1 more characters\]$/);
  });
});

describe('clipDetails', () => {
  it('clips every string in nested objects and arrays, keys included, and leaves other values alone', () => {
    const long = 'y'.repeat(1000);
    const out = clipDetails({ a: long, n: 3, b: null, t: true, list: [long, { [long]: long }] });
    expect(out.a).toBe(clipClientText(long));
    expect(out).toMatchObject({ n: 3, b: null, t: true });
    expect(out.list[0]).toBe(clipClientText(long));
    expect(out.list[1]).toEqual({ [clipClientText(long)]: clipClientText(long) });
  });
});
