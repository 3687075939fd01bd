import { useMemo, useState } from 'preact/hooks';
import { toApiError } from '../api/errors';
import { PRIVATE_AGGREGATE } from '../api/mutations';
import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';
import type { Dataset, SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatEpsilon } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { AggregationEditor } from './AggregationEditor';
import { buildQuery, initialState, queryColumns, type BuilderState } from './builderState';
import { EpsilonInput } from './EpsilonInput';
import { FilterEditor } from './FilterEditor';
import { GroupByPicker } from './GroupByPicker';
import { JoinEditor } from './JoinEditor';
import { isJoinedName, joinedColumns, keepOffered, type JoinDraft } from './joinState';
import { PreviewPanel } from './PreviewPanel';
import { usePreview } from './usePreview';

interface Props {
  agreement: SharingAgreement;
  /** The analyst's own organization's datasets, for a clean-room join. */
  ownDatasets?: Dataset[];
  onResult: (result: AggregateResult, input: AggregateQueryInput) => void;
}

const NO_DATASETS: Dataset[] = [];

export function QueryBuilder({ agreement, ownDatasets = NO_DATASETS, onResult }: Props) {
  const { request } = useSession();
  const [state, setState] = useState<BuilderState>(() => initialState(agreement));
  const [runs, setRuns] = useState(0);
  const columns = useMemo(() => queryColumns(agreement, state, ownDatasets), [agreement, state, ownDatasets]);
  const { input, problems } = useMemo(() => buildQuery(agreement, state, ownDatasets), [agreement, state, ownDatasets]);
  const preview = usePreview(request, problems.length ? null : input, runs);
  const run = useAction(async () => {
    const data = await request<{ privateAggregate: AggregateResult }>(PRIVATE_AGGREGATE, { input });
    onResult(data.privateAggregate, input);
    setRuns((n) => n + 1);
  });

  const update = (patch: Partial<BuilderState>) => setState((s) => ({ ...s, ...patch }));
  // A changed or removed join takes its columns out of the group-by and the filters.
  const setJoin = (join: JoinDraft | null) =>
    setState((s) => {
      const offered = joinedColumns(join, ownDatasets);
      const names = new Set(offered.map((c) => c.name));
      return {
        ...s,
        join,
        groupBy: s.groupBy.filter((n) => !isJoinedName(n) || names.has(n)),
        filters: keepOffered(s.filters, offered),
      };
    });
  const replaceAt = <T,>(list: T[], index: number, item: T) => list.map((x, i) => (i === index ? item : x));
  const firstFilterColumn = columns[0]?.name ?? '';
  const usable = agreement.status === 'ACTIVE';
  // What the preview says decides the button: a query it already knows would be refused for the
  // budget is not sent, and a repeat of an answered query is labelled free, not as spending ε.
  const settled = preview.loading ? undefined : preview.preview;
  const overBudget = !!settled && !settled.wouldBeCached && settled.epsilonCost > settled.budget.epsilonRemaining;
  const overDelta = !!settled && !settled.wouldBeCached && settled.deltaCost > settled.budget.deltaRemaining;
  // The preview runs the server's own checks: if it refused the query, running would too.
  const refusedCodes = ['FORBIDDEN', 'BAD_USER_INPUT', 'BUDGET_EXHAUSTED', 'QUERY_TOO_COMPLEX'];
  const previewRefused = !preview.loading && !!preview.error && refusedCodes.includes(toApiError(preview.error).code);
  const runLabel = settled?.wouldBeCached
    ? 'Run (free — returns the cached answer)'
    : overBudget
      ? 'Run (refused: over the budget left)'
      : overDelta
        ? 'Run (refused: over the δ budget left)'
      : previewRefused
        ? 'Run (the preview was refused — see above)'
      : `Run (spends up to ε = ${formatEpsilon(state.epsilon || 0)})`;
  const blocked = problems.length > 0 || !usable || overBudget || overDelta || previewRefused;

  return (
    <form
      noValidate
      class="card query-builder"
      data-testid="query-builder"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked && !run.pending) void run.run();
      }}
    >
      <h3>Query</h3>
      <div class="stack">
        {state.aggregations.map((draft, i) => (
          <AggregationEditor
            key={i}
            index={i}
            draft={draft}
            allowed={agreement.allowedAggregations}
            columns={columns}
            onChange={(d) => update({ aggregations: replaceAt(state.aggregations, i, d) })}
            onRemove={state.aggregations.length > 1 ? () => update({ aggregations: state.aggregations.filter((_, j) => j !== i) }) : undefined}
          />
        ))}
        <button
          type="button"
          onClick={() => update({ aggregations: [...state.aggregations, { ...initialState(agreement).aggregations[0]! }] })}
          data-testid="qb-add-aggregation"
        >
          Add aggregation
        </button>
      </div>
      <JoinEditor agreement={agreement} own={ownDatasets} join={state.join} onChange={setJoin} />
      <GroupByPicker
        agreement={agreement}
        selected={state.groupBy}
        onChange={(groupBy) => update({ groupBy })}
        joined={joinedColumns(state.join, ownDatasets)}
      />
      <fieldset class="stack">
        <legend>Filters</legend>
        {state.filters.map((draft, i) => (
          <FilterEditor
            key={i}
            index={i}
            draft={draft}
            columns={columns}
            onChange={(d) => update({ filters: replaceAt(state.filters, i, d) })}
            onRemove={() => update({ filters: state.filters.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          type="button"
          onClick={() => update({ filters: [...state.filters, { column: firstFilterColumn, op: 'EQ', value: '' }] })}
          disabled={!columns.length}
          data-testid="qb-add-filter"
        >
          Add filter
        </button>
      </fieldset>
      <EpsilonInput value={state.epsilon} max={agreement.epsilonPerQueryMax} onChange={(epsilon) => update({ epsilon })} />
      <PreviewPanel problems={problems} state={preview} />
      <ErrorBanner error={run.error} onDismiss={run.clearError} />
      <div class="actions">
        <button type="submit" class="primary" disabled={run.pending || blocked} data-testid="qb-run">
          {run.pending ? <Spinner label="Running" /> : runLabel}
        </button>
        {!usable && <span class="muted">This agreement is {agreement.status.toLowerCase()}: queries cannot run.</span>}
      </div>
    </form>
  );
}
