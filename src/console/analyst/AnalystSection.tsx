import { useState } from 'preact/hooks';
import { AGREEMENTS, DATASETS } from '../api/queries';
import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';
import type { Dataset, PrivacyBudget, SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { AgreementTerms } from './AgreementTerms';
import { BudgetGauge } from './BudgetGauge';
import { loadHistory, saveHistory, type HistoryEntry } from './history';
import { QueryBuilder } from './QueryBuilder';
import { QueryHistory } from './QueryHistory';
import { ReleasedAnswers } from './ReleasedAnswers';
import { ResultView } from './ResultView';
import { SharedDatasets } from './SharedDatasets';
import { SyntheticDataPanel } from './SyntheticDataPanel';

export function AnalystSection() {
  const { request, me } = useSession();
  const myOrg = me.organization.id;
  const loaded = useQuery(async (signal) => {
    const [a, d] = await Promise.all([
      request<{ agreements: SharingAgreement[] }>(AGREEMENTS, { status: 'ACTIVE' }, { signal }),
      request<{ datasets: Dataset[] }>(DATASETS, {}, { signal }),
    ]);
    return {
      agreements: a.agreements.filter((x) => x.partner.id === myOrg),
      datasets: d.datasets.filter((x) => x.owner.id !== myOrg),
      ownDatasets: d.datasets.filter((x) => x.owner.id === myOrg),
    };
  }, [myOrg]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [budgets, setBudgets] = useState<Record<string, PrivacyBudget>>({});
  const [history, setHistory] = useState<HistoryEntry[]>(loadHistory);
  const [shownRun, setShownRun] = useState<number | null>(() => history[0]?.run ?? null);

  if (loaded.loading && !loaded.data) return <Spinner label="Loading your agreements" />;
  if (!loaded.data) return <ErrorBanner error={loaded.error} />;

  const { agreements, datasets, ownDatasets } = loaded.data;
  const agreement = agreements.find((a) => a.id === chosenId) ?? agreements[0];
  const shown = history.find((h) => h.run === shownRun);

  function onResult(result: AggregateResult, input: AggregateQueryInput) {
    setBudgets((b) => ({ ...b, [result.agreementId]: result.budget }));
    const run = (history[0]?.run ?? 0) + 1;
    const entry = { run, runAt: new Date().toISOString(), datasetName: agreement?.dataset?.name ?? '', input, result };
    setHistory((h) => saveHistory([entry, ...h]));
    setShownRun(run);
  }

  return (
    <div class="section" data-testid="section-queries">
      <h2>Queries</h2>
      <section class="card" aria-labelledby="shared-heading">
        <h3 id="shared-heading">Datasets shared with {me.organization.name}</h3>
        <SharedDatasets datasets={datasets} agreements={agreements} selectedAgreementId={agreement?.id ?? null} onSelect={setChosenId} />
      </section>
      {agreement ? (
        <>
          <section class="card" aria-labelledby="agreement-heading">
            <div class="card-head">
              <h3 id="agreement-heading">Agreement</h3>
              <label class="field">
                <span>Query under</span>
                <select value={agreement.id} onChange={(e) => setChosenId(e.currentTarget.value)} data-testid="qb-agreement">
                  {agreements.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.dataset?.name} — {a.owner.name}: {a.purpose}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div class="two-col">
              <AgreementTerms agreement={agreement} />
              <BudgetGauge budget={budgets[agreement.id] ?? agreement.budget} period={agreement.budgetPeriod} />
            </div>
          </section>
          <QueryBuilder key={agreement.id} agreement={agreement} ownDatasets={ownDatasets} onResult={onResult} />
          {agreement.allowSynthetic && (
            <SyntheticDataPanel key={agreement.id} agreement={agreement} onSpent={(budget) => setBudgets((b) => ({ ...b, [agreement.id]: budget }))} />
          )}
        </>
      ) : (
        <p class="banner">Your organization has no active agreement, so there is nothing to query yet.</p>
      )}
      {shown && (
        <ResultView
          key={shown.run}
          result={shown.result}
          input={shown.input}
          datasetName={shown.datasetName}
          columns={agreements.find((a) => a.id === shown.result.agreementId)?.dataset?.columns ?? []}
        />
      )}
      <QueryHistory entries={history} selected={shownRun} onSelect={setShownRun} />
      {agreement && <ReleasedAnswers agreementId={agreement.id} refresh={history.length} />}
    </div>
  );
}
