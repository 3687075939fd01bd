import { useState } from 'preact/hooks';
import type { AggregateResult, NoisyValue } from '../api/queryTypes';
import type { DatasetColumn } from '../api/types';
import { BarChart, type Whisker } from '../ui/BarChart';
import { aggregationLabel } from './builderState';

export const EMPTY_KEY = '(no value)';

export function groupLabel(key: (string | null)[], bin: string | null): string {
  const parts = key.map((k) => (k === null ? EMPTY_KEY : k));
  if (bin !== null) parts.push(bin);
  return parts.join(' / ') || 'All rows';
}

/**
 * The whisker of one released value on the value axis, or null when none is honest to draw.
 * A QUANTILE's ± bound counts ranks (how many rows the released value may be off by), not
 * values, so it has no place on this axis. Elsewhere the 95% interval is cut to what the value
 * can possibly be: a count is never below 0 and a mean lies within the column's declared bounds,
 * so a whisker beyond them would show a range the data cannot have.
 */
export function whiskerOf(v: NoisyValue, column: DatasetColumn | undefined): Whisker | null {
  if (v.function === 'QUANTILE' || !(v.errorBound95 > 0)) return null;
  let low = v.value - v.errorBound95;
  let high = v.value + v.errorBound95;
  const lower = column?.lowerBound ?? null;
  const upper = column?.upperBound ?? null;
  if (v.function === 'COUNT' || v.function === 'HISTOGRAM') low = Math.max(0, low);
  if (v.function === 'MEAN') {
    if (lower !== null) low = Math.max(lower, low);
    if (upper !== null) high = Math.min(upper, high);
  }
  if (v.function === 'SUM') {
    if (lower !== null && lower >= 0) low = Math.max(0, low);
    if (upper !== null && upper <= 0) high = Math.min(0, high);
  }
  return high > low ? [low, high] : null;
}

/** One chart per aggregation: a value per group (and per bin for histograms), with its clamped 95% interval. */
export function ResultChart({ result, columns }: { result: AggregateResult; columns: DatasetColumn[] }) {
  const labels = [...new Set(result.groups.flatMap((g) => g.values.map(aggregationLabel)))];
  const [chosen, setChosen] = useState(labels[0] ?? '');
  const current = labels.includes(chosen) ? chosen : labels[0] ?? '';
  const byName = new Map(columns.map((c) => [c.name, c]));
  const values = result.groups.flatMap((g) => g.values.filter((v) => aggregationLabel(v) === current).map((v) => ({ g, v })));
  if (!values.length) return <p class="muted">No groups were released, so there is nothing to chart.</p>;
  const isQuantile = values[0]!.v.function === 'QUANTILE';
  const title = isQuantile
    ? `${current}; no whiskers: a quantile's ± 95% bound counts rows (ranks), not ${values[0]!.v.column} values — see the table`
    : `${current}; whiskers show the 95% noise interval, cut to the values that are possible`;

  return (
    <div class="result-chart">
      {labels.length > 1 && (
        <label class="field narrow">
          <span>Chart</span>
          <select value={current} onChange={(e) => setChosen(e.currentTarget.value)} data-testid="result-chart-select">
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <BarChart
        labels={values.map(({ g, v }) => groupLabel(g.key, v.bin))}
        values={values.map(({ v }) => v.value)}
        whiskers={values.map(({ v }) => whiskerOf(v, v.column ? byName.get(v.column) : undefined))}
        yLabel={current}
        title={title}
        testId="result-chart"
      />
    </div>
  );
}

