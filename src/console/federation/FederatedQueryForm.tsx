import { useState } from 'preact/hooks';
import type { AggregateFunction, SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { FormFooter } from '../ui/FormFooter';
import { useAction } from '../ui/useAsync';
import { COMBINABLE, draftProblems, EMPTY_DRAFT, toInput, type FederatedDraft } from './federatedDraft';
import { FEDERATED_AGGREGATE, type FederatedResult, type Peer } from './federationApi';

interface Props {
  /** ACTIVE agreements of this deployment that the caller's organization may query. */
  agreements: SharingAgreement[];
  peers: Peer[];
  onResult: (result: FederatedResult) => void;
}

/** Pick parts (agreements here, agreement ids on peers), one aggregation, a group-by and ε; run. */
export function FederatedQueryForm({ agreements, peers, onResult }: Props) {
  const { request } = useSession();
  const [draft, setDraft] = useState<FederatedDraft>(EMPTY_DRAFT);
  const [touched, setTouched] = useState(false);
  const [peerId, setPeerId] = useState(peers[0]?.id ?? '');
  const [peerAgreement, setPeerAgreement] = useState('');
  const run = useAction(async () => {
    const data = await request<{ federatedAggregate: FederatedResult }>(FEDERATED_AGGREGATE, { input: toInput(draft) });
    onResult(data.federatedAggregate);
  });
  const set = (patch: Partial<FederatedDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const hasLocal = (id: string) => draft.parts.some((p) => !p.peerId && p.agreementId === id);
  const toggleLocal = (id: string) =>
    set({ parts: hasLocal(id) ? draft.parts.filter((p) => p.peerId || p.agreementId !== id) : [...draft.parts, { peerId: '', agreementId: id }] });
  const problems = draftProblems(draft);
  const peerName = (id: string) => peers.find((p) => p.id === id)?.name ?? id;

  return (
    <form
      noValidate
      class="card"
      data-testid="federated-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (problems.length === 0) void run.run();
      }}
    >
      <h3>Federated query</h3>
      <fieldset>
        <legend>Agreements on this deployment</legend>
        {agreements.length === 0 && <p class="muted">None shared with your organization here.</p>}
        {agreements.map((a) => (
          <label key={a.id} class="check">
            <input type="checkbox" checked={hasLocal(a.id)} onChange={() => toggleLocal(a.id)} data-testid={`federated-local-${a.id}`} />
            {a.dataset?.name ?? 'dataset'} — {a.purpose}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Agreements on peers</legend>
        {peers.length === 0 ? (
          <p class="muted">No peers registered: an organization admin registers them.</p>
        ) : (
          <div class="row">
            <label class="field">
              <span>Peer</span>
              <select value={peerId} onChange={(e) => setPeerId(e.currentTarget.value)} data-testid="federated-peer">
                {peers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.status})
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Agreement id on that peer</span>
              <input value={peerAgreement} onInput={(e) => setPeerAgreement(e.currentTarget.value)} data-testid="federated-peer-agreement" />
            </label>
            <div class="actions">
              <button
                type="button"
                disabled={!peerId || !peerAgreement.trim()}
                onClick={() => {
                  set({ parts: [...draft.parts, { peerId, agreementId: peerAgreement.trim() }] });
                  setPeerAgreement('');
                }}
                data-testid="federated-add-peer-part"
              >
                Add part
              </button>
            </div>
          </div>
        )}
        <ul data-testid="federated-parts">
          {draft.parts
            .filter((p) => p.peerId)
            .map((p) => (
              <li key={`${p.peerId}/${p.agreementId}`}>
                {peerName(p.peerId)}: <code>{p.agreementId}</code>{' '}
                <button type="button" class="link" onClick={() => set({ parts: draft.parts.filter((x) => x !== p) })}>
                  remove
                </button>
              </li>
            ))}
        </ul>
      </fieldset>
      <div class="row">
        <label class="field">
          <span>Aggregation</span>
          <select value={draft.fn} onChange={(e) => set({ fn: e.currentTarget.value as AggregateFunction })} data-testid="federated-function">
            {COMBINABLE.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Column</span>
          <input value={draft.column} onInput={(e) => set({ column: e.currentTarget.value })} data-testid="federated-column" />
        </label>
        <label class="field">
          <span>Group by (comma-separated)</span>
          <input value={draft.groupBy} onInput={(e) => set({ groupBy: e.currentTarget.value })} data-testid="federated-group-by" />
        </label>
        <label class="field">
          <span>ε per part</span>
          <input inputMode="decimal" value={draft.epsilon} onInput={(e) => set({ epsilon: e.currentTarget.value })} data-testid="federated-epsilon" />
        </label>
      </div>
      <p class="muted">Each part spends ε on its own agreement, on its own deployment; asking the same again is answered from each part's cache, for free.</p>
      <FormFooter
        problems={problems}
        touched={touched}
        action={run}
        submitLabel="Run federated query"
        pendingLabel="Asking every part"
        submitTestId="federated-run"
        onCancel={() => (setDraft(EMPTY_DRAFT), setTouched(false))}
      />
    </form>
  );
}
