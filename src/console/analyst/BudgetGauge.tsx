import type { BudgetPeriod, PrivacyBudget } from '../api/types';
import { formatDate, formatEpsilon } from '../ui/format';

interface Props {
  budget: PrivacyBudget;
  period: BudgetPeriod;
}

export function BudgetGauge({ budget, period }: Props) {
  const { epsilonTotal, epsilonSpent, epsilonRemaining } = budget;
  const percent = epsilonTotal > 0 ? Math.min(100, (epsilonSpent / epsilonTotal) * 100) : 100;
  return (
    <section class="budget-gauge" aria-labelledby="budget-heading" data-testid="budget-gauge">
      <h4 id="budget-heading">Privacy budget</h4>
      <label class="gauge">
        <span class="visually-hidden">Budget spent</span>
        <meter min={0} max={epsilonTotal || 1} low={epsilonTotal * 0.7} high={epsilonTotal * 0.9} optimum={0} value={epsilonSpent} />
      </label>
      <p>
        <strong data-testid="budget-spent">ε {formatEpsilon(epsilonSpent)}</strong> spent of {formatEpsilon(epsilonTotal)} ({percent.toFixed(0)}
        %) · <strong data-testid="budget-remaining">ε {formatEpsilon(epsilonRemaining)}</strong> left · {budget.queriesRun} {budget.queriesRun === 1 ? 'query' : 'queries'} this period
      </p>
      <p data-testid="budget-delta">
        {budget.deltaTotal > 0 ? (
          <>
            <strong data-testid="budget-delta-remaining">δ {formatEpsilon(budget.deltaRemaining)}</strong> left of{' '}
            {formatEpsilon(budget.deltaTotal)} (δ {formatEpsilon(budget.deltaSpent)} spent) — δ pays for grouping by columns whose values are not
            known in advance
          </>
        ) : (
          'δ budget: none — this agreement allows grouping only by columns whose values are known in advance'
        )}
      </p>
      <p class="muted small">
        Period started {formatDate(budget.periodStartedAt)}.{' '}
        {period === 'NEVER' || !budget.refillsAt
          ? 'This budget never refills.'
          : `Refills ${formatDate(budget.refillsAt)} (${period.toLowerCase()}).`}
      </p>
    </section>
  );
}
