// Signed checkpoints are not in the contract. Servers that publish them expose
// `auditCheckpoints`; others reject the query at validation, and the panel stays hidden.
import { AUDIT_CHECKPOINTS } from '../api/queries';
import { toApiError } from '../api/errors';
import type { AuditCheckpoint, AuditVerification } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { useQuery } from '../ui/useAsync';

export function CheckpointPanel({ verification }: { verification: AuditVerification | null }) {
  const { request } = useSession();
  const checkpoints = useQuery(
    (signal) => request<{ auditCheckpoints: AuditCheckpoint[] | null }>(AUDIT_CHECKPOINTS, {}, { signal }).then((d) => d.auditCheckpoints ?? []),
    [],
  );
  if (checkpoints.loading) return null;
  if (checkpoints.error) {
    if (toApiError(checkpoints.error).code === 'GRAPHQL_VALIDATION_FAILED') return null;
    return <ErrorBanner error={checkpoints.error} />;
  }
  const latest = [...(checkpoints.data ?? [])].sort((a, b) => b.seq - a.seq)[0];
  if (!latest) return null;
  const comparable = verification?.ok && verification.headSeq === latest.seq;

  return (
    <section class="card" aria-labelledby="checkpoint-heading" data-testid="audit-checkpoint">
      <h3 id="checkpoint-heading">Latest signed checkpoint</h3>
      <dl class="facts">
        <dt>Event</dt>
        <dd>{latest.seq}</dd>
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
        <dt>Public key</dt>
        <dd>
          <code class="hash">{latest.publicKey}</code>
        </dd>
      </dl>
      {comparable && (
        <p class={`banner ${verification.headHash === latest.headHash ? 'banner-ok' : 'banner-error'}`} data-testid="checkpoint-match">
          {verification.headHash === latest.headHash
            ? 'The verified head matches this checkpoint.'
            : 'The verified head does NOT match this checkpoint: the trail changed after it was signed.'}
        </p>
      )}
    </section>
  );
}
