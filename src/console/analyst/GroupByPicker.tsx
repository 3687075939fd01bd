import type { DatasetColumn, SharingAgreement } from '../api/types';
import { groupByCandidates, groupByRefusal } from './builderState';
import { isJoinedName } from './joinState';

interface Props {
  agreement: SharingAgreement;
  selected: string[];
  onChange: (selected: string[]) => void;
  /** Columns of a joined dataset of the analyst's own (alias.column). */
  joined?: DatasetColumn[];
}

/**
 * Group-by columns keep the order in which they were ticked; the result keys follow it. A column
 * the server would refuse is shown disabled with the reason, so nobody has to run a query to learn it.
 */
export function GroupByPicker({ agreement, selected, onChange, joined = [] }: Props) {
  const columns: DatasetColumn[] = [...groupByCandidates(agreement), ...joined];
  function toggle(name: string, on: boolean) {
    onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  }
  return (
    <fieldset class="group-by" data-testid="qb-groupby">
      <legend>Group by</legend>
      {columns.length === 0 && <p class="muted">No column of this agreement can be grouped on.</p>}
      {columns.map((c) => {
        const refusal = groupByRefusal(c, agreement);
        return (
          <label key={c.name} class="check">
            <input
              type="checkbox"
              checked={selected.includes(c.name)}
              disabled={refusal !== null}
              aria-describedby={refusal ? `groupby-why-${c.name}` : undefined}
              onChange={(e) => toggle(c.name, e.currentTarget.checked)}
              data-testid={`qb-groupby-${c.name}`}
            />
            {c.name}
            {refusal ? (
              <small class="muted" id={`groupby-why-${c.name}`} data-testid={`qb-groupby-why-${c.name}`}>
                {' '}
                — not available: {refusal}
              </small>
            ) : isJoinedName(c.name) ? (
              <small class="muted"> (your dataset: one group per value it holds)</small>
            ) : (
              c.type === 'TEXT' && <small class="muted"> (free text: groups found by DP partition selection)</small>
            )}
          </label>
        );
      })}
      {selected.length > 1 && <p class="muted">Order: {selected.join(' → ')}</p>}
    </fieldset>
  );
}
