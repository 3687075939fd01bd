import type { IngestReport } from '../api/types';
import { formatDate } from '../ui/format';
import { ColumnStatsTable } from './ColumnStatsTable';

interface Props {
  report: IngestReport;
  title?: string;
  testId?: string;
  /** The dataset's column names in their declared order, which the statistics follow. */
  columnOrder?: string[];
}

export function QualityReport({ report, title = 'Latest ingest', testId = 'quality-report', columnOrder }: Props) {
  const counts: [string, number][] = [
    ['Rows received', report.rowsReceived],
    ['Accepted', report.rowsAccepted],
    ['Rejected', report.rowsRejected],
    ['Duplicates removed', report.duplicatesRemoved],
    ['Values clamped', report.valuesClamped],
  ];
  return (
    <section class="quality-report" data-testid={testId}>
      <h4>
        {title} <span class="muted small">— version {report.datasetVersion}, {formatDate(report.finishedAt)}</span>
      </h4>
      <dl class="counts">
        {counts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {report.errors.length > 0 && (
        <details open={report.errors.length <= 10}>
          <summary>
            {report.errors.length} problem{report.errors.length === 1 ? '' : 's'}
            {report.errors.length >= 100 ? ' (the first 100 are listed)' : ''}
          </summary>
          <div class="table-scroll">
            <table class="compact" data-testid="ingest-errors">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Line
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td class="num">{e.line}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <ColumnStatsTable stats={report.columnStats} columnOrder={columnOrder} />
    </section>
  );
}
