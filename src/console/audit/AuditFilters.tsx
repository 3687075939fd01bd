import { useState } from 'preact/hooks';
import type { AuditFilter } from '../api/queryTypes';
import type { AuditOutcome } from '../api/types';
import { buildFilter, emptyFilter, KNOWN_ACTIONS, type FilterDraft } from './filterDraft';

interface Props {
  showOrganization: boolean;
  onApply: (filter: AuditFilter) => void;
}

export function AuditFilters({ showOrganization, onApply }: Props) {
  const [draft, setDraft] = useState<FilterDraft>(emptyFilter);
  const [problems, setProblems] = useState<string[]>([]);
  const set = (patch: Partial<FilterDraft>) => setDraft((d) => ({ ...d, ...patch }));

  function apply(next: FilterDraft) {
    const { filter, problems } = buildFilter(next);
    setProblems(problems);
    if (!problems.length) onApply(filter);
  }

  return (
    <form
      noValidate
      class="filters"
      data-testid="audit-filters"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <div class="row">
        <label class="field grow">
          <span>Actions (any of; Ctrl or ⌘ to choose several)</span>
          <select
            multiple
            size={6}
            onChange={(e) => set({ actions: Array.from(e.currentTarget.selectedOptions, (o) => o.value) })}
            data-testid="audit-filter-actions"
          >
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} selected={draft.actions.includes(a)}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label class="field narrow">
          <span>Outcome</span>
          <select
            value={draft.outcome}
            onChange={(e) => set({ outcome: e.currentTarget.value as AuditOutcome | '' })}
            data-testid="audit-filter-outcome"
          >
            <option value="">any</option>
            <option value="SUCCESS">SUCCESS</option>
            <option value="DENIED">DENIED</option>
            <option value="ERROR">ERROR</option>
          </select>
        </label>
        <label class="field">
          <span>Actor id</span>
          <input value={draft.actorId} onInput={(e) => set({ actorId: e.currentTarget.value })} data-testid="audit-filter-actor" />
        </label>
        <label class="field">
          <span>Resource id</span>
          <input value={draft.resourceId} onInput={(e) => set({ resourceId: e.currentTarget.value })} data-testid="audit-filter-resource" />
        </label>
        {showOrganization && (
          <label class="field">
            <span>Organization id</span>
            <input
              value={draft.organizationId}
              onInput={(e) => set({ organizationId: e.currentTarget.value })}
              data-testid="audit-filter-organization"
            />
          </label>
        )}
        <label class="field">
          <span>From</span>
          <input type="datetime-local" value={draft.from} onInput={(e) => set({ from: e.currentTarget.value })} data-testid="audit-filter-from" />
        </label>
        <label class="field">
          <span>To</span>
          <input type="datetime-local" value={draft.to} onInput={(e) => set({ to: e.currentTarget.value })} data-testid="audit-filter-to" />
        </label>
      </div>
      {problems.length > 0 && (
        <ul class="problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="submit" class="primary" data-testid="audit-filter-apply">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(emptyFilter());
            apply(emptyFilter());
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
