import { loadBudgetUsage } from '../api/agreementDatasets';
import type { BudgetUsage } from '../api/queryTypes';
import { useSession } from '../auth/session';
import { BarChart } from '../ui/BarChart';
import { partnerColours } from '../ui/palette';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { BudgetTimeline } from './BudgetTimeline';
import { BudgetUsageTable } from './BudgetUsageTable';

interface PartnerTotal { partner: string; epsilonSpent: number }

function totalsByPartner(usage: BudgetUsage[]): PartnerTotal[] {
  const totals = new Map<string, number>();
  for (const u of usage) totals.set(u.agreement.partner.name, (totals.get(u.agreement.partner.name) ?? 0) + u.epsilonSpent);
  return [...totals].map(([partner, epsilonSpent]) => ({ partner, epsilonSpent })).sort((a, b) => b.epsilonSpent - a.epsilonSpent);
}

export function BudgetUsageSection() {
  const { request, me } = useSession();
  const usage = useQuery((signal) => loadBudgetUsage(request, signal), []);

  if (usage.loading && !usage.data) return <Spinner label="Loading budget usage" />;
  if (!usage.data) return <ErrorBanner error={usage.error} />;
  const myOrg = me.organization.id;
  const granted = usage.data.filter((u) => u.agreement.owner.id === myOrg);
  const used = usage.data.filter((u) => u.agreement.owner.id !== myOrg);
  const partners = totalsByPartner(granted);
  const colours = partnerColours(granted.map((u) => u.agreement.partner.name));

  return (
    <div class="section" data-testid="section-budget">
      <h2>Budget usage</h2>
      <section class="card" aria-labelledby="usage-heading">
        <h3 id="usage-heading">ε spent per partner on {me.organization.name}'s data</h3>
        {granted.length === 0 ? (
          <p class="muted">No agreement granted by {me.organization.name} yet.</p>
        ) : (
          <>
            <BarChart
              labels={partners.map((p) => p.partner)}
              values={partners.map((p) => p.epsilonSpent)}
              colours={partners.map((p) => colours.get(p.partner)!)}
              yLabel="ε spent"
              title="Total ε spent per partner organization"
              testId="budget-chart"
            />
            <BudgetUsageTable rows={granted} counterpart="partner" caption="Per agreement" testId="budget-table" />
          </>
        )}
      </section>
      {used.length > 0 && (
        <section class="card" aria-labelledby="used-heading">
          <h3 id="used-heading">{me.organization.name}'s use of other organizations' data</h3>
          <BudgetUsageTable rows={used} counterpart="owner" caption="Per agreement" testId="budget-used-table" />
        </section>
      )}
      {granted.length > 0 && <BudgetTimeline usage={granted} />}
    </div>
  );
}
