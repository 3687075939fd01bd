import { datasetName } from '../api/agreementDatasets';
import type { BudgetUsage } from '../api/queryTypes';
import { formatDate, formatEpsilon } from '../ui/format';

interface Props {
  rows: BudgetUsage[];
  /** Which side of each agreement to name: its partner (we granted it) or its owner (we use it). */
  counterpart: 'partner' | 'owner';
  caption: string;
  testId: string;
}

export function BudgetUsageTable({ rows, counterpart, caption, testId }: Props) {
  return (
    <div class="table-scroll">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{counterpart === 'partner' ? 'Partner' : 'Owner'}</th>
            <th scope="col">Dataset</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Queries
            </th>
            <th scope="col" class="num">
              ε spent
            </th>
            <th scope="col" class="num">
              ε left this period
            </th>
            <th scope="col">Last query</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.agreement.id} data-testid="budget-row" data-agreement-id={u.agreement.id}>
              <th scope="row">{u.agreement[counterpart].name}</th>
              <td>{datasetName(u.agreement.dataset)}</td>
              <td>{u.agreement.status}</td>
              <td class="num">{u.queriesRun.toLocaleString()}</td>
              <td class="num">{formatEpsilon(u.epsilonSpent)}</td>
              <td class="num">
                {formatEpsilon(u.agreement.budget.epsilonRemaining)} of {formatEpsilon(u.agreement.budget.epsilonTotal)}
              </td>
              <td>{formatDate(u.lastQueryAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
