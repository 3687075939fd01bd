import { downloadWithToken } from '../api/download';
import { SYNTHETIC_DATASETS } from '../api/queries';
import type { SyntheticDataset } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatDate, formatEpsilon } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { useAction, useQuery } from '../ui/useAsync';

interface Props {
  agreementId: string;
  /** Names the downloaded files. */
  datasetName: string;
  /** Changes when a new synthetic dataset was made: the list reloads. */
  refresh?: number;
}

/** The synthetic datasets made under one agreement that the caller may read, each with its CSV. */
export function SyntheticDatasetList({ agreementId, datasetName, refresh = 0 }: Props) {
  const { request, token } = useSession();
  const list = useQuery(
    (signal) => request<{ syntheticDatasets: SyntheticDataset[] }>(SYNTHETIC_DATASETS, { agreementId }, { signal }).then((d) => d.syntheticDatasets),
    [agreementId, refresh],
  );
  const download = useAction((s: SyntheticDataset) => downloadWithToken(token, s.downloadPath, `synthetic-${datasetName}-${s.id.slice(0, 8)}.csv`));
  if (list.loading && !list.data) return <Spinner label="Loading synthetic datasets" />;
  return (
    <>
      <ErrorBanner error={list.error ?? download.error} onDismiss={download.clearError} />
      {list.data && list.data.length === 0 && <p class="muted">No synthetic data generated under this agreement yet.</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-scroll">
          <table data-testid="synthetic-list">
            <thead>
              <tr>
                <th scope="col">Generated</th>
                <th scope="col">Columns</th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col" class="num">
                  ε spent
                </th>
                <th scope="col">Method</th>
                <th scope="col">CSV</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id} data-testid="synthetic-row">
                  <td>{formatDate(s.createdAt)}</td>
                  <td>{s.columns.join(', ')}</td>
                  <td class="num">{s.rows}</td>
                  <td class="num">{formatEpsilon(s.epsilonSpent)}</td>
                  <td class="small">{s.method}</td>
                  <td>
                    <button type="button" onClick={() => void download.run(s)} disabled={download.pending} data-testid="synthetic-download">
                      Download
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
