// A released answer as a table people read and export: one row per group, one column per
// aggregation (and per bin of a histogram), each cell the noisy value with its ± 95% bound.
import type { AggregateResult, NoisyValue } from '../api/queryTypes';
import { aggregationLabel } from './builderState';

export interface ResultColumn { label: string; mechanism: string }
export interface ResultCell { value: number; error: number }
export interface ResultRow { key: (string | null)[]; cells: (ResultCell | null)[] }
export interface ResultTable { columns: ResultColumn[]; rows: ResultRow[]; hasNullKey: boolean }

export function valueLabel(v: NoisyValue): string {
  const base = aggregationLabel(v);
  return v.bin === null ? base : `${base} ${v.bin}`;
}

export function pivotResult(result: AggregateResult): ResultTable {
  const columns: ResultColumn[] = [];
  const index = new Map<string, number>();
  for (const g of result.groups) {
    for (const v of g.values) {
      const label = valueLabel(v);
      if (!index.has(label)) {
        index.set(label, columns.length);
        columns.push({ label, mechanism: v.mechanism });
      }
    }
  }
  const rows = result.groups.map((g) => {
    const cells: (ResultCell | null)[] = columns.map(() => null);
    for (const v of g.values) cells[index.get(valueLabel(v))!] = { value: v.value, error: v.errorBound95 };
    return { key: g.key, cells };
  });
  return { columns, rows, hasNullKey: result.groups.some((g) => g.key.some((k) => k === null)) };
}

/** The table as records: a header, then one line per group; values unrounded, so nothing is lost on export. */
export function tableRecords(table: ResultTable, groupBy: string[]): string[][] {
  const header = [...groupBy, ...table.columns.flatMap((c) => [c.label, `${c.label} ± 95%`])];
  const lines = table.rows.map((r) => [
    ...r.key.map((k) => k ?? ''),
    ...r.cells.flatMap((c) => (c ? [String(c.value), String(c.error)] : ['', ''])),
  ]);
  return [header, ...lines];
}

function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** RFC 4180 CSV. */
export function toCsv(records: string[][]): string {
  return records.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Tab-separated, which spreadsheets paste into cells. */
export function toTsv(records: string[][]): string {
  return records.map((r) => r.map((f) => f.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n') + '\n';
}
