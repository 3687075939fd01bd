import { datasetName } from '../api/agreementDatasets';
import { useState } from 'preact/hooks';
import { RESUME_AGREEMENT, REVOKE_AGREEMENT, SUSPEND_AGREEMENT } from '../api/mutations';
import type { SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatEpsilon } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { AmendAgreementForm } from './AmendAgreementForm';

interface Props {
  agreement: SharingAgreement;
  onChanged: (agreement: SharingAgreement) => void;
  onOpen: (id: string) => void;
}

const COLUMNS = 7;

export function AgreementRow({ agreement: a, onChanged, onOpen }: Props) {
  const { request } = useSession();
  const [amending, setAmending] = useState(false);
  const change = useAction(async (mutation: string, field: string) => {
    const data = await request<Record<string, SharingAgreement>>(mutation, { id: a.id });
    onChanged(data[field]!);
  });
  const open = a.status === 'ACTIVE' || a.status === 'SUSPENDED';

  return (
    <>
      <tr data-testid="agreement-row" data-agreement-id={a.id} data-status={a.status}>
        <th scope="row">
          <a
            href="#agreements"
            onClick={(e) => {
              e.preventDefault();
              onOpen(a.id);
            }}
            data-testid="agreement-open"
          >
            {datasetName(a.dataset)}
          </a>
        </th>
        <td>{a.partner.name}</td>
        <td>
          <span class={`status status-${a.status.toLowerCase()}`} data-testid="agreement-status">
            {a.status}
          </span>
        </td>
        <td>{a.purpose}</td>
        <td class="num">
          {formatEpsilon(a.budget.epsilonSpent)} / {formatEpsilon(a.budget.epsilonTotal)}
          <div class="muted small">≤ {formatEpsilon(a.epsilonPerQueryMax)} a query</div>
        </td>
        <td>{a.expiresAt ? formatDate(a.expiresAt) : 'never'}</td>
        <td class="actions">
          {change.pending && <Spinner label="Saving" />}
          {open && (
            <button
              type="button"
              disabled={change.pending}
              onClick={() => setAmending((x) => !x)}
              aria-expanded={amending}
              data-testid="agreement-amend"
            >
              Amend
            </button>
          )}
          {a.status === 'ACTIVE' && (
            <button
              type="button"
              disabled={change.pending}
              onClick={() => change.run(SUSPEND_AGREEMENT, 'suspendAgreement')}
              data-testid="agreement-suspend"
            >
              Suspend
            </button>
          )}
          {a.status === 'SUSPENDED' && (
            <button
              type="button"
              disabled={change.pending}
              onClick={() => change.run(RESUME_AGREEMENT, 'resumeAgreement')}
              data-testid="agreement-resume"
            >
              Resume
            </button>
          )}
          {open && (
            <ConfirmButton
              label="Revoke"
              confirmLabel="Revoke for good"
              danger
              disabled={change.pending}
              onConfirm={() => change.run(REVOKE_AGREEMENT, 'revokeAgreement')}
              testId="agreement-revoke"
            />
          )}
        </td>
      </tr>
      {(amending || change.error !== undefined) && (
        <tr class="expansion">
          <td colSpan={COLUMNS}>
            <ErrorBanner error={change.error} onDismiss={change.clearError} />
            {amending && (
              <AmendAgreementForm
                agreement={a}
                onCancel={() => setAmending(false)}
                onAmended={(updated) => {
                  setAmending(false);
                  onChanged(updated);
                }}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
