/**
 * What a mechanism hands back for publication. `errorBound95` is stated in the unit
 * named by `errorBoundUnit`: 'value' (the default for numeric releases, same unit as
 * `value`) or 'rank' (rows, for quantiles; see quantile.ts for why not value units).
 */
export type ErrorBoundUnit = 'value' | 'rank';

export interface Release {
  value: number;
  errorBound95: number;
  mechanism: string;
  errorBoundUnit?: ErrorBoundUnit;
  /**
   * A bound on |value − true value| that holds with probability ≥ 0.975 (noise plus the
   * grid rounding), attached by applyNoise so that releaseMean can build an honest 95%
   * bound for a ratio by a union bound (0.025 + 0.025 = 0.05).
   */
  errorBound975?: number;
}
