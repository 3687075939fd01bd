import { useState } from 'preact/hooks';
import { AGREEMENTS } from '../api/queries';
import type { SharingAgreement } from '../api/types';
import { hasRole } from '../auth/sections';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { FederatedQueryForm } from './FederatedQueryForm';
import { FederatedResultView } from './FederatedResultView';
import { PEERS, type FederatedResult, type Peer } from './federationApi';
import { PeersPanel } from './PeersPanel';

/** Peers for the organization's admins (register, remove); federated queries for its analysts. */
export function FederationSection() {
  const { request, me } = useSession();
  const analyst = hasRole(me.roles, 'ANALYST');
  const loaded = useQuery(async (signal) => {
    const [p, a] = await Promise.all([
      request<{ peers: Peer[] }>(PEERS, {}, { signal }),
      analyst ? request<{ agreements: SharingAgreement[] }>(AGREEMENTS, { status: 'ACTIVE' }, { signal }) : Promise.resolve({ agreements: [] }),
    ]);
    return { peers: p.peers, agreements: a.agreements.filter((x) => x.partner.id === me.organization.id) };
  }, [me.organization.id, analyst]);
  const [result, setResult] = useState<FederatedResult | null>(null);

  if (loaded.loading && !loaded.data) return <Spinner label="Loading peers" />;
  if (!loaded.data) return <ErrorBanner error={loaded.error} />;
  const { peers, agreements } = loaded.data;
  const setPeers = (next: Peer[]) => loaded.setData({ ...loaded.data!, peers: next });

  return (
    <div class="section" data-testid="section-federation">
      <h2>Federation</h2>
      <p class="muted">
        Other Parley deployments where {me.organization.name} is a partner. A federated query asks each of them, and this deployment, the
        same question under its own agreement; only their noisy answers travel, and they are added up here.
      </p>
      <PeersPanel peers={peers} manage={hasRole(me.roles, 'ORG_ADMIN')} onChange={setPeers} />
      {analyst && (
        <FederatedQueryForm
          agreements={agreements}
          peers={peers}
          onResult={(r) => {
            setResult(r);
            loaded.reload();
          }}
        />
      )}
      {result && <FederatedResultView result={result} peers={peers} />}
    </div>
  );
}
