import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatEpsilon, formatNumber } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { aggregationLabel } from './builderState';
import type { PreviewState } from './usePreview';

interface Props {
  problems: string[];
  state: PreviewState;
}

export function PreviewPanel({ problems, state }: Props) {
  const { preview, error, loading } = state;
  return (
    <section class="preview" aria-live="polite" data-testid="qb-preview">
      <h4>
        Before you run {loading && <Spinner label="Checking cost" />}
      </h4>
      {problems.length > 0 && (
        <ul class="problems" data-testid="qb-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {problems.length === 0 && <ErrorBanner error={error} />}
      {problems.length === 0 && !error && preview && (
        <>
          <dl class="facts">
            <dt>Cost</dt>
            <dd data-testid="qb-preview-cost">
              {preview.wouldBeCached ? 'free — answered before, the cached result is returned' : `ε = ${formatEpsilon(preview.epsilonCost)}`}
            </dd>
            <dt>δ cost</dt>
            <dd data-testid="qb-preview-delta-cost">
              {preview.wouldBeCached ? 'none' : preview.deltaCost > 0 ? `δ = ${formatEpsilon(preview.deltaCost)}` : 'none (no partition selection needed)'}
            </dd>
            <dt>Queries like this left</dt>
            <dd data-testid="qb-preview-remaining">{preview.remainingQueriesAtThisCost.toLocaleString()}</dd>
            <dt>Budget left</dt>
            <dd>
              ε = {formatEpsilon(preview.budget.epsilonRemaining)} of {formatEpsilon(preview.budget.epsilonTotal)} · δ ={' '}
              {formatEpsilon(preview.budget.deltaRemaining)} of {formatEpsilon(preview.budget.deltaTotal)}
            </dd>
          </dl>
          {!preview.wouldBeCached && preview.epsilonCost > preview.budget.epsilonRemaining && (
            <p class="banner banner-warn" data-testid="qb-preview-over-budget">
              This query costs more than the ε {formatEpsilon(preview.budget.epsilonRemaining)} left, so it would be refused. Lower ε
              {preview.budget.refillsAt ? `, or wait until the budget refills on ${formatDate(preview.budget.refillsAt)}` : ''}.
            </p>
          )}
          {!preview.wouldBeCached && preview.deltaCost > preview.budget.deltaRemaining && (
            <p class="banner banner-warn" data-testid="qb-preview-over-delta">
              This query needs δ = {formatEpsilon(preview.deltaCost)} for partition selection, more than the δ {formatEpsilon(preview.budget.deltaRemaining)}{' '}
              left, so it would be refused
              {preview.budget.refillsAt ? `; the budget refills on ${formatDate(preview.budget.refillsAt)}` : ''}.
            </p>
          )}
          <table class="compact" data-testid="qb-preview-errors">
            <caption>Expected accuracy: 95% of released values lie within ± this of the true value</caption>
            <thead>
              <tr>
                <th scope="col">Aggregation</th>
                <th scope="col">± 95% error</th>
                <th scope="col">Mechanism</th>
              </tr>
            </thead>
            <tbody>
              {preview.expectedErrors.map((e, i) => (
                <tr key={i}>
                  <td>{aggregationLabel(e)}</td>
                  <td class="num">{formatNumber(e.errorBound95)}</td>
                  <td>{e.mechanism}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
