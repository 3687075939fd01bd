import type { SharingAgreement } from '../api/types';
import { formatDate, formatEpsilon } from '../ui/format';
import { agreementColumns } from './builderState';

export function AgreementTerms({ agreement }: { agreement: SharingAgreement }) {
  return (
    <section aria-labelledby="terms-heading" data-testid="agreement-terms">
      <h4 id="terms-heading">Terms</h4>
      <dl class="facts">
        <dt>Shared by</dt>
        <dd>{agreement.owner.name}</dd>
        <dt>Purpose</dt>
        <dd>{agreement.purpose}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`status status-${agreement.status.toLowerCase()}`}>{agreement.status}</span>
        </dd>
        <dt>Columns</dt>
        <dd>
          {agreementColumns(agreement)
            .map((c) => `${c.name} (${c.type.toLowerCase()}${c.sensitivity === 'IDENTIFIER' ? ', identifier' : ''})`)
            .join(', ')}
        </dd>
        <dt>Joins</dt>
        <dd data-testid="agreement-join-columns">
          {agreement.joinColumns?.length ? `your own datasets may be joined on ${agreement.joinColumns.join(', ')}` : 'not allowed'}
        </dd>
        <dt>Aggregations</dt>
        <dd>{agreement.allowedAggregations.join(', ')}</dd>
        <dt>ε per query</dt>
        <dd>at most {formatEpsilon(agreement.epsilonPerQueryMax)}</dd>
        <dt>δ</dt>
        <dd>{agreement.delta}</dd>
        <dt>Synthetic data</dt>
        <dd>{agreement.allowSynthetic ? 'allowed' : 'not allowed'}</dd>
        <dt>Small groups</dt>
        <dd>{agreement.suppressBelow != null ? `groups with a noisy count below ${agreement.suppressBelow} are withheld` : 'not suppressed'}</dd>
        <dt>Valid</dt>
        <dd>
          from {formatDate(agreement.validFrom)}
          {agreement.expiresAt ? ` until ${formatDate(agreement.expiresAt)}` : ', no end date'}
        </dd>
      </dl>
    </section>
  );
}
