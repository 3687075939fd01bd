import { useState } from 'preact/hooks';
import { DISABLE_USER } from '../api/mutations';
import type { IssuedToken, User } from '../api/types';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { IssueTokenForm } from './IssueTokenForm';

interface Props {
  user: User;
  onChanged: (user: User) => void;
  onIssued: (issued: IssuedToken) => void;
}

const COLUMNS = 6;

export function UserRow({ user, onChanged, onIssued }: Props) {
  const { request, me } = useSession();
  const [issuing, setIssuing] = useState(false);
  const disable = useAction(async () => onChanged((await request<{ disableUser: User }>(DISABLE_USER, { userId: user.id })).disableUser));
  const disabled = user.disabledAt !== null;

  return (
    <>
      <tr data-testid="user-row" data-user-id={user.id} class={disabled ? 'disabled' : ''}>
        <th scope="row">{user.email}</th>
        <td>{user.organization.name}</td>
        <td>{user.roles.join(', ') || <span class="muted">none</span>}</td>
        <td>{formatDate(user.createdAt)}</td>
        <td data-testid="user-state">{disabled ? `disabled ${formatDate(user.disabledAt)}` : 'active'}</td>
        <td class="actions">
          {!disabled && (
            <button type="button" onClick={() => setIssuing((x) => !x)} aria-expanded={issuing} data-testid="user-issue-token">
              Issue token
            </button>
          )}
          {!disabled && user.id !== me.id && (
            <ConfirmButton
              label="Disable"
              confirmLabel="Disable user"
              danger
              disabled={disable.pending}
              onConfirm={() => disable.run()}
              testId="user-disable"
            />
          )}
          {disable.pending && <Spinner label="Disabling" />}
        </td>
      </tr>
      {(issuing || disable.error !== undefined) && (
        <tr class="expansion">
          <td colSpan={COLUMNS}>
            <ErrorBanner error={disable.error} onDismiss={disable.clearError} />
            {issuing && (
              <IssueTokenForm
                user={user}
                onCancel={() => setIssuing(false)}
                onIssued={(issued) => {
                  setIssuing(false);
                  onIssued(issued);
                }}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
