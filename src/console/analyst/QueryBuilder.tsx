import { useMemo, useState } from 'preact/hooks';
import { PRIVATE_AGGREGATE } from '../api/mutations';
import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';
import type { SharingAgreement } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatEpsilon } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction } from '../ui/useAsync';
import { AggregationEditor } from './AggregationEditor';
import { agreementColumns, buildQuery, groupableColumns, initialState, type BuilderState } from './builderState';
import { EpsilonInput } from './EpsilonInput';
import { FilterEditor } from './FilterEditor';
import { GroupByPicker } from './GroupByPicker';
import { PreviewPanel } from './PreviewPanel';
import { usePreview } from './usePreview';

interface Props {
  agreement: SharingAgreement;
  onResult: (result: AggregateResult, input: AggregateQueryInput) => void;
}

export function QueryBuilder({ agreement, onResult }: Props) {
  const { request } = useSession();
  const [state, setState] = useState<BuilderState>(() => initialState(agreement));
  const [runs, setRuns] = useState(0);
  const columns = useMemo(() => agreementColumns(agreement), [agreement]);
  const { input, problems } = useMemo(() => buildQuery(agreement, state), [agreement, state]);
  const preview = usePreview(request, problems.length ? null : input, runs);
  const run = useAction(async () => {
    const data = await request<{ privateAggregate: AggregateResult }>(PRIVATE_AGGREGATE, { input });
    onResult(data.privateAggregate, input);
    setRuns((n) => n + 1);
  });

  const update = (patch: Partial<BuilderState>) => setState((s) => ({ ...s, ...patch }));
  const replaceAt = <T,>(list: T[], index: number, item: T) => list.map((x, i) => (i === index ? item : x));
  const firstFilterColumn = columns[0]?.name ?? '';
  const usable = agreement.status === 'ACTIVE';

  return (
    <form
      noValidate
      class="card query-builder"
      data-testid="query-builder"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problems.length && usable) void run.run();
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
      <GroupByPicker
        columns={groupableColumns(agreement)}
        selected={state.groupBy}
        onChange={(groupBy) => update({ groupBy })}
        textAllowed={agreement.delta > 0}
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
        <button type="submit" class="primary" disabled={run.pending || problems.length > 0 || !usable} data-testid="qb-run">
          {run.pending ? <Spinner label="Running" /> : `Run (spends up to ε = ${formatEpsilon(state.epsilon || 0)})`}
        </button>
        {!usable && <span class="muted">This agreement is {agreement.status.toLowerCase()}: queries cannot run.</span>}
      </div>
    </form>
  );
}
