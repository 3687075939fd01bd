import type { AggregateFunction } from '../agreements/aggregate-function';
import type { FilterOp } from './filter-op';

/*
 * A private aggregate query as the caller asked it, before validation: what the query service and
 * the validator take. The GraphQL input types (aggregate-query.input.ts) satisfy these shapes; the
 * domain depends on the shapes, never on the decorated classes.
 */

export interface FilterRequest {
  column: string;
  op: FilterOp;
  value?: string | null;
  values?: string[] | null;
}

export interface AggregationRequest {
  function: AggregateFunction;
  column?: string | null;
  quantile?: number | null;
  bins?: number[] | null;
}

/** A dataset of the caller's own organization joined on a pair of IDENTIFIER columns. */
export interface JoinRequest {
  datasetId: string;
  alias: string;
  on: string;
  otherOn: string;
}

export interface AggregateQueryRequest {
  agreementId: string;
  aggregations: AggregationRequest[];
  groupBy?: string[] | null;
  filters?: FilterRequest[] | null;
  epsilon: number;
  delta?: number | null;
  join?: JoinRequest | null;
}
