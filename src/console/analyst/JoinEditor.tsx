import type { Dataset, SharingAgreement } from '../api/types';
import { identifierColumns, initialJoin, joinableDatasets, type JoinDraft } from './joinState';

interface Props {
  agreement: SharingAgreement;
  own: Dataset[];
  join: JoinDraft | null;
  onChange: (join: JoinDraft | null) => void;
}

/**
 * Clean-room join: match one of my organization's datasets to the shared one on an identifier the
 * owner allowed. Shown only when the agreement lists join columns.
 */
export function JoinEditor({ agreement, own, join, onChange }: Props) {
  if (agreement.joinColumns.length === 0) return null;
  const candidates = joinableDatasets(own);
  const dataset = candidates.find((d) => d.id === join?.datasetId);
  return (
    <fieldset class="stack" data-testid="qb-join">
      <legend>Join my data</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={join !== null}
          disabled={candidates.length === 0}
          onChange={(e) => onChange(e.currentTarget.checked ? initialJoin(agreement, own) : null)}
          data-testid="qb-join-toggle"
        />
        Join one of my organization’s datasets
      </label>
      {candidates.length === 0 && <p class="muted">Your organization has no dataset with an IDENTIFIER column to join.</p>}
      {join && (
        <>
          <div class="row-editor">
            <label class="field">
              <span>My dataset</span>
              <select
                value={join.datasetId}
                onChange={(e) => {
                  const next = candidates.find((d) => d.id === e.currentTarget.value);
                  onChange({ ...join, datasetId: e.currentTarget.value, otherOn: identifierColumns(next)[0]?.name ?? '' });
                }}
                data-testid="qb-join-dataset"
              >
                {candidates.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Alias</span>
              <input value={join.alias} onInput={(e) => onChange({ ...join, alias: e.currentTarget.value.trim() })} data-testid="qb-join-alias" />
            </label>
            <label class="field">
              <span>Shared identifier</span>
              <select value={join.on} onChange={(e) => onChange({ ...join, on: e.currentTarget.value })} data-testid="qb-join-on">
                {agreement.joinColumns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>My identifier</span>
              <select value={join.otherOn} onChange={(e) => onChange({ ...join, otherOn: e.currentTarget.value })} data-testid="qb-join-other-on">
                {identifierColumns(dataset).map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p class="muted small">
            Rows match when the identifiers are equal (both sides are pseudonymized with the same key, after trimming). Your columns are
            offered below as {join.alias || 'alias'}.column. However often your dataset repeats someone, a person of the shared dataset
            counts at most its rows-per-person limit; COUNT_DISTINCT_UNITS is the size of the overlap.
          </p>
        </>
      )}
    </fieldset>
  );
}
