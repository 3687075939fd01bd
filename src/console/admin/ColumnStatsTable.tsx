import { formatNumber } from '../ui/format';
import { JsonView } from '../ui/JsonView';

type Row = Record<string, unknown>;

/** columnStats is free-form JSON; the usual shape is { column: { statName: number } } or a list of such rows. */
function toRows(stats: unknown): [string, Row][] | null {
  if (Array.isArray(stats)) {
    if (!stats.every((s) => typeof s === 'object' && s !== null)) return null;
    return stats.map((s: Row, i) => [String(s.column ?? s.name ?? i + 1), s]);
  }
  if (typeof stats !== 'object' || stats === null) return null;
  const entries = Object.entries(stats as Row);
  if (!entries.every(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v))) return null;
  return entries as [string, Row][];
}

function cell(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Statistics in a fixed order, whatever order the JSON happens to hold them in, so the same report
// always reads the same way; names not listed here follow alphabetically.
const STAT_ORDER = ['type', 'count', 'nulls', 'distinct', 'min', 'max', 'mean'];

function statRank(key: string): number {
  const i = STAT_ORDER.indexOf(key);
  return i === -1 ? STAT_ORDER.length : i;
}

/** Rows follow the dataset's column order (`columnOrder`); columns the dataset does not list go last. */
export function ColumnStatsTable({ stats, columnOrder = [] }: { stats: unknown; columnOrder?: string[] }) {
  const found = toRows(stats);
  if (!found) return <JsonView value={stats} label="Column statistics" />;
  if (found.length === 0) return <p class="muted">No column statistics.</p>;
  const position = (name: string) => (columnOrder.includes(name) ? columnOrder.indexOf(name) : columnOrder.length);
  const rows = [...found].sort(([a], [b]) => position(a) - position(b) || a.localeCompare(b));
  const keys = [...new Set(rows.flatMap(([, r]) => Object.keys(r)))]
    .filter((k) => k !== 'column' && k !== 'name')
    .sort((a, b) => statRank(a) - statRank(b) || a.localeCompare(b));
  return (
    <div class="table-scroll">
      <table class="compact" data-testid="column-stats">
        <caption>Per column</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            {keys.map((k) => (
              <th key={k} scope="col" class="num">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, r]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {keys.map((k) => (
                <td key={k} class="num">
                  {cell(r[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
