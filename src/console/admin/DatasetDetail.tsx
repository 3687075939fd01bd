import { useState } from 'preact/hooks';
import { DATASET_DETAIL } from '../api/queries';
import type { Dataset } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { QualityReport } from './QualityReport';
import { UploadForm } from './UploadForm';

interface Props {
  datasetId: string;
  onChanged: () => void;
}

export function DatasetDetail({ datasetId, onChanged }: Props) {
  const { request } = useSession();
  // The version the upload form is showing its report for: that same report is not shown twice.
  const [uploadedVersion, setUploadedVersion] = useState<number | null>(null);
  const detail = useQuery(
    (signal) => request<{ dataset: Dataset | null }>(DATASET_DETAIL, { id: datasetId }, { signal }).then((d) => d.dataset),
    [datasetId],
  );
  if (detail.loading && !detail.data) return <Spinner label="Loading the dataset" />;
  if (detail.error) return <ErrorBanner error={detail.error} />;
  const dataset = detail.data;
  if (!dataset) return <p class="banner">This dataset no longer exists.</p>;

  return (
    <section class="card" aria-labelledby="dataset-heading" data-testid="dataset-detail">
      <h3 id="dataset-heading">{dataset.name}</h3>
      {dataset.description && <p>{dataset.description}</p>}
      <dl class="facts">
        <dt>Rows</dt>
        <dd data-testid="dataset-row-count">{dataset.rowCount?.toLocaleString() ?? '—'}</dd>
        <dt>Version</dt>
        <dd data-testid="dataset-version">{dataset.version}</dd>
        <dt>Privacy unit</dt>
        <dd>
          {dataset.privacyUnitColumn ?? 'each row is one person'}; at most {dataset.maxRowsPerUnit} row{dataset.maxRowsPerUnit === 1 ? '' : 's'} per person
          enter an aggregate
        </dd>
        <dt>Updated</dt>
        <dd>{formatDate(dataset.updatedAt)}</dd>
      </dl>
      <div class="table-scroll">
        <table class="compact">
          <caption>Columns</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Sensitivity</th>
              <th scope="col">May be empty</th>
              <th scope="col">Bounds</th>
              <th scope="col">Categories</th>
            </tr>
          </thead>
          <tbody>
            {dataset.columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{c.type}</td>
                <td>{c.sensitivity}</td>
                <td>{c.nullable ? 'yes' : 'no'}</td>
                <td>{c.lowerBound != null || c.upperBound != null ? `${c.lowerBound ?? '−∞'} … ${c.upperBound ?? '∞'}` : '—'}</td>
                <td>{c.categories?.join(', ') ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!dataset.qualityReport ? (
        <p class="muted">No data ingested yet.</p>
      ) : (
        dataset.qualityReport.datasetVersion !== uploadedVersion && (
          <QualityReport report={dataset.qualityReport} columnOrder={dataset.columns.map((c) => c.name)} />
        )
      )}
      <UploadForm
        datasetId={dataset.id}
        columnOrder={dataset.columns.map((c) => c.name)}
        onIngested={(report) => {
          setUploadedVersion(report.datasetVersion);
          detail.reload();
          onChanged();
        }}
      />
    </section>
  );
}
