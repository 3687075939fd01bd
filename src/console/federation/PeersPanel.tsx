import { useState } from 'preact/hooks';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { REGISTER_PEER, REMOVE_PEER, type Peer } from './federationApi';

interface Props {
  peers: Peer[];
  /** ORG_ADMIN: may register and remove. */
  manage: boolean;
  onChange: (peers: Peer[]) => void;
}

/** The organization's peers; admins register them with a token issued there, and remove them. */
export function PeersPanel({ peers, manage, onChange }: Props) {
  const { request } = useSession();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const register = useAction(async () => {
    const data = await request<{ registerPeer: Peer }>(REGISTER_PEER, { input: { name: name.trim(), url: url.trim(), token: token.trim() } });
    // The token is gone from the page as soon as the server has it: it is never shown again.
    setToken('');
    setName('');
    setUrl('');
    onChange([...peers, data.registerPeer]);
  });
  const remove = useAction(async (id: string) => {
    await request(REMOVE_PEER, { id });
    onChange(peers.filter((p) => p.id !== id));
  });

  return (
    <section class="card" aria-labelledby="peers-heading" data-testid="peers-panel">
      <h3 id="peers-heading">Peers</h3>
      {peers.length === 0 ? (
        <p class="muted" data-testid="peers-empty">No peers yet.</p>
      ) : (
        <table data-testid="peers-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>Token</th>
              <th>Status</th>
              <th>Last contact</th>
              {manage && <th />}
            </tr>
          </thead>
          <tbody>
            {peers.map((p) => (
              <tr key={p.id} data-testid="peer-row">
                <td>{p.name}</td>
                <td>{p.url}</td>
                <td>
                  <code>{p.tokenPrefix}</code>
                </td>
                <td data-testid="peer-status">{p.status}</td>
                <td>{p.lastCheckedAt ? formatDate(p.lastCheckedAt) : '—'}</td>
                {manage && (
                  <td>
                    <ConfirmButton label="Remove" confirmLabel="Remove peer and its token" danger onConfirm={() => void remove.run(p.id)} testId="peer-remove" />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBanner error={remove.error} onDismiss={remove.clearError} />
      {manage && (
        <form
          noValidate
          class="inline-form"
          data-testid="register-peer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void register.run();
          }}
        >
          <div class="row">
            <label class="field">
              <span>Name</span>
              <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="peer-name" />
            </label>
            <label class="field">
              <span>GraphQL URL of the other deployment</span>
              <input type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://parley.example.org/graphql" data-testid="peer-url" />
            </label>
            <label class="field">
              <span>Token issued there to one of your analysts</span>
              <input type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} data-testid="peer-token" />
            </label>
            <div class="actions">
              <button type="submit" class="primary" disabled={register.pending || !name.trim() || !url.trim() || !token.trim()} data-testid="peer-register">
                {register.pending ? <Spinner label="Contacting the peer" /> : 'Register peer'}
              </button>
            </div>
          </div>
          <ErrorBanner error={register.error} onDismiss={register.clearError} />
        </form>
      )}
    </section>
  );
}
