import { REVOKE_API_TOKEN } from '../api/mutations';
import { API_TOKENS } from '../api/queries';
import type { ApiToken } from '../api/types';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction, useQuery } from '../ui/useAsync';

/** `version` changes when a token is issued elsewhere on the page, to reload the list. */
export function TokensPanel({ version }: { version: number }) {
  const { request, token: sessionToken } = useSession();
  const list = useQuery((signal) => request<{ apiTokens: ApiToken[] }>(API_TOKENS, {}, { signal }).then((d) => d.apiTokens), [version]);
  const revoke = useAction(async (id: string) => {
    const { revokeApiToken } = await request<{ revokeApiToken: ApiToken }>(REVOKE_API_TOKEN, { id });
    list.setData((list.data ?? []).map((t) => (t.id === id ? revokeApiToken : t)));
  });

  return (
    <section class="card" aria-labelledby="tokens-heading" data-testid="tokens-panel">
      <div class="section-head">
        <h3 id="tokens-heading">API tokens</h3>
        {(list.loading || revoke.pending) && <Spinner label={revoke.pending ? 'Revoking' : 'Loading tokens'} />}
      </div>
      <p class="muted small">Only the first characters of each token are kept for recognising it; secrets are never shown again.</p>
      <ErrorBanner error={list.error ?? revoke.error} onDismiss={revoke.clearError} />
      {list.data && (
        <div class="table-scroll">
          <table data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">User</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((t) => {
                const current = !t.revokedAt && sessionToken.startsWith(t.prefix);
                return (
                  <tr key={t.id} data-testid="token-row" data-token-id={t.id}>
                    <th scope="row">
                      {t.name}
                      {current && <div class="muted small">probably this session's token</div>}
                    </th>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{t.user.email}</td>
                    <td>{formatDate(t.createdAt)}</td>
                    <td>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                    <td>{formatDate(t.lastUsedAt)}</td>
                    <td>
                      {t.revokedAt ? (
                        <span data-testid="token-state">revoked {formatDate(t.revokedAt)}</span>
                      ) : (
                        <ConfirmButton
                          label="Revoke"
                          confirmLabel={current ? 'Revoke and sign me out' : 'Revoke token'}
                          danger
                          disabled={revoke.pending}
                          onConfirm={() => revoke.run(t.id)}
                          testId="token-revoke"
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
