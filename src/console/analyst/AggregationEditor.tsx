import type { AggregateFunction, DatasetColumn } from '../api/types';
import { columnsFor, isNumeric, NEEDS_COLUMN, type AggregationDraft } from './builderState';

interface Props {
  index: number;
  draft: AggregationDraft;
  allowed: AggregateFunction[];
  columns: DatasetColumn[];
  onChange: (draft: AggregationDraft) => void;
  onRemove?: () => void;
}

export function AggregationEditor({ index, draft, allowed, columns, onChange, onRemove }: Props) {
  const candidates = columnsFor(draft.fn, columns);
  const column = columns.find((c) => c.name === draft.column);
  const n = index + 1;

  function setFunction(fn: AggregateFunction) {
    const stillValid = columnsFor(fn, columns).some((c) => c.name === draft.column);
    onChange({ ...draft, fn, column: stillValid ? draft.column : columnsFor(fn, columns)[0]?.name ?? '' });
  }

  return (
    <fieldset class="row-editor" data-testid="qb-aggregation">
      <legend class="visually-hidden">Aggregation {n}</legend>
      <label class="field">
        <span>Aggregation {n}</span>
        <select value={draft.fn} onChange={(e) => setFunction(e.currentTarget.value as AggregateFunction)} data-testid="qb-agg-function">
          {allowed.map((fn) => (
            <option key={fn} value={fn}>
              {fn}
            </option>
          ))}
        </select>
      </label>
      {NEEDS_COLUMN.includes(draft.fn) && (
        <label class="field">
          <span>Column</span>
          <select value={draft.column} onChange={(e) => onChange({ ...draft, column: e.currentTarget.value })} data-testid="qb-agg-column">
            {candidates.length === 0 && <option value="">No suitable column</option>}
            {candidates.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type.toLowerCase()})
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.fn === 'QUANTILE' && (
        <label class="field narrow">
          <span>Quantile (0–1)</span>
          <input
            type="number"
            min="0"
            max="1"
            step="0.01"
            value={draft.quantile}
            onInput={(e) => onChange({ ...draft, quantile: e.currentTarget.value })}
            data-testid="qb-agg-quantile"
          />
        </label>
      )}
      {draft.fn === 'HISTOGRAM' && isNumeric(column) && (
        <label class="field">
          <span>Bin edges (ascending)</span>
          <input
            type="text"
            inputMode="decimal"
            placeholder={column?.lowerBound != null && column.upperBound != null ? `${column.lowerBound}, …, ${column.upperBound}` : '0, 10, 20, 30'}
            value={draft.bins}
            onInput={(e) => onChange({ ...draft, bins: e.currentTarget.value })}
            data-testid="qb-agg-bins"
          />
        </label>
      )}
      {onRemove && (
        <button type="button" class="link" onClick={onRemove} aria-label={`Remove aggregation ${n}`}>
          Remove
        </button>
      )}
    </fieldset>
  );
}
