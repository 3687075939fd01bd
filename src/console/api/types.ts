// The shapes the console reads, built from the types generated from schema.graphql
// (schema-types.ts): each names the fields its documents select, so a field renamed, removed or
// retyped in the API fails the console's typecheck.
import type * as Api from './schema-types';

export type { AggregateFunction, AgreementStatus, AuditOutcome, BudgetPeriod, ColumnType, FilterOp, IngestMode, Role, Sensitivity } from './schema-types';

/** Every value of a generated enum, in the order given; a value left out (or unknown) does not compile. */
function allOf<T extends string>() {
  return <const A extends readonly T[]>(...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): T[] => [...values];
}

export const ROLES = allOf<Api.Role>()('PLATFORM_ADMIN', 'ORG_ADMIN', 'ANALYST', 'AUDITOR', 'PLATFORM_AUDITOR');
export const COLUMN_TYPES = allOf<Api.ColumnType>()('INTEGER', 'FLOAT', 'BOOLEAN', 'CATEGORY', 'TEXT', 'DATE');
export const SENSITIVITIES = allOf<Api.Sensitivity>()('IDENTIFIER', 'QUASI_IDENTIFIER', 'SENSITIVE', 'PUBLIC');
export const AGGREGATE_FUNCTIONS = allOf<Api.AggregateFunction>()('COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM', 'QUANTILE');
export const BUDGET_PERIODS = allOf<Api.BudgetPeriod>()('NEVER', 'DAILY', 'WEEKLY', 'MONTHLY');
export const FILTER_OPS = allOf<Api.FilterOp>()('EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'IN', 'IS_NULL', 'NOT_NULL');

export type Organization = Pick<Api.Organization, 'id' | 'name' | 'slug' | 'createdAt'>;

export type User = Pick<Api.User, 'id' | 'email' | 'roles' | 'createdAt' | 'disabledAt'> & { organization: Organization };

export type ApiToken = Pick<Api.ApiToken, 'id' | 'name' | 'prefix' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'> & {
  user: Pick<Api.User, 'id' | 'email'>;
};

export type IssuedToken = Pick<Api.IssuedToken, 'token'> & { apiToken: ApiToken };

export type DatasetColumn = Pick<Api.DatasetColumn, 'name' | 'type' | 'sensitivity' | 'nullable' | 'lowerBound' | 'upperBound' | 'categories'>;

export type IngestError = Pick<Api.IngestError, 'line' | 'column' | 'message'>;

export type IngestReport = Pick<
  Api.IngestReport,
  'datasetVersion' | 'rowsReceived' | 'rowsAccepted' | 'rowsRejected' | 'duplicatesRemoved' | 'valuesClamped' | 'columnStats' | 'finishedAt'
> & { errors: IngestError[] };

export type Dataset = Pick<
  Api.Dataset,
  'id' | 'name' | 'description' | 'privacyUnitColumn' | 'maxRowsPerUnit' | 'version' | 'createdAt' | 'updatedAt' | 'rowCount'
> & { owner: Organization; columns: DatasetColumn[]; qualityReport: IngestReport | null };

export type PrivacyBudget = Pick<
  Api.PrivacyBudget,
  'epsilonTotal' | 'epsilonSpent' | 'epsilonRemaining' | 'deltaTotal' | 'deltaSpent' | 'deltaRemaining' | 'queriesRun' | 'periodStartedAt' | 'refillsAt'
>;

/** The part of an agreement's dataset the console shows. */
export type AgreementDataset = Pick<Api.Dataset, 'id' | 'name'> & { columns: DatasetColumn[] };

export type SharingAgreement = Pick<
  Api.SharingAgreement,
  | 'id'
  | 'status'
  | 'purpose'
  | 'columns'
  | 'allowedAggregations'
  | 'epsilonPerQueryMax'
  | 'delta'
  | 'joinColumns'
  | 'allowSynthetic'
  | 'budgetPeriod'
  | 'suppressBelow'
  | 'validFrom'
  | 'expiresAt'
  | 'createdAt'
  | 'revokedAt'
> & {
  /** Null in lists when the caller may no longer see it (a partner, after a revocation or expiry). */
  dataset: AgreementDataset | null;
  owner: Organization;
  partner: Organization;
  grantedBy: Pick<Api.User, 'id' | 'email'>;
  budget: PrivacyBudget;
};

export type SyntheticDataset = Pick<Api.SyntheticDataset, 'id' | 'columns' | 'rows' | 'epsilonSpent' | 'method' | 'createdAt' | 'downloadPath'>;
