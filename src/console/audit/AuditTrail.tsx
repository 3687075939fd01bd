import { useState } from 'preact/hooks';
import { AUDIT_EVENTS } from '../api/queries';
import type { AuditEventConnection, AuditFilter } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { AuditEventRow } from './AuditEventRow';

const PAGE_SIZES = [10, 25, 50, 100, 500];

interface Props {
  filter: AuditFilter;
  /** Kept by the parent, so a new filter keeps the chosen page size. */
  pageSize: number;
  onPageSizeChange: (pageSize: number) => void;
}

/** One page of events; the parent re-mounts it (key) when the filter changes, which returns to page 1. */
export function AuditTrail({ filter, pageSize, onPageSizeChange }: Props) {
  const { request } = useSession();
  // Cursors of the pages visited so far: "Previous page" pops, "Next page" pushes endCursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery(
    (signal) =>
      request<{ auditEvents: AuditEventConnection }>(AUDIT_EVENTS, { filter, first: pageSize, after }, { signal }).then((d) => d.auditEvents),
    [after, pageSize],
  );
  const data = page.data;
  const firstIndex = (cursors.length - 1) * pageSize;

  return (
    <section aria-labelledby="trail-heading" data-testid="audit-trail">
      <div class="section-head">
        <h3 id="trail-heading">Events</h3>
        {data && (
          <span class="muted" data-testid="audit-total">
            {data.edges.length ? `${firstIndex + 1}–${firstIndex + data.edges.length} of ` : ''}
            {data.totalCount.toLocaleString()} events
          </span>
        )}
        {page.loading && <Spinner label="Loading events" />}
      </div>
      <ErrorBanner error={page.error} />
      {data && data.edges.length === 0 && <p class="muted">No event matches these filters.</p>}
      {data && data.edges.length > 0 && (
        <div class="table-scroll">
          <table data-testid="audit-table" aria-busy={page.loading}>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Seq
                </th>
                <th scope="col">At</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {data.edges.map(({ node }) => (
                <AuditEventRow key={node.id} event={node} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions pager">
        <button type="button" disabled={cursors.length === 1 || page.loading} onClick={() => setCursors([null])} data-testid="audit-first-page">
          First page
        </button>
        <button
          type="button"
          disabled={cursors.length === 1 || page.loading}
          onClick={() => setCursors((c) => c.slice(0, -1))}
          data-testid="audit-prev-page"
        >
          Previous page
        </button>
        <button
          type="button"
          disabled={!data?.pageInfo.hasNextPage || page.loading}
          onClick={() => data?.pageInfo.endCursor && setCursors((c) => [...c, data.pageInfo.endCursor])}
          data-testid="audit-next-page"
        >
          Next page
        </button>
        <label class="field inline">
          <span>Per page</span>
          <select
            value={pageSize}
            onChange={(e) => {
              onPageSizeChange(Number(e.currentTarget.value));
              setCursors([null]);
            }}
            data-testid="audit-page-size"
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
