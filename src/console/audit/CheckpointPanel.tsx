// Signed checkpoints are not in the contract. Servers that publish them expose
// `auditCheckpoints`; others reject the query at validation, and the panel stays hidden.
import { CREATE_AUDIT_CHECKPOINT } from '../api/mutations';
import { AUDIT_CHECKPOINTS } from '../api/queries';
import { toApiError } from '../api/errors';
import type { AuditCheckpoint, AuditVerification } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction, useQuery } from '../ui/useAsync';

/** Re-reads the latest checkpoint after every verification, so both describe the same moment. */
export function CheckpointPanel({ verification }: { verification: AuditVerification | null }) {
  const { request } = useSession();
  const checkpoints = useQuery(
    (signal) => request<{ auditCheckpoints: AuditCheckpoint[] | null }>(AUDIT_CHECKPOINTS, {}, { signal }).then((d) => d.auditCheckpoints ?? []),
    [verification],
  );
  const sign = useAction(async () => {
    const { createAuditCheckpoint } = await request<{ createAuditCheckpoint: AuditCheckpoint }>(CREATE_AUDIT_CHECKPOINT);
    checkpoints.setData([createAuditCheckpoint]);
  });
  if (checkpoints.loading && !checkpoints.data) return null;
  if (checkpoints.error && toApiError(checkpoints.error).code === 'GRAPHQL_VALIDATION_FAILED') return null;
  const latest = [...(checkpoints.data ?? [])].sort((a, b) => b.seq - a.seq)[0];
  const comparable = latest && verification?.ok && verification.headSeq === latest.seq;

  return (
    <section class="card" aria-labelledby="checkpoint-heading" data-testid="audit-checkpoint">
      <h3 id="checkpoint-heading">Latest signed checkpoint</h3>
      <ErrorBanner error={checkpoints.error} />
      {latest ? (
        <dl class="facts" data-testid="checkpoint-facts">
          <dt>Event</dt>
          <dd data-testid="checkpoint-seq">{latest.seq}</dd>
          <dt>Signed at</dt>
          <dd>{formatDate(latest.at)}</dd>
          <dt>Head hash</dt>
          <dd>
            <code class="hash">{latest.headHash}</code>
          </dd>
          <dt>Signature</dt>
          <dd>
            <code class="hash">{latest.signature}</code>
          </dd>
          <dt>Key id</dt>
          <dd>
            <code title={latest.publicKey}>{latest.keyId}</code>
          </dd>
        </dl>
      ) : (
        <p class="muted">No checkpoint has been signed yet. The server signs one every so many events; you can sign one now.</p>
      )}
      {comparable && (
        <p class={`banner ${verification.headHash === latest.headHash ? 'banner-ok' : 'banner-error'}`} data-testid="checkpoint-match">
          {verification.headHash === latest.headHash
            ? 'The verified head matches this checkpoint.'
            : 'The verified head does NOT match this checkpoint: the trail changed after it was signed.'}
        </p>
      )}
      <ErrorBanner error={sign.error} onDismiss={sign.clearError} />
      <div class="actions">
        <button type="button" onClick={() => sign.run()} disabled={sign.pending} data-testid="checkpoint-create">
          {sign.pending ? <Spinner label="Signing the current head" /> : 'Sign a checkpoint now'}
        </button>
        <span class="muted small">Signing is itself an audited event: the checkpoint covers it.</span>
      </div>
    </section>
  );
}
