import type { DatasetColumn } from '../api/types';

interface Props {
  columns: DatasetColumn[];
  selected: string[];
  onChange: (selected: string[]) => void;
  textAllowed: boolean;
}

/** Group-by columns keep the order in which they were ticked; the result keys follow it. */
export function GroupByPicker({ columns, selected, onChange, textAllowed }: Props) {
  function toggle(name: string, on: boolean) {
    onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  }
  return (
    <fieldset class="group-by" data-testid="qb-groupby">
      <legend>Group by</legend>
      {columns.length === 0 && <p class="muted">No column of this agreement can be grouped on.</p>}
      {columns.map((c) => (
        <label key={c.name} class="check">
          <input
            type="checkbox"
            checked={selected.includes(c.name)}
            onChange={(e) => toggle(c.name, e.currentTarget.checked)}
            data-testid={`qb-groupby-${c.name}`}
          />
          {c.name}
          {c.type === 'TEXT' && <small class="muted"> (free text: groups found by DP partition selection)</small>}
        </label>
      ))}
      {selected.length > 1 && <p class="muted">Order: {selected.join(' → ')}</p>}
      {!textAllowed && <p class="muted">Free-text columns cannot be grouped on: this agreement's δ is 0.</p>}
    </fieldset>
  );
}
