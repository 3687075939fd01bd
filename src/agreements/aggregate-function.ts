/** The aggregations an agreement may allow and a private query may ask for. */
export enum AggregateFunction {
  COUNT = 'COUNT',
  COUNT_DISTINCT_UNITS = 'COUNT_DISTINCT_UNITS',
  SUM = 'SUM',
  MEAN = 'MEAN',
  HISTOGRAM = 'HISTOGRAM',
  QUANTILE = 'QUANTILE',
}

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = Object.values(AggregateFunction);

export function isAggregateFunction(v: string): v is AggregateFunction {
  return (AGGREGATE_FUNCTIONS as readonly string[]).includes(v);
}
