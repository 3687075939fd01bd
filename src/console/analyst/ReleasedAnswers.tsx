import { QUERY_HISTORY } from '../api/queries';
import type { PastQuery } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatEpsilon } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { describeJoin, describeWhere } from './queryText';

function describe(q: PastQuery['query']): string {
  if (!q) return '—';
  const aggs = q.aggregations.map((a) => (a.column ? `${a.function}(${a.column})` : `${a.function}(*)`)).join(', ');
  const by = q.groupBy.length ? ` by ${q.groupBy.join(', ')}` : '';
  return aggs + by + describeJoin(q.join) + describeWhere(q.filters);
}

/** Every answer this user was released under the agreement, kept by the server (newest first). */
export function ReleasedAnswers({ agreementId, refresh }: { agreementId: string; refresh: number }) {
  const { request } = useSession();
  const past = useQuery(
    (signal) => request<{ queryHistory: PastQuery[] }>(QUERY_HISTORY, { agreementId, first: 50 }, { signal }).then((d) => d.queryHistory),
    [agreementId, refresh],
  );
  return (
    <section class="card" aria-labelledby="released-heading" data-testid="released-answers">
      <h3 id="released-heading">My released answers under this agreement</h3>
      {past.loading && !past.data && <Spinner label="Loading your answers" />}
      <ErrorBanner error={past.error} />
      {past.data && past.data.length === 0 && <p class="muted">No answer released yet.</p>}
      {past.data && past.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Query</th>
              <th class="num">ε spent</th>
              <th class="num">Groups</th>
              <th class="num">Dataset version</th>
            </tr>
          </thead>
          <tbody>
            {past.data.map((p) => (
              <tr key={p.queryId} data-testid="released-row">
                <td>{formatDate(p.executedAt)}</td>
                <td>{describe(p.query)}</td>
                <td class="num">{formatEpsilon(p.epsilonSpent)}</td>
                <td class="num">{p.groups.length}</td>
                <td class="num">{p.datasetVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
