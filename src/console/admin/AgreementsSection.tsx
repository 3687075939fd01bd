import { useState } from 'preact/hooks';
import { loadAgreementList } from '../api/agreementDatasets';
import { DATASETS, ORGANIZATIONS } from '../api/queries';
import type { Dataset, Organization, SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { AgreementDetail } from './AgreementDetail';
import { AgreementRow } from './AgreementRow';
import { GrantAgreementForm } from './GrantAgreementForm';

const PLATFORM_SLUG = 'platform';

interface Loaded { agreements: SharingAgreement[]; datasets: Dataset[]; partners: Organization[] }

export function AgreementsSection() {
  const { request, me } = useSession();
  const myOrg = me.organization.id;
  const loaded = useQuery<Loaded>(async (signal) => {
    const [a, d, o] = await Promise.all([
      loadAgreementList(request, signal),
      request<{ datasets: Dataset[] }>(DATASETS, {}, { signal }),
      request<{ organizations: Organization[] }>(ORGANIZATIONS, {}, { signal }),
    ]);
    return {
      agreements: a.filter((x) => x.owner.id === myOrg),
      datasets: d.datasets.filter((x) => x.owner.id === myOrg),
      // The platform organization (made at bootstrap, slug `platform`) runs the service; it is nobody's partner.
      partners: o.organizations.filter((x) => x.id !== myOrg && x.slug !== PLATFORM_SLUG),
    };
  }, [myOrg]);
  const [granting, setGranting] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  if (loaded.loading && !loaded.data) return <Spinner label="Loading agreements" />;
  if (!loaded.data) return <ErrorBanner error={loaded.error} />;
  const data = loaded.data;
  const opened = data.agreements.find((x) => x.id === openId);
  const replace = (updated: SharingAgreement) =>
    loaded.setData({ ...data, agreements: data.agreements.map((x) => (x.id === updated.id ? updated : x)) });

  return (
    <div class="section" data-testid="section-agreements">
      <div class="section-head">
        <h2>Agreements granted by {me.organization.name}</h2>
        {!granting && (
          <button type="button" class="primary" onClick={() => setGranting(true)} disabled={!data.datasets.length} data-testid="new-agreement">
            Grant agreement
          </button>
        )}
      </div>
      {!data.datasets.length && <p class="muted">Create a dataset first; agreements share a dataset.</p>}
      {granting && (
        <GrantAgreementForm
          datasets={data.datasets}
          partners={data.partners}
          onCancel={() => setGranting(false)}
          onGranted={(created) => {
            setGranting(false);
            loaded.setData({ ...data, agreements: [created, ...data.agreements] });
          }}
        />
      )}
      <ErrorBanner error={loaded.error} />
      {data.agreements.length === 0 ? (
        <p class="muted">No agreement yet.</p>
      ) : (
        <div class="table-scroll">
          <table data-testid="agreements-table">
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Partner</th>
                <th scope="col">Status</th>
                <th scope="col">Purpose</th>
                <th scope="col" class="num">
                  ε spent / budget
                </th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.agreements.map((a) => (
                <AgreementRow key={a.id} agreement={a} onChanged={replace} onOpen={setOpenId} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {opened && <AgreementDetail key={opened.id} agreement={opened} onClose={() => setOpenId(null)} />}
    </div>
  );
}
