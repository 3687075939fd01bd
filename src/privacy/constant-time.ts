/**
 * Rejection samplers loop a number of times that depends on the value they return, and
 * the exponential mechanism's loop also depends on the data; a caller who can time
 * responses could learn about the noise and so about the data (Jin et al., "Are We
 * There Yet? Timing and Floating-Point Attacks on Differential Privacy Systems", IEEE
 * S&P 2022). Two tools address it:
 *
 * (a) drawNoise (laplace-plan.ts) draws noise without the data, so it can run before
 *     the query starts; the data-dependent part of the request then has no rejection loop.
 * (b) withConstantTime pads a computation to a fixed deadline measured from its start,
 *     so the caller sees the same latency whatever the samplers did.
 *
 * Covered: wall-clock time of the wrapped work as seen by the client, for results and
 * errors alike, as long as the work finishes within the budget. Not covered: runs
 * that overrun the budget (reported through onOverrun so the budget can be raised),
 * timer jitter of about a millisecond, and side channels of a shared machine (CPU
 * load, caches, event-loop blocking seen by concurrent requests). Database time is
 * outside this module: wrap the whole request when query latency itself must not vary.
 */
export interface ConstantTimeOptions {
  onOverrun?: (elapsedMs: number) => void;
}

export async function withConstantTime<T>(
  minMs: number,
  fn: () => T | Promise<T>,
  options: ConstantTimeOptions = {},
): Promise<T> {
  if (!Number.isFinite(minMs) || minMs < 0) throw new RangeError(`minMs must be a finite number ≥ 0, got ${minMs}`);
  const start = performance.now();
  const deadline = start + minMs;
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const finished = performance.now();
  if (finished > deadline) options.onOverrun?.(finished - start);
  // Timers may fire slightly early; keep waiting until the clock has passed the deadline.
  while (performance.now() < deadline) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(deadline - performance.now()))));
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
