import { useState } from 'preact/hooks';
import type { AggregateResult } from '../api/queryTypes';
import { BarChart } from '../ui/BarChart';
import { aggregationLabel } from './builderState';

export function groupLabel(key: (string | null)[], bin: string | null): string {
  const parts = key.map((k) => (k === null ? '(empty)' : k));
  if (bin !== null) parts.push(bin);
  return parts.join(' / ') || 'All rows';
}

/** One chart per aggregation: a value per group (and per bin for histograms), with ± its 95% error. */
export function ResultChart({ result }: { result: AggregateResult }) {
  const labels = [...new Set(result.groups.flatMap((g) => g.values.map(aggregationLabel)))];
  const [chosen, setChosen] = useState(labels[0] ?? '');
  const current = labels.includes(chosen) ? chosen : labels[0] ?? '';
  const bars = result.groups.flatMap((g) =>
    g.values.filter((v) => aggregationLabel(v) === current).map((v) => ({ label: groupLabel(g.key, v.bin), value: v.value, error: v.errorBound95 })),
  );
  if (!bars.length) return <p class="muted">No groups were released, so there is nothing to chart.</p>;

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
        labels={bars.map((b) => b.label)}
        values={bars.map((b) => b.value)}
        errors={bars.map((b) => b.error)}
        yLabel={current}
        title={`${current}; whiskers show ± the 95% noise interval`}
        testId="result-chart"
      />
    </div>
  );
}
