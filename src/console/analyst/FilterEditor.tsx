import { FILTER_OPS, type DatasetColumn, type FilterOp } from '../api/types';
import type { FilterDraft } from './builderState';
import { OP_TEXT } from './queryText';

interface Props {
  index: number;
  draft: FilterDraft;
  columns: DatasetColumn[];
  onChange: (draft: FilterDraft) => void;
  onRemove: () => void;
}

export function FilterEditor({ index, draft, columns, onChange, onRemove }: Props) {
  const column = columns.find((c) => c.name === draft.column);
  const needsValue = draft.op !== 'IS_NULL' && draft.op !== 'NOT_NULL';
  const listId = `filter-values-${index}`;
  const suggestions = column?.type === 'BOOLEAN' ? ['true', 'false'] : column?.categories ?? [];
  const n = index + 1;

  return (
    <fieldset class="row-editor" data-testid="qb-filter">
      <legend class="visually-hidden">Filter {n}</legend>
      <label class="field">
        <span>Filter {n} column</span>
        <select value={draft.column} onChange={(e) => onChange({ ...draft, column: e.currentTarget.value })} data-testid="qb-filter-column">
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field narrow">
        <span>Operator</span>
        <select value={draft.op} onChange={(e) => onChange({ ...draft, op: e.currentTarget.value as FilterOp })} data-testid="qb-filter-op">
          {FILTER_OPS.map((op) => (
            <option key={op} value={op}>
              {OP_TEXT[op]}
            </option>
          ))}
        </select>
      </label>
      {needsValue && (
        <label class="field">
          <span>{draft.op === 'IN' ? 'Values (comma-separated)' : 'Value'}</span>
          <input
            type="text"
            list={suggestions.length ? listId : undefined}
            value={draft.value}
            placeholder={column?.type === 'DATE' ? 'YYYY-MM-DD' : undefined}
            onInput={(e) => onChange({ ...draft, value: e.currentTarget.value })}
            data-testid="qb-filter-value"
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </label>
      )}
      <button type="button" class="link" onClick={onRemove} aria-label={`Remove filter ${n}`}>
        Remove
      </button>
    </fieldset>
  );
}
