import { useState } from 'preact/hooks';
import { SYNTHESIZE_DATASET } from '../api/mutations';
import type { PrivacyBudget, SharingAgreement, SyntheticDataset } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { SyntheticDatasetList } from '../synthetic/SyntheticDatasetList';
import { synthesizableColumns, validateSynthesis, type SynthesisDraft } from './synthesisDraft';

interface Props {
  agreement: SharingAgreement;
  /** The agreement's budget after a synthesis, for the gauge. */
  onSpent: (budget: PrivacyBudget) => void;
}

const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

/** Request DP synthetic rows under an agreement that allows them, and download them as CSV. */
export function SyntheticDataPanel({ agreement, onSpent }: Props) {
  const { request } = useSession();
  const columns = synthesizableColumns(agreement);
  const [draft, setDraft] = useState<SynthesisDraft>(() => ({ columns: columns.map((c) => c.name), rows: '1000', epsilon: String(Math.min(1, agreement.epsilonPerQueryMax)) }));
  const [touched, setTouched] = useState(false);
  const [made, setMade] = useState(0);
  const { input, problems } = validateSynthesis(draft, agreement);
  const synthesize = useAction(async () => {
    const result = await request<{ synthesizeDataset: SyntheticDataset & { agreement: { budget: PrivacyBudget } } }>(SYNTHESIZE_DATASET, { input });
    onSpent(result.synthesizeDataset.agreement.budget);
    setMade((n) => n + 1);
  });
  const set = (patch: Partial<SynthesisDraft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <section class="card" aria-labelledby="synthetic-heading" data-testid="synthetic-panel">
      <h3 id="synthetic-heading">Synthetic data</h3>
      <p class="muted small">
        Rows generated from noisy 1- and 2-way marginals (MST). They cost ε once, from this agreement’s budget; you may then explore and
        train on them freely. At most 100,000 rows.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!problems.length) void synthesize.run();
        }}
      >
        <fieldset class="checks">
          <legend>Columns to generate</legend>
          {columns.length === 0 && <span class="muted">No shared column has a public domain (category, boolean or bounded number).</span>}
          {columns.map((c) => (
            <label key={c.name} class="check">
              <input
                type="checkbox"
                checked={draft.columns.includes(c.name)}
                onChange={(e) => set({ columns: toggle(draft.columns, c.name, e.currentTarget.checked) })}
                data-testid={`synthetic-column-${c.name}`}
              />
              {c.name}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <label class="field narrow">
            <span>Rows</span>
            <input type="number" min="1" max="100000" step="1" value={draft.rows} onInput={(e) => set({ rows: e.currentTarget.value })} data-testid="synthetic-rows" />
          </label>
          <label class="field narrow">
            <span>ε to spend</span>
            <input type="number" min="0.001" max={agreement.epsilonPerQueryMax} step="any" value={draft.epsilon} onInput={(e) => set({ epsilon: e.currentTarget.value })} data-testid="synthetic-epsilon" />
          </label>
        </div>
        {touched && problems.length > 0 && (
          <ul class="problems" role="alert" data-testid="synthetic-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <ErrorBanner error={synthesize.error} onDismiss={synthesize.clearError} />
        <div class="actions">
          <button type="submit" class="primary" disabled={synthesize.pending} data-testid="synthetic-submit">
            {synthesize.pending ? <Spinner label="Generating" /> : 'Generate synthetic data'}
          </button>
        </div>
      </form>
      <SyntheticDatasetList agreementId={agreement.id} datasetName={agreement.dataset?.name ?? 'data'} refresh={made} />
    </section>
  );
}
