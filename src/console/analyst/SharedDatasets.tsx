import type { Dataset, SharingAgreement } from '../api/types';
import { formatDate } from '../ui/format';

interface Props {
  datasets: Dataset[];
  agreements: SharingAgreement[];
  selectedAgreementId: string | null;
  onSelect: (agreementId: string) => void;
}

export function SharedDatasets({ datasets, agreements, selectedAgreementId, onSelect }: Props) {
  if (datasets.length === 0) {
    return <p class="muted">No dataset is shared with your organization under an active agreement.</p>;
  }
  return (
    <div class="table-scroll">
      <table data-testid="shared-datasets">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col">Owner</th>
            <th scope="col">Columns</th>
            <th scope="col">Version</th>
            <th scope="col">Updated</th>
            <th scope="col">Active agreements</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => {
            const mine = agreements.filter((a) => a.dataset?.id === d.id);
            return (
              <tr key={d.id} data-testid="dataset-row" data-dataset-id={d.id}>
                <th scope="row">
                  {d.name}
                  {d.description && <div class="muted small">{d.description}</div>}
                </th>
                <td>{d.owner.name}</td>
                <td>{d.columns.length}</td>
                <td>{d.version}</td>
                <td>{formatDate(d.updatedAt)}</td>
                <td>
                  {mine.length === 0 && <span class="muted">none active</span>}
                  {mine.map((a) => (
                    <button
                      key={a.id}
                      type="button"
                      class="link"
                      aria-pressed={a.id === selectedAgreementId}
                      onClick={() => onSelect(a.id)}
                      data-testid="select-agreement"
                    >
                      {a.purpose}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
