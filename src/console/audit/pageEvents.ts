// Walks auditEvents page by page (ascending seq), for exports and timelines.
import type { Request } from '../api/client';
import { ApiError } from '../api/errors';
import { AUDIT_EVENTS } from '../api/queries';
import type { AuditEvent, AuditEventConnection, AuditFilter } from '../api/queryTypes';

export const MAX_PAGE_SIZE = 500;

export interface PageProgress { loaded: number; total: number }

export async function* pageAuditEvents(
  request: Request,
  filter: AuditFilter,
  signal: AbortSignal,
  onProgress: (progress: PageProgress) => void,
): AsyncGenerator<AuditEvent[]> {
  let after: string | null = null;
  let loaded = 0;
  for (;;) {
    if (signal.aborted) throw new ApiError('ABORTED', 'Cancelled');
    const { auditEvents }: { auditEvents: AuditEventConnection } = await request(
      AUDIT_EVENTS,
      { filter, first: MAX_PAGE_SIZE, after },
      { signal },
    );
    const events = auditEvents.edges.map((e) => e.node);
    loaded += events.length;
    onProgress({ loaded, total: Math.max(auditEvents.totalCount, loaded) });
    yield events;
    if (!auditEvents.pageInfo.hasNextPage || !auditEvents.pageInfo.endCursor || events.length === 0) return;
    after = auditEvents.pageInfo.endCursor;
  }
}
