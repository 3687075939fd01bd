import { datasetName } from '../api/agreementDatasets';
import { toApiError } from '../api/errors';
import { AUDIT_EVENTS, BUDGET_USAGE } from '../api/queries';
import type { AuditEventConnection, BudgetUsage } from '../api/queryTypes';
import type { SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { BarChart } from '../ui/BarChart';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatEpsilon } from '../ui/format';
import { ProgressBar } from '../ui/ProgressBar';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { SyntheticDatasetList } from '../synthetic/SyntheticDatasetList';
import { everyDay } from './agreementDays';

const EVENTS_SHOWN = 20;

/** One agreement in full: its terms, its budget against its limits, its use per day and its audit events. */
export function AgreementDetail({ agreement: a, onClose }: { agreement: SharingAgreement; onClose: () => void }) {
  const { request, me } = useSession();
  const loaded = useQuery(
    (signal) =>
      request<{ budgetUsage: BudgetUsage[] }>(BUDGET_USAGE, { organizationId: me.organization.id }, { signal }).then(
        (d) => d.budgetUsage.find((u) => u.agreement.id === a.id) ?? null,
      ),
    [a.id, a.budget.epsilonSpent],
  );
  // Separate: reading the trail needs the AUDITOR role, which an admin may not hold; the rest still shows.
  const events = useQuery(
    (signal) =>
      request<{ auditEvents: AuditEventConnection }>(AUDIT_EVENTS, { filter: { resourceId: a.id }, first: EVENTS_SHOWN }, { signal }).then(
        (d) => d.auditEvents,
      ),
    [a.id, a.budget.epsilonSpent, a.status],
  );
  const days = everyDay(loaded.data?.daily ?? []);
  const { budget } = a;

  return (
    <section class="card" aria-labelledby="agreement-detail-heading" data-testid="agreement-detail">
      <div class="card-head">
        <h3 id="agreement-detail-heading">
          {datasetName(a.dataset)} — {a.partner.name}
        </h3>
        <button type="button" onClick={onClose} data-testid="agreement-detail-close">
          Close
        </button>
      </div>
      <dl class="facts" data-testid="agreement-detail-terms">
        <dt>Purpose</dt>
        <dd>{a.purpose}</dd>
        <dt>Status</dt>
        <dd>{a.status}</dd>
        <dt>Columns</dt>
        <dd>{a.columns.join(', ')}</dd>
        <dt>Aggregations</dt>
        <dd>{a.allowedAggregations.join(', ')}</dd>
        <dt>ε per query</dt>
        <dd>at most {formatEpsilon(a.epsilonPerQueryMax)}</dd>
        <dt>δ</dt>
        <dd data-testid="agreement-detail-delta">
          {a.delta > 0 ? formatEpsilon(a.delta) : '0 — groups only over columns whose values are known in advance'}
        </dd>
        <dt>Synthetic data</dt>
        <dd data-testid="agreement-detail-synthetic">{a.allowSynthetic ? 'allowed' : 'not allowed'}</dd>
        <dt>Refill period</dt>
        <dd data-testid="agreement-detail-period">
          {a.budgetPeriod.toLowerCase()}
          {budget.refillsAt ? `; next refill ${formatDate(budget.refillsAt)}` : ''}
        </dd>
        <dt>Valid</dt>
        <dd>
          from {formatDate(a.validFrom)} until {a.expiresAt ? formatDate(a.expiresAt) : 'revoked'}
        </dd>
      </dl>
      <dl class="counts" data-testid="agreement-detail-budget">
        <div>
          <dt>ε spent</dt>
          <dd data-testid="agreement-detail-spent">{formatEpsilon(budget.epsilonSpent)}</dd>
        </div>
        <div>
          <dt>ε total</dt>
          <dd data-testid="agreement-detail-total">{formatEpsilon(budget.epsilonTotal)}</dd>
        </div>
        <div>
          <dt>ε remaining</dt>
          <dd data-testid="agreement-detail-remaining">{formatEpsilon(budget.epsilonRemaining)}</dd>
        </div>
      </dl>
      {/* δ is a budget of its own (partition selection for TEXT group-bys), spent and refilled with ε. */}
      <dl class="counts" data-testid="agreement-detail-delta-budget">
        <div>
          <dt>δ spent</dt>
          <dd data-testid="agreement-detail-delta-spent">{formatEpsilon(budget.deltaSpent)}</dd>
        </div>
        <div>
          <dt>δ total</dt>
          <dd data-testid="agreement-detail-delta-total">{formatEpsilon(budget.deltaTotal)}</dd>
        </div>
        <div>
          <dt>δ remaining</dt>
          <dd data-testid="agreement-detail-delta-remaining">{formatEpsilon(budget.deltaRemaining)}</dd>
        </div>
      </dl>
      <ProgressBar label="Budget used" value={budget.epsilonSpent} max={budget.epsilonTotal} />
      {loaded.loading && !loaded.data && <Spinner label="Loading its use" />}
      <ErrorBanner error={loaded.error} />
      {!loaded.loading &&
        !loaded.error &&
        (days.length === 0 ? (
          <p class="muted" data-testid="agreement-detail-no-queries">
            No query has been run under this agreement.
          </p>
        ) : (
          <BarChart
            labels={days.map((d) => d.day)}
            values={days.map((d) => d.queriesRun)}
            yLabel="Queries"
            title="Queries per day (UTC), days without queries included"
            testId="agreement-detail-daily"
          />
        ))}
      {a.allowSynthetic && (
        <section aria-label="Synthetic data made under it" data-testid="agreement-detail-synthetic-list">
          <h4>Synthetic data made under it</h4>
          <SyntheticDatasetList agreementId={a.id} datasetName={a.dataset?.name ?? 'data'} refresh={a.budget.epsilonSpent} />
        </section>
      )}
      {events.error ? (
        toApiError(events.error).code === 'FORBIDDEN' ? (
          <p class="muted" data-testid="agreement-detail-events-forbidden">
            Its audit events are shown to users with the AUDITOR role; your roles do not include it.
          </p>
        ) : (
          <ErrorBanner error={events.error} />
        )
      ) : (
        events.data && (
        <div class="table-scroll">
          <table class="compact" data-testid="agreement-detail-events">
            <caption>
              Its audit events ({Math.min(events.data.totalCount, EVENTS_SHOWN)} of {events.data.totalCount})
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {events.data.edges.map(({ node: e }) => (
                <tr key={e.id} data-testid="agreement-detail-event">
                  <td>{formatDate(e.at)}</td>
                  <td>{e.action}</td>
                  <td>{e.actor?.email ?? e.actorOrganization?.name ?? '—'}</td>
                  <td>{e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        )
      )}
    </section>
  );
}
