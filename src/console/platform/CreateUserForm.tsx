import { useState } from 'preact/hooks';
import { CREATE_USER } from '../api/mutations';
import { ROLES, type Organization, type Role, type User } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';

interface Props {
  organizations: Organization[];
  defaultOrganizationId: string;
  onCreated: (user: User) => void;
}

export function CreateUserForm({ organizations, defaultOrganizationId, onCreated }: Props) {
  const { request } = useSession();
  const [organizationId, setOrganizationId] = useState(defaultOrganizationId);
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['ANALYST']);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useAction(async () => {
    const data = await request<{ createUser: User }>(CREATE_USER, { organizationId, email: email.trim(), roles });
    onCreated(data.createUser);
    setEmail('');
  });

  function submit(event: Event) {
    event.preventDefault();
    if (!organizationId) return setProblem('Choose an organization.');
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setProblem('Enter an e-mail address.');
    setProblem(null);
    void create.run();
  }

  return (
    <form noValidate class="card" onSubmit={submit} data-testid="create-user-form">
      <h3>New user</h3>
      <div class="row">
        <label class="field">
          <span>Organization</span>
          <select value={organizationId} onChange={(e) => setOrganizationId(e.currentTarget.value)} data-testid="user-organization">
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>E-mail</span>
          <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required data-testid="user-email" />
        </label>
      </div>
      <fieldset class="checks" data-testid="user-roles">
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <label key={role} class="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setRoles((r) => (on ? [...r, role] : r.filter((x) => x !== role)));
              }}
              data-testid={`user-role-${role}`}
            />
            {role}
          </label>
        ))}
      </fieldset>
      <ErrorBanner error={problem ?? create.error} onDismiss={() => (setProblem(null), create.clearError())} />
      <div class="actions">
        <button type="submit" class="primary" disabled={create.pending} data-testid="create-user-submit">
          {create.pending ? <Spinner label="Creating" /> : 'Create user'}
        </button>
      </div>
    </form>
  );
}
