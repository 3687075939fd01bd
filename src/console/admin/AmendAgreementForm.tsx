import { useState } from 'preact/hooks';
import { AMEND_AGREEMENT } from '../api/mutations';
import type { SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { formatDate } from '../ui/format';
import { FormFooter } from '../ui/FormFooter';
import { useAction } from '../ui/useAsync';
import { validateAmend, type AmendDraft } from './agreementRules';

interface Props {
  agreement: SharingAgreement;
  onAmended: (agreement: SharingAgreement) => void;
  onCancel: () => void;
}

/** Empty fields keep the current term. */
export function AmendAgreementForm({ agreement, onAmended, onCancel }: Props) {
  const { request } = useSession();
  const [draft, setDraft] = useState<AmendDraft>({ epsilonBudget: '', epsilonPerQueryMax: '', suppressBelow: '', expiresAt: '' });
  const [touched, setTouched] = useState(false);
  const { input, problems } = validateAmend(draft, agreement);
  const amend = useAction(async () => onAmended((await request<{ amendAgreement: SharingAgreement }>(AMEND_AGREEMENT, { input })).amendAgreement));
  const set = (patch: Partial<AmendDraft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <form
      noValidate
      class="amend"
      data-testid="amend-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problems.length) void amend.run();
      }}
    >
      <p class="muted small">Leave a field empty to keep the current term.</p>
      <div class="row">
        <label class="field narrow">
          <span>ε budget (now {agreement.budget.epsilonTotal})</span>
          <input
            type="number"
            min="0"
            step="any"
            value={draft.epsilonBudget}
            onInput={(e) => set({ epsilonBudget: e.currentTarget.value })}
            data-testid="amend-epsilon-budget"
          />
        </label>
        <label class="field narrow">
          <span>Max ε per query (now {agreement.epsilonPerQueryMax})</span>
          <input
            type="number"
            min="0"
            step="any"
            value={draft.epsilonPerQueryMax}
            onInput={(e) => set({ epsilonPerQueryMax: e.currentTarget.value })}
            data-testid="amend-epsilon-per-query"
          />
        </label>
        <label class="field narrow">
          <span>Suppress below (now {agreement.suppressBelow ?? 'none'})</span>
          <input
            type="number"
            min="0"
            step="1"
            value={draft.suppressBelow}
            onInput={(e) => set({ suppressBelow: e.currentTarget.value })}
            data-testid="amend-suppress"
          />
        </label>
        <label class="field">
          <span>Expires (now {agreement.expiresAt ? formatDate(agreement.expiresAt) : 'never'})</span>
          <input
            type="datetime-local"
            value={draft.expiresAt}
            onInput={(e) => set({ expiresAt: e.currentTarget.value })}
            data-testid="amend-expires"
          />
        </label>
      </div>
      <FormFooter
        problems={problems}
        touched={touched}
        action={amend}
        submitLabel="Save changes"
        pendingLabel="Saving"
        submitTestId="amend-submit"
        onCancel={onCancel}
      />
    </form>
  );
}
