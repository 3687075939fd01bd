/**
 * One-sided confidence bounds for a binomial proportion from the Chernoff bound in its
 * relative-entropy form: for k successes in n trials, P(p̂ ≤ k/n) ≤ exp(−n·KL(k/n ‖ p))
 * when k/n ≤ p, and symmetrically above. Inverting gives bounds that fail with
 * probability ≤ alpha each, nearly as tight as Clopper–Pearson and valid for any n.
 */

function bernoulliKl(p: number, q: number): number {
  const term = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log(a / b));
  return term(p, q) + term(1 - p, 1 - q);
}

export function upperConfidenceBound(successes: number, trials: number, alpha: number): number {
  const phat = successes / trials;
  if (successes === trials) return 1;
  const budget = Math.log(1 / alpha) / trials;
  let low = phat;
  let high = 1;
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (bernoulliKl(phat, mid) > budget) high = mid;
    else low = mid;
  }
  return high;
}

export function lowerConfidenceBound(successes: number, trials: number, alpha: number): number {
  const phat = successes / trials;
  if (successes === 0) return 0;
  const budget = Math.log(1 / alpha) / trials;
  let low = 0;
  let high = phat;
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (bernoulliKl(phat, mid) > budget) low = mid;
    else high = mid;
  }
  return low;
}
