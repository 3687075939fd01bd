import { useState } from 'preact/hooks';
import { ISSUE_API_TOKEN } from '../api/mutations';
import type { IssuedToken, User } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { localInputToIso } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';

interface Props {
  user: User;
  onIssued: (issued: IssuedToken) => void;
  onCancel: () => void;
}

export function IssueTokenForm({ user, onIssued, onCancel }: Props) {
  const { request } = useSession();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const issue = useAction(async (expiresAt: string | null) => {
    const data = await request<{ issueApiToken: IssuedToken }>(ISSUE_API_TOKEN, { name: name.trim(), userId: user.id, expiresAt });
    onIssued(data.issueApiToken);
  });

  function submit(event: Event) {
    event.preventDefault();
    const expiresAt = localInputToIso(expires);
    if (!name.trim()) return setProblem('Name the token, e.g. after where it will be used.');
    if (expires && (!expiresAt || new Date(expiresAt) <= new Date())) return setProblem('The expiry must be in the future.');
    setProblem(null);
    void issue.run(expiresAt);
  }

  return (
    <form noValidate class="inline-form" onSubmit={submit} data-testid="issue-token-form">
      <div class="row">
        <label class="field">
          <span>Token name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required data-testid="issue-token-name" />
        </label>
        <label class="field">
          <span>Expires (optional)</span>
          <input type="datetime-local" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} data-testid="issue-token-expires" />
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={issue.pending} data-testid="issue-token-submit">
            {issue.pending ? <Spinner label="Issuing" /> : `Issue token for ${user.email}`}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <ErrorBanner error={problem ?? issue.error} onDismiss={() => (setProblem(null), issue.clearError())} />
    </form>
  );
}
