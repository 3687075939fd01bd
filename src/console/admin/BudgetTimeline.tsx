import type { BudgetUsage } from '../api/queryTypes';
import { LineChart } from '../ui/LineChart';
import { buildTimeline } from './budgetTimeline';

/** Cumulative ε per partner, day by day, from the ledger totals that come with `budgetUsage`. */
export function BudgetTimeline({ usage }: { usage: BudgetUsage[] }) {
  const timeline = buildTimeline(usage);
  return (
    <section class="card" aria-labelledby="timeline-heading" data-testid="budget-timeline">
      <h3 id="timeline-heading">ε spent over time</h3>
      {timeline.counted > 0 ? (
        <LineChart xs={timeline.xs} series={timeline.series} yLabel="cumulative ε" title="Cumulative ε spent per partner, by UTC day" testId="timeline-chart" />
      ) : (
        <p class="muted">No query has spent budget yet.</p>
      )}
      <p class="muted small" data-testid="timeline-summary">
        {timeline.counted} {timeline.counted === 1 ? 'query' : 'queries'} counted.
      </p>
    </section>
  );
}
