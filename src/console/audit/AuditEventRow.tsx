import { useState } from 'preact/hooks';
import type { AuditEvent } from '../api/queryTypes';
import { formatDate, shortId } from '../ui/format';
import { JsonView } from '../ui/JsonView';

const COLUMNS = 6;

export function AuditEventRow({ event: e }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-testid="audit-row" data-seq={e.seq} class={`outcome-${e.outcome.toLowerCase()}`}>
        <td class="num">
          <button type="button" class="link" aria-expanded={open} onClick={() => setOpen((x) => !x)} data-testid="audit-row-toggle">
            {open ? '▾' : '▸'} {e.seq}
          </button>
        </td>
        <td>{formatDate(e.at)}</td>
        <td>
          {e.actor?.email ?? (e.actorId ? <code title={e.actorId}>{shortId(e.actorId)}</code> : <span class="muted">anonymous</span>)}
          {e.actorOrganization && <div class="muted small">{e.actorOrganization.name}</div>}
        </td>
        <td>{e.action}</td>
        <td>
          {e.resourceType ?? '—'} {e.resourceId && <code title={e.resourceId}>{shortId(e.resourceId)}</code>}
        </td>
        <td>
          <span class={`status outcome-${e.outcome.toLowerCase()}`}>{e.outcome}</span>
        </td>
      </tr>
      {open && (
        <tr class="expansion" data-testid="audit-row-details">
          <td colSpan={COLUMNS}>
            <dl class="facts">
              <dt>Event id</dt>
              <dd>
                <code>{e.id}</code>
              </dd>
              <dt>Actor id</dt>
              <dd>
                <code>{e.actorId ?? 'null'}</code>
              </dd>
              <dt>Actor organization id</dt>
              <dd>
                <code>{e.actorOrganizationId ?? 'null'}</code>
              </dd>
              <dt>Resource id</dt>
              <dd>
                <code>{e.resourceId ?? 'null'}</code>
              </dd>
              <dt>Previous hash</dt>
              <dd>
                <code class="hash">{e.prevHash}</code>
              </dd>
              <dt>Hash</dt>
              <dd>
                <code class="hash" data-testid="audit-hash">
                  {e.hash}
                </code>
              </dd>
            </dl>
            <JsonView value={e.details} label="Event details" />
          </td>
        </tr>
      )}
    </>
  );
}
