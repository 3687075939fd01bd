import { formatDate, formatEpsilon, formatNumber } from '../ui/format';
import type { FederatedResult, Peer } from './federationApi';

interface Props {
  result: FederatedResult;
  peers: Peer[];
}

/** The combined groups (value ± its 95% noise bound) and what each part answered. */
export function FederatedResultView({ result }: Props) {
  return (
    <section class="card" aria-labelledby="federated-result-heading" data-testid="federated-result">
      <h3 id="federated-result-heading">Combined answer</h3>
      <p data-testid="federated-complete" class={result.complete ? '' : 'banner'}>
        {result.complete ? 'Every part answered.' : 'Not every part answered: the combination covers the parts that did.'} {formatDate(result.executedAt)}
      </p>
      <table data-testid="federated-groups">
        <thead>
          <tr>
            <th>Group</th>
            <th>Aggregation</th>
            <th>Value</th>
            <th>± 95%</th>
          </tr>
        </thead>
        <tbody>
          {result.groups.flatMap((g) =>
            g.values.map((v, i) => (
              <tr key={`${g.key.join('|')}-${i}`} data-testid="federated-group-row">
                <td>{g.key.length ? g.key.map((k) => k ?? 'null').join(', ') : 'all'}</td>
                <td>
                  {v.function}
                  {v.column ? `(${v.column})` : ''}
                  {v.bin ? ` ${v.bin}` : ''}
                </td>
                <td>{formatNumber(v.value)}</td>
                <td title={v.mechanism}>{formatNumber(v.errorBound95)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <h4>Parts</h4>
      <table data-testid="federated-parts-table">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Agreement</th>
            <th>Outcome</th>
            <th>ε spent</th>
          </tr>
        </thead>
        <tbody>
          {result.parts.map((p) => (
            <tr key={`${p.peer?.id ?? 'local'}/${p.agreementId}`} data-testid="federated-part-row">
              <td>{p.peer ? p.peer.name : 'this deployment'}</td>
              <td>
                <code>{p.agreementId.slice(0, 8)}</code>
              </td>
              <td>{p.errorCode ? `${p.errorCode}: ${p.errorMessage ?? ''}` : p.result?.cached ? 'answered from cache' : 'answered'}</td>
              <td>{p.result ? formatEpsilon(p.result.epsilonSpent) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
