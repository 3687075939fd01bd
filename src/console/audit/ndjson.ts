// NDJSON export lines with the AuditEvent field names, in the order the CLI's `audit export` writes them.
import type { AuditEvent } from '../api/queryTypes';

const FIELDS = [
  'seq',
  'at',
  'actorId',
  'actorOrganizationId',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'details',
  'prevHash',
  'hash',
] as const;

export function toNdjsonLine(event: AuditEvent): string {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) record[field] = event[field] ?? null;
  return `${JSON.stringify(record)}\n`;
}

export function downloadBlob(parts: BlobPart[], filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start reading the blob only after the click handler returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
