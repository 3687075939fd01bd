// Cumulative ε spent per partner over time, rebuilt from QUERY_EXECUTED audit events.
// The contract does not fix the shape of `details`, so only events that name an ε and an
// agreement this organization knows are counted, and the caller says how many were not.
import type { AuditEvent } from '../api/queryTypes';

export interface Timeline {
  xs: number[];
  series: { label: string; values: number[] }[];
  counted: number;
  skipped: number;
}

function field(details: unknown, ...names: string[]): unknown {
  if (typeof details !== 'object' || details === null) return undefined;
  const record = details as Record<string, unknown>;
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
}

export function epsilonOf(event: AuditEvent): number | undefined {
  if (field(event.details, 'cached') === true) return 0;
  const value = field(event.details, 'epsilonSpent', 'epsilon');
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function agreementOf(event: AuditEvent, known: Map<string, string>): string | undefined {
  const fromDetails = field(event.details, 'agreementId');
  if (typeof fromDetails === 'string' && known.has(fromDetails)) return fromDetails;
  return event.resourceId && known.has(event.resourceId) ? event.resourceId : undefined;
}

/**
 * `partnerByAgreement` maps agreement id → partner name. The lines start at zero just before the
 * first counted query and run on to `now`, so even a single query draws as a step, not a dot.
 */
export function buildTimeline(events: AuditEvent[], partnerByAgreement: Map<string, string>, now = Date.now()): Timeline {
  const partners = [...new Set(partnerByAgreement.values())].sort();
  const totals = new Map(partners.map((p) => [p, 0]));
  const xs: number[] = [];
  const columns = partners.map(() => [] as number[]);
  let skipped = 0;

  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const epsilon = epsilonOf(event);
    const agreementId = agreementOf(event, partnerByAgreement);
    if (epsilon === undefined || agreementId === undefined) {
      skipped += 1;
      continue;
    }
    const partner = partnerByAgreement.get(agreementId)!;
    totals.set(partner, totals.get(partner)! + epsilon);
    xs.push(new Date(event.at).getTime() / 1000);
    partners.forEach((p, i) => columns[i]!.push(totals.get(p)!));
  }
  const counted = xs.length;
  if (counted > 0) {
    xs.unshift(xs[0]! - 1);
    columns.forEach((c) => c.unshift(0));
    const end = now / 1000;
    if (end > xs[xs.length - 1]!) {
      xs.push(end);
      columns.forEach((c) => c.push(c[c.length - 1]!));
    }
  }
  return { xs, series: partners.map((label, i) => ({ label, values: columns[i]! })), counted, skipped };
}
