import { withConstantTime } from './constant-time';

describe('withConstantTime', () => {
  it('pads a fast computation to the budget', async () => {
    const start = performance.now();
    await expect(withConstantTime(40, () => 7)).resolves.toBe(7);
    expect(performance.now() - start).toBeGreaterThanOrEqual(40);
  });

  it('pads failures too, then rethrows them', async () => {
    const start = performance.now();
    await expect(
      withConstantTime(40, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(performance.now() - start).toBeGreaterThanOrEqual(40);
  });

  it('reports overruns instead of hiding them', async () => {
    const overruns: number[] = [];
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 30));
    await expect(withConstantTime(5, slow, { onOverrun: (ms) => overruns.push(ms) })).resolves.toBe('late');
    expect(overruns).toHaveLength(1);
    expect(overruns[0]).toBeGreaterThan(5);
  });

  it('rejects a negative or non-finite budget', async () => {
    await expect(withConstantTime(-1, () => 1)).rejects.toThrow(RangeError);
    await expect(withConstantTime(Number.NaN, () => 1)).rejects.toThrow(RangeError);
  });
});
