import { useState } from 'preact/hooks';
import { DATASETS } from '../api/queries';
import type { Dataset } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useQuery } from '../ui/useAsync';
import { CreateDatasetForm } from './CreateDatasetForm';
import { DatasetDetail } from './DatasetDetail';

export function DatasetsSection() {
  const { request, me } = useSession();
  const list = useQuery(
    (signal) =>
      request<{ datasets: Dataset[] }>(DATASETS, {}, { signal }).then((d) => d.datasets.filter((x) => x.owner.id === me.organization.id)),
    [me.organization.id],
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <div class="section" data-testid="section-datasets">
      <div class="section-head">
        <h2>Datasets of {me.organization.name}</h2>
        {!creating && (
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="new-dataset">
            New dataset
          </button>
        )}
      </div>
      {creating && (
        <CreateDatasetForm
          onCancel={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            setSelectedId(d.id);
            list.reload();
          }}
        />
      )}
      <ErrorBanner error={list.error} />
      {list.loading && !list.data && <Spinner label="Loading datasets" />}
      {list.data && list.data.length === 0 && <p class="muted">Your organization has no dataset yet.</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-scroll">
          <table data-testid="datasets-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">Columns</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((d) => (
                <tr
                  key={d.id}
                  data-testid="dataset-row"
                  data-dataset-id={d.id}
                  aria-selected={d.id === selectedId}
                  class={d.id === selectedId ? 'selected' : ''}
                >
                  <th scope="row">
                    <button type="button" class="link" onClick={() => setSelectedId(d.id)} data-testid="dataset-open">
                      {d.name}
                    </button>
                  </th>
                  <td class="num">{d.rowCount?.toLocaleString() ?? '—'}</td>
                  <td class="num">{d.version}</td>
                  <td>{d.columns.map((c) => c.name).join(', ')}</td>
                  <td>{formatDate(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selectedId && <DatasetDetail key={selectedId} datasetId={selectedId} onChanged={list.reload} />}
    </div>
  );
}
