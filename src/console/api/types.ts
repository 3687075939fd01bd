// TypeScript mirrors of the contract types the console reads (schema.graphql).

export type Role = 'PLATFORM_ADMIN' | 'ORG_ADMIN' | 'ANALYST' | 'AUDITOR' | 'PLATFORM_AUDITOR';
export const ROLES: Role[] = ['PLATFORM_ADMIN', 'ORG_ADMIN', 'ANALYST', 'AUDITOR', 'PLATFORM_AUDITOR'];

export type ColumnType = 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'CATEGORY' | 'TEXT' | 'DATE';
export const COLUMN_TYPES: ColumnType[] = ['INTEGER', 'FLOAT', 'BOOLEAN', 'CATEGORY', 'TEXT', 'DATE'];
export type Sensitivity = 'IDENTIFIER' | 'QUASI_IDENTIFIER' | 'SENSITIVE' | 'PUBLIC';
export const SENSITIVITIES: Sensitivity[] = ['IDENTIFIER', 'QUASI_IDENTIFIER', 'SENSITIVE', 'PUBLIC'];
export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT_UNITS' | 'SUM' | 'MEAN' | 'HISTOGRAM' | 'QUANTILE';
export const AGGREGATE_FUNCTIONS: AggregateFunction[] = ['COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM', 'QUANTILE'];
export type AgreementStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';
export type BudgetPeriod = 'NEVER' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
export const BUDGET_PERIODS: BudgetPeriod[] = ['NEVER', 'DAILY', 'WEEKLY', 'MONTHLY'];
export type FilterOp = 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN' | 'IS_NULL' | 'NOT_NULL';
export const FILTER_OPS: FilterOp[] = ['EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'IN', 'IS_NULL', 'NOT_NULL'];
export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'ERROR';
export type IngestMode = 'APPEND' | 'REPLACE';

export interface Organization { id: string; name: string; slug: string; createdAt: string }

export interface User {
  id: string;
  email: string;
  organization: Organization;
  roles: Role[];
  createdAt: string;
  disabledAt: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  user: { id: string; email: string };
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedToken { token: string; apiToken: ApiToken }

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  sensitivity: Sensitivity;
  nullable: boolean;
  lowerBound: number | null;
  upperBound: number | null;
  categories: string[] | null;
}

export interface IngestError { line: number; column: string | null; message: string }

export interface IngestReport {
  datasetVersion: number;
  rowsReceived: number;
  rowsAccepted: number;
  rowsRejected: number;
  duplicatesRemoved: number;
  valuesClamped: number;
  columnStats: unknown;
  errors: IngestError[];
  finishedAt: string;
}

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  owner: Organization;
  columns: DatasetColumn[];
  privacyUnitColumn: string | null;
  maxRowsPerUnit: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  rowCount: number | null;
  qualityReport: IngestReport | null;
}

export interface PrivacyBudget {
  epsilonTotal: number;
  epsilonSpent: number;
  epsilonRemaining: number;
  deltaTotal: number;
  deltaSpent: number;
  deltaRemaining: number;
  queriesRun: number;
  periodStartedAt: string;
  refillsAt: string | null;
}

/** The part of an agreement's dataset the console shows. */
export interface AgreementDataset { id: string; name: string; columns: DatasetColumn[] }

export interface SharingAgreement {
  id: string;
  /** Null in lists when the caller may no longer see it (a partner, after a revocation or expiry). */
  dataset: AgreementDataset | null;
  owner: Organization;
  partner: Organization;
  status: AgreementStatus;
  purpose: string;
  columns: string[];
  allowedAggregations: AggregateFunction[];
  epsilonPerQueryMax: number;
  delta: number;
  budgetPeriod: BudgetPeriod;
  suppressBelow: number | null;
  validFrom: string;
  expiresAt: string | null;
  grantedBy: { id: string; email: string };
  createdAt: string;
  revokedAt: string | null;
  budget: PrivacyBudget;
  /** Whether the partner may generate DP synthetic data under it. */
  allowSynthetic: boolean;
}

export interface SyntheticDataset {
  id: string;
  columns: string[];
  rows: number;
  epsilonSpent: number;
  method: string;
  createdAt: string;
  /** GET it with the bearer token: the CSV. */
  downloadPath: string;
}
