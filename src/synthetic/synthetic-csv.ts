import type { RandomSource } from '../privacy';
import { valueOf, type ColumnDomain } from './synthetic-domain';

/** Rows per stored chunk: the download streams chunk by chunk, never the whole dataset at once. */
export const ROWS_PER_CHUNK = 1000;

/** RFC 4180 quoting, only where needed. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: readonly string[]): string {
  return columns.map(csvField).join(',') + '\n';
}

/** The synthetic rows as CSV text in chunks of ROWS_PER_CHUNK lines (no header). */
export function csvChunks(domains: readonly ColumnDomain[], cells: readonly Int32Array[], rng: RandomSource): string[] {
  const rows = cells[0]?.length ?? 0;
  const chunks: string[] = [];
  for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(rows, start + ROWS_PER_CHUNK); r += 1) {
      lines.push(domains.map((d, c) => csvField(valueOf(d, cells[c]![r]!, rng))).join(','));
    }
    chunks.push(lines.join('\n') + '\n');
  }
  return chunks;
}
