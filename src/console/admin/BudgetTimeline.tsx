import { useRef, useState } from 'preact/hooks';
import { toApiError } from '../api/errors';
import type { AuditEvent } from '../api/queryTypes';
import { pageAuditEvents, type PageProgress } from '../audit/pageEvents';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { LineChart } from '../ui/LineChart';
import { ProgressBar } from '../ui/ProgressBar';
import { buildTimeline, type Timeline } from './budgetTimeline';

const MAX_EVENTS = 20_000;

/** Only offered to users who may read the audit trail: it is the only record of spending over time. */
export function BudgetTimeline({ partnerByAgreement }: { partnerByAgreement: Map<string, string> }) {
  const { request } = useSession();
  const [progress, setProgress] = useState<PageProgress | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const controller = useRef<AbortController | null>(null);

  async function load() {
    controller.current = new AbortController();
    setError(undefined);
    setProgress({ loaded: 0, total: 0 });
    const events: AuditEvent[] = [];
    try {
      const filter = { actions: ['QUERY_EXECUTED'], outcome: 'SUCCESS' as const };
      for await (const page of pageAuditEvents(request, filter, controller.current.signal, setProgress)) {
        events.push(...page);
        if (events.length >= MAX_EVENTS) break;
      }
      setTimeline(buildTimeline(events, partnerByAgreement));
    } catch (err) {
      if (toApiError(err).code !== 'ABORTED') setError(err);
    } finally {
      setProgress(null);
    }
  }

  return (
    <section class="card" aria-labelledby="timeline-heading" data-testid="budget-timeline">
      <h3 id="timeline-heading">ε spent over time</h3>
      <p class="muted small">Rebuilt from the audit trail's executed queries (you can read it as an auditor).</p>
      {progress ? (
        <>
          <ProgressBar label="Reading the audit trail" value={progress.loaded} max={progress.total} testId="timeline-progress" />
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={load} data-testid="timeline-load">
          {timeline ? 'Reload' : 'Load from the audit trail'}
        </button>
      )}
      <ErrorBanner error={error} />
      {timeline && timeline.counted > 0 && (
        <LineChart xs={timeline.xs} series={timeline.series} yLabel="cumulative ε" title="Cumulative ε spent per partner" testId="timeline-chart" />
      )}
      {timeline && (
        <p class="muted small" data-testid="timeline-summary">
          {timeline.counted} {timeline.counted === 1 ? 'query' : 'queries'} counted
          {timeline.skipped > 0 && `; ${timeline.skipped} audit events did not name an ε and one of your agreements, so they are not in the chart`}
          {timeline.counted + timeline.skipped >= MAX_EVENTS && `; only the first ${MAX_EVENTS.toLocaleString()} events were read`}.
        </p>
      )}
    </section>
  );
}
