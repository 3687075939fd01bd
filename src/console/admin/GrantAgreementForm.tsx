import { useState } from 'preact/hooks';
import { GRANT_AGREEMENT } from '../api/mutations';
import {
  AGGREGATE_FUNCTIONS,
  BUDGET_PERIODS,
  type AggregateFunction,
  type BudgetPeriod,
  type Dataset,
  type Organization,
  type SharingAgreement,
} from '../api/types';
import { useSession } from '../auth/session';
import { FormFooter } from '../ui/FormFooter';
import { useAction } from '../ui/useAsync';
import { shareableColumns, validateGrant, type GrantDraft } from './agreementRules';

interface Props {
  datasets: Dataset[];
  partners: Organization[];
  onGranted: (agreement: SharingAgreement) => void;
  onCancel: () => void;
}

const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

export function GrantAgreementForm({ datasets, partners, onGranted, onCancel }: Props) {
  const { request } = useSession();
  const [draft, setDraft] = useState<GrantDraft>(() => ({
    datasetId: datasets[0]?.id ?? '',
    partnerOrganizationId: '',
    purpose: '',
    columns: [],
    allowedAggregations: ['COUNT'],
    epsilonBudget: '10',
    epsilonPerQueryMax: '1',
    delta: '0',
    budgetPeriod: 'NEVER',
    suppressBelow: '',
    expiresAt: '',
    allowSynthetic: false,
  }));
  const [touched, setTouched] = useState(false);
  const dataset = datasets.find((d) => d.id === draft.datasetId);
  const { input, problems } = validateGrant(draft, datasets, partners.map((p) => p.id));
  const grant = useAction(async () => onGranted((await request<{ grantAgreement: SharingAgreement }>(GRANT_AGREEMENT, { input })).grantAgreement));
  const set = (patch: Partial<GrantDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const shareable = shareableColumns(dataset);

  return (
    <form
      noValidate
      class="card"
      data-testid="grant-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problems.length) void grant.run();
      }}
    >
      <h3>Grant an agreement</h3>
      <div class="row">
        <label class="field">
          <span>Dataset</span>
          <select value={draft.datasetId} onChange={(e) => set({ datasetId: e.currentTarget.value, columns: [] })} data-testid="grant-dataset">
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Partner organization</span>
          <select
            value={draft.partnerOrganizationId}
            onChange={(e) => set({ partnerOrganizationId: e.currentTarget.value })}
            data-testid="grant-partner"
          >
            <option value="">Choose…</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.slug})
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="field">
        <span>Purpose</span>
        <textarea rows={2} value={draft.purpose} onInput={(e) => set({ purpose: e.currentTarget.value })} data-testid="grant-purpose" />
      </label>
      <fieldset class="checks" data-testid="grant-columns">
        <legend>Columns the partner may use</legend>
        {dataset?.columns.map((c) => (
          <label key={c.name} class="check">
            <input
              type="checkbox"
              disabled={!shareable.includes(c.name)}
              checked={draft.columns.includes(c.name)}
              onChange={(e) => set({ columns: toggle(draft.columns, c.name, e.currentTarget.checked) })}
              data-testid={`grant-column-${c.name}`}
            />
            {c.name}
            {c.sensitivity === 'IDENTIFIER' && <small class="muted"> (identifier: never shared)</small>}
          </label>
        ))}
      </fieldset>
      <fieldset class="checks" data-testid="grant-aggregations">
        <legend>Allowed aggregations</legend>
        {AGGREGATE_FUNCTIONS.map((fn) => (
          <label key={fn} class="check">
            <input
              type="checkbox"
              checked={draft.allowedAggregations.includes(fn)}
              onChange={(e) => set({ allowedAggregations: toggle<AggregateFunction>(draft.allowedAggregations, fn, e.currentTarget.checked) })}
              data-testid={`grant-aggregation-${fn}`}
            />
            {fn}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={draft.allowSynthetic}
          onChange={(e) => set({ allowSynthetic: e.currentTarget.checked })}
          data-testid="grant-allow-synthetic"
        />
        Allow DP synthetic data: the partner may generate rows from the shared columns, spending ε from this budget
      </label>
      <div class="row">
        <label class="field narrow">
          <span>ε budget per period</span>
          <input
            type="number"
            min="0"
            step="any"
            value={draft.epsilonBudget}
            onInput={(e) => set({ epsilonBudget: e.currentTarget.value })}
            data-testid="grant-epsilon-budget"
          />
        </label>
        <label class="field narrow">
          <span>Max ε per query</span>
          <input
            type="number"
            min="0"
            step="any"
            value={draft.epsilonPerQueryMax}
            onInput={(e) => set({ epsilonPerQueryMax: e.currentTarget.value })}
            data-testid="grant-epsilon-per-query"
          />
        </label>
        <label class="field narrow">
          <span>Budget refills</span>
          <select
            value={draft.budgetPeriod}
            onChange={(e) => set({ budgetPeriod: e.currentTarget.value as BudgetPeriod })}
            data-testid="grant-period"
          >
            {BUDGET_PERIODS.map((p) => (
              <option key={p} value={p}>
                {p === 'NEVER' ? 'never' : p.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label class="field narrow">
          <span>δ (free-text group-bys)</span>
          <input
            type="number"
            min="0"
            max="1"
            step="any"
            value={draft.delta}
            onInput={(e) => set({ delta: e.currentTarget.value })}
            data-testid="grant-delta"
          />
        </label>
        <label class="field narrow">
          <span>Suppress groups below</span>
          <input
            type="number"
            min="0"
            step="1"
            value={draft.suppressBelow}
            onInput={(e) => set({ suppressBelow: e.currentTarget.value })}
            data-testid="grant-suppress"
          />
        </label>
        <label class="field">
          <span>Expires (optional)</span>
          <input
            type="datetime-local"
            value={draft.expiresAt}
            onInput={(e) => set({ expiresAt: e.currentTarget.value })}
            data-testid="grant-expires"
          />
        </label>
      </div>
      <FormFooter
        problems={problems}
        touched={touched}
        action={grant}
        submitLabel="Grant"
        pendingLabel="Granting"
        submitTestId="grant-submit"
        onCancel={onCancel}
      />
    </form>
  );
}
