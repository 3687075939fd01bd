/** What the coordinator asks a peer: ordinary contract operations, with the peer analyst's token. */

export const DESCRIBE_AGREEMENT = `query ParleyFederationDescribe($id: ID!) {
  agreement(id: $id) { id dataset { columns { name type categories lowerBound upperBound } } }
}`;

const NOISE = 'family granularity scale';
const BUDGET = 'epsilonTotal epsilonSpent epsilonRemaining queriesRun deltaTotal deltaSpent deltaRemaining periodStartedAt refillsAt';

export const RUN_PART = `mutation ParleyFederationPart($input: AggregateQueryInput!) {
  privateAggregate(input: $input) {
    queryId agreementId datasetVersion epsilonSpent deltaSpent suppressedGroups cached executedAt
    budget { ${BUDGET} }
    groups { key values { function column quantile bin value errorBound95 mechanism sumPart countPart centre
      noise { ${NOISE} } countNoise { ${NOISE} } } }
  }
}`;

export interface RemoteNoise {
  family: string;
  granularity: number;
  scale: number;
}

export interface RemoteValue {
  function: string;
  column: string | null;
  quantile: number | null;
  bin: string | null;
  value: number;
  errorBound95: number;
  mechanism: string;
  sumPart: number | null;
  countPart: number | null;
  centre: number | null;
  noise: RemoteNoise | null;
  countNoise: RemoteNoise | null;
}

export interface RemoteResult {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  deltaSpent: number;
  suppressedGroups: number;
  cached: boolean;
  executedAt: string;
  budget: Record<string, number | string | null>;
  groups: { key: (string | null)[]; values: RemoteValue[] }[];
}
