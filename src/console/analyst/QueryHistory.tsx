import { formatDate, formatEpsilon } from '../ui/format';
import { aggregationLabel } from './builderState';
import type { HistoryEntry } from './history';
import { describeJoin, describeWhere } from './queryText';

interface Props {
  entries: HistoryEntry[];
  selected: number | null;
  onSelect: (run: number) => void;
}

export function QueryHistory({ entries, selected, onSelect }: Props) {
  return (
    <section class="card" aria-labelledby="history-heading" data-testid="query-history">
      <h3 id="history-heading">My queries (this session)</h3>
      <p class="muted small">Kept in this browser tab, with the full results; every released answer is also listed below.</p>
      {entries.length === 0 ? (
        <p class="muted">No query run yet.</p>
      ) : (
        <ol class="history">
          {entries.map(({ run, runAt, datasetName, input, result }) => (
            <li key={run}>
              <button type="button" class="link" aria-current={selected === run ? 'true' : undefined} onClick={() => onSelect(run)}>
                {formatDate(runAt)} · {datasetName} · {input.aggregations.map(aggregationLabel).join(', ')}
                {input.groupBy?.length ? ` by ${input.groupBy.join(', ')}` : ''}
                {describeJoin(input.join)}
                {describeWhere(input.filters)}
              </button>{' '}
              <span class="muted">{result.cached ? 'cached' : `ε ${formatEpsilon(result.epsilonSpent)}`}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
