/**
 * ⌊remaining / cost⌋ in exact decimal arithmetic: budgets are PostgreSQL numerics, so 0.3 left at
 * 0.1 a query is three queries, not the 2.9999999999999996 of floating point.
 */
export function remainingQueries(remaining: number, cost: number): number {
  if (!(cost > 0) || !(remaining > 0)) return 0;
  const [r, rScale] = decimal(remaining);
  const [c, cScale] = decimal(cost);
  const scale = Math.max(rScale, cScale);
  const n = (r * 10n ** BigInt(scale - rScale)) / (c * 10n ** BigInt(scale - cScale));
  return n > 2_147_483_647n ? 2_147_483_647 : Number(n);
}

/** A finite double as integer × 10^-scale, from its shortest decimal form. */
function decimal(x: number): [bigint, number] {
  const [mantissa, exponentText] = x.toExponential().split('e') as [string, string];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
  const digits = BigInt(whole + fraction);
  const scale = fraction.length - Number(exponentText);
  return scale >= 0 ? [digits, scale] : [digits * 10n ** BigInt(-scale), 0];
}
