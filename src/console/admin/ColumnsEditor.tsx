import { COLUMN_TYPES, SENSITIVITIES, type ColumnType, type Sensitivity } from '../api/types';
import { emptyColumn, type ColumnDraft } from './datasetDraft';

interface Props {
  columns: ColumnDraft[];
  onChange: (columns: ColumnDraft[]) => void;
}

export function ColumnsEditor({ columns, onChange }: Props) {
  const set = (i: number, patch: Partial<ColumnDraft>) => onChange(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset class="stack" data-testid="columns-editor">
      <legend>Columns</legend>
      {columns.map((c, i) => {
        const n = i + 1;
        const numeric = c.type === 'INTEGER' || c.type === 'FLOAT';
        return (
          <fieldset key={i} class="row-editor" data-testid="column-row">
            <legend class="visually-hidden">Column {n}</legend>
            <label class="field">
              <span>Column {n} name</span>
              <input value={c.name} onInput={(e) => set(i, { name: e.currentTarget.value })} required data-testid="column-name" />
            </label>
            <label class="field narrow">
              <span>Type</span>
              <select value={c.type} onChange={(e) => set(i, { type: e.currentTarget.value as ColumnType })} data-testid="column-type">
                {COLUMN_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label class="field narrow">
              <span>Sensitivity</span>
              <select
                value={c.sensitivity}
                onChange={(e) => set(i, { sensitivity: e.currentTarget.value as Sensitivity })}
                data-testid="column-sensitivity"
              >
                {SENSITIVITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={c.nullable}
                onChange={(e) => set(i, { nullable: e.currentTarget.checked })}
                data-testid="column-nullable"
              />
              May be empty
            </label>
            {numeric && (
              <>
                <label class="field narrow">
                  <span>Lower bound</span>
                  <input
                    type="number"
                    step="any"
                    value={c.lowerBound}
                    onInput={(e) => set(i, { lowerBound: e.currentTarget.value })}
                    data-testid="column-lower"
                  />
                </label>
                <label class="field narrow">
                  <span>Upper bound</span>
                  <input
                    type="number"
                    step="any"
                    value={c.upperBound}
                    onInput={(e) => set(i, { upperBound: e.currentTarget.value })}
                    data-testid="column-upper"
                  />
                </label>
              </>
            )}
            {c.type === 'CATEGORY' && (
              <label class="field grow">
                <span>Categories (comma-separated)</span>
                <input value={c.categories} onInput={(e) => set(i, { categories: e.currentTarget.value })} data-testid="column-categories" />
              </label>
            )}
            <button
              type="button"
              class="link"
              disabled={columns.length === 1}
              onClick={() => onChange(columns.filter((_, j) => j !== i))}
              aria-label={`Remove column ${n}`}
            >
              Remove
            </button>
          </fieldset>
        );
      })}
      <p class="muted small">
        Bounds clamp numeric values and set how much noise SUM, MEAN and QUANTILE need. IDENTIFIER columns are pseudonymized at ingest.
      </p>
      <button type="button" onClick={() => onChange([...columns, emptyColumn()])} data-testid="add-column">
        Add column
      </button>
    </fieldset>
  );
}
