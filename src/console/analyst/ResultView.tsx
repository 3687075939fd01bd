import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';
import { formatDate, formatEpsilon, formatNumber } from '../ui/format';
import { aggregationLabel } from './builderState';
import { ResultChart } from './ResultChart';

interface Props {
  result: AggregateResult;
  input: AggregateQueryInput;
}

export function ResultView({ result, input }: Props) {
  const groupBy = input.groupBy ?? [];
  const hasBins = result.groups.some((g) => g.values.some((v) => v.bin !== null));
  return (
    <section class="card result" data-testid="query-result" aria-labelledby="result-heading">
      <h3 id="result-heading">Result</h3>
      <p class="badges">
        {result.cached ? (
          <span class="badge badge-info" data-testid="result-cached">
            Cached — same answer as before, no budget spent
          </span>
        ) : (
          <span class="badge" data-testid="result-spent">
            Spent ε = {formatEpsilon(result.epsilonSpent)}
          </span>
        )}
        <span class="badge" data-testid="result-suppressed">
          {result.suppressedGroups} group{result.suppressedGroups === 1 ? '' : 's'} suppressed
        </span>
        <span class="badge">Dataset version {result.datasetVersion}</span>
        <span class="muted">{formatDate(result.executedAt)}</span>
      </p>
      <ResultChart result={result} />
      <div class="table-scroll">
        <table data-testid="result-table">
          <thead>
            <tr>
              {groupBy.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">Aggregation</th>
              {hasBins && <th scope="col">Bin</th>}
              <th scope="col" class="num">
                Noisy value
              </th>
              <th scope="col" class="num">
                ± 95%
              </th>
              <th scope="col">Mechanism</th>
            </tr>
          </thead>
          <tbody>
            {result.groups.flatMap((g, gi) =>
              g.values.map((v, vi) => (
                <tr key={`${gi}-${vi}`} data-testid="result-row">
                  {groupBy.map((c, ci) => (
                    <td key={c}>{g.key[ci] ?? <em class="muted">(empty)</em>}</td>
                  ))}
                  <td>{aggregationLabel(v)}</td>
                  {hasBins && <td>{v.bin ?? ''}</td>}
                  <td class="num">{formatNumber(v.value, 6)}</td>
                  <td class="num">{formatNumber(v.errorBound95)}</td>
                  <td>{v.mechanism}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      {result.groups.length === 0 && <p class="muted">No group was released.</p>}
    </section>
  );
}
