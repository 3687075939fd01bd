import { VERIFY_AUDIT_TRAIL } from '../api/queries';
import type { AuditVerification } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';

interface Props {
  result: AuditVerification | null;
  onResult: (result: AuditVerification) => void;
}

const checkpoints = (n: number) => `${n.toLocaleString()} signed checkpoint${n === 1 ? '' : 's'}`;

export function VerifyTrail({ result, onResult }: Props) {
  const { request } = useSession();
  const verify = useAction(async () => onResult((await request<{ verifyAuditTrail: AuditVerification }>(VERIFY_AUDIT_TRAIL)).verifyAuditTrail));

  return (
    <section class="card" aria-labelledby="verify-heading">
      <h3 id="verify-heading">Integrity</h3>
      <p class="muted small">The server re-computes every event's hash and link, from the first event to the head, and checks every signed checkpoint.</p>
      <button type="button" onClick={() => verify.run()} disabled={verify.pending} data-testid="verify-button">
        {verify.pending ? <Spinner label="Verifying the whole trail" /> : 'Verify trail'}
      </button>
      <ErrorBanner error={verify.error} onDismiss={verify.clearError} />
      {result && !verify.pending && (
        <div class={`banner ${result.ok ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="verify-result" data-ok={String(result.ok)}>
          {result.ok ? (
            <strong>
              The trail verifies: {result.eventsChecked.toLocaleString()} events and {checkpoints(result.checkpointsChecked)} checked.
            </strong>
          ) : (
            <strong data-testid="verify-broken-seq">
              {result.firstBrokenSeq != null ? `The trail is broken at event ${result.firstBrokenSeq}` : 'The trail does not verify'} (
              {result.eventsChecked.toLocaleString()} events checked).
            </strong>
          )}
          {!result.ok && result.problem && <div data-testid="verify-problem">{result.problem}</div>}
          <div class="small">
            Head: event {result.headSeq}, hash <code class="hash">{result.headHash}</code>
          </div>
        </div>
      )}
    </section>
  );
}
