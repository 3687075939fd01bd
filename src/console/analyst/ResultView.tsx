import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';
import type { DatasetColumn } from '../api/types';
import { formatDate, formatEpsilon, formatNumber } from '../ui/format';
import { EMPTY_KEY, ResultChart } from './ResultChart';
import { ResultExport } from './ResultExport';
import { pivotResult, tableRecords } from './resultTable';

interface Props {
  result: AggregateResult;
  input: AggregateQueryInput;
  columns: DatasetColumn[];
  datasetName: string;
}

export function ResultView({ result, input, columns, datasetName }: Props) {
  const groupBy = input.groupBy ?? [];
  const table = pivotResult(result);
  const mechanisms = [...new Set(table.columns.map((c) => c.mechanism))];
  const fileName = `parley-${datasetName || 'result'}-${result.queryId.slice(0, 8)}.csv`;
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
      <ResultChart result={result} columns={columns} />
      {table.rows.length > 0 && <ResultExport records={tableRecords(table, groupBy)} fileName={fileName} />}
      <div class="table-scroll">
        <table data-testid="result-table">
          <caption class="muted small">Each cell: the noisy value ± its 95% noise bound.</caption>
          <thead>
            <tr>
              {groupBy.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {table.columns.map((c) => (
                <th key={c.label} scope="col" class="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, ri) => (
              <tr key={ri} data-testid="result-row">
                {r.key.map((k, ci) => (
                  <td key={ci}>{k ?? <em class="muted">{EMPTY_KEY}</em>}</td>
                ))}
                {r.cells.map((c, ci) =>
                  c ? (
                    <td key={ci} class="num">
                      <span data-testid="result-value">{formatNumber(c.value, 6)}</span>{' '}
                      <span class="muted" data-testid="result-bound">
                        ± {formatNumber(c.error)}
                      </span>
                    </td>
                  ) : (
                    <td key={ci} class="num muted">
                      —
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.hasNullKey && (
        <p class="muted small" data-testid="result-null-note">
          A group shown as {EMPTY_KEY} holds the rows whose {groupBy.join(' or ')} is empty (NULL) in the dataset; it is
          released like any other group.
        </p>
      )}
      {table.rows.length === 0 && <p class="muted">No group was released.</p>}
      {mechanisms.length > 0 && (
        <details class="small" data-testid="result-mechanisms">
          <summary>How the noise was added</summary>
          <ul>
            {table.columns.map((c) => (
              <li key={c.label}>
                {c.label}: {c.mechanism}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
