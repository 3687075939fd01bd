import { useState } from 'preact/hooks';
import { CREATE_ORGANIZATION } from '../api/mutations';
import { ORGANIZATIONS } from '../api/queries';
import type { Organization } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction, useQuery } from '../ui/useAsync';

// Lenient on purpose: the server owns the exact slug rule; this only catches spaces and punctuation.
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function OrganizationsSection() {
  const { request } = useSession();
  const list = useQuery((signal) => request<{ organizations: Organization[] }>(ORGANIZATIONS, {}, { signal }).then((d) => d.organizations), []);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useAction(async () => {
    const { createOrganization } = await request<{ createOrganization: Organization }>(CREATE_ORGANIZATION, { name: name.trim(), slug });
    list.setData([...(list.data ?? []), createOrganization]);
    setName('');
    setSlug('');
  });

  function submit(event: Event) {
    event.preventDefault();
    if (!name.trim()) return setProblem('Enter a name.');
    if (!SLUG.test(slug)) return setProblem('The slug uses letters, digits and hyphens only, e.g. "acme-health".');
    setProblem(null);
    void create.run();
  }

  return (
    <div class="section" data-testid="section-organizations">
      <h2>Organizations</h2>
      <form noValidate class="card" onSubmit={submit} data-testid="create-organization-form">
        <h3>New organization</h3>
        <div class="row">
          <label class="field">
            <span>Name</span>
            <input value={name} onInput={(e) => setName(e.currentTarget.value)} required data-testid="organization-name" />
          </label>
          <label class="field">
            <span>Slug</span>
            <input value={slug} onInput={(e) => setSlug(e.currentTarget.value.trim())} required data-testid="organization-slug" />
          </label>
          <div class="actions">
            <button type="submit" class="primary" disabled={create.pending} data-testid="create-organization-submit">
              {create.pending ? <Spinner label="Creating" /> : 'Create'}
            </button>
          </div>
        </div>
        <ErrorBanner error={problem ?? create.error} onDismiss={() => (setProblem(null), create.clearError())} />
      </form>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data && <Spinner label="Loading organizations" />}
      {list.data && (
        <div class="table-scroll">
          <table data-testid="organizations-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Id</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((o) => (
                <tr key={o.id} data-testid="organization-row">
                  <th scope="row">{o.name}</th>
                  <td>{o.slug}</td>
                  <td>
                    <code>{o.id}</code>
                  </td>
                  <td>{formatDate(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
