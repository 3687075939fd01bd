import { useState } from 'preact/hooks';
import { ORGANIZATIONS, USERS } from '../api/queries';
import type { IssuedToken, Organization, User } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { CreateUserForm } from './CreateUserForm';
import { IssuedTokenNotice } from './IssuedTokenNotice';
import { TokensPanel } from './TokensPanel';
import { UserRow } from './UserRow';

export function UsersSection() {
  const { request, me } = useSession();
  const [organizationId, setOrganizationId] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [tokensVersion, setTokensVersion] = useState(0);
  const orgs = useQuery((signal) => request<{ organizations: Organization[] }>(ORGANIZATIONS, {}, { signal }).then((d) => d.organizations), []);
  const users = useQuery(
    (signal) => request<{ users: User[] }>(USERS, { organizationId: organizationId || null }, { signal }).then((d) => d.users),
    [organizationId],
  );
  const replace = (updated: User) => users.setData((users.data ?? []).map((u) => (u.id === updated.id ? updated : u)));

  return (
    <div class="section" data-testid="section-users">
      <h2>Users & tokens</h2>
      {issued && <IssuedTokenNotice issued={issued} onDismiss={() => setIssued(null)} />}
      {orgs.data && (
        <CreateUserForm
          organizations={orgs.data}
          defaultOrganizationId={organizationId || me.organization.id}
          onCreated={(user) => users.setData([...(users.data ?? []), user])}
        />
      )}
      <section class="card" aria-labelledby="users-heading">
        <div class="section-head">
          <h3 id="users-heading">Users</h3>
          <label class="field inline">
            <span>Organization</span>
            <select value={organizationId} onChange={(e) => setOrganizationId(e.currentTarget.value)} data-testid="users-organization-filter">
              <option value="">All</option>
              {orgs.data?.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          {users.loading && <Spinner label="Loading users" />}
        </div>
        <ErrorBanner error={orgs.error ?? users.error} />
        {users.data && (
          <div class="table-scroll">
            <table data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Created</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <UserRow
                    key={u.id}
                    user={u}
                    onChanged={replace}
                    onIssued={(t) => {
                      setIssued(t);
                      setTokensVersion((v) => v + 1);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <TokensPanel version={tokensVersion} />
    </div>
  );
}
