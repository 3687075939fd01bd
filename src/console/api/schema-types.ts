// Generated from schema.graphql by scripts/console-types.mjs (npm run -s console-types). Do not edit.

export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** A table of an owner organization; partners see only its metadata and DP aggregates of it. */
export type Dataset = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** Unique within the owner organization. */
  name: Scalars['String']['output'];
  /** Free text from the owner. */
  description: Maybe<Scalars['String']['output']>;
  /** The declared columns, in order. */
  columns: Array<DatasetColumn>;
  /** Column that identifies the person a row is about; null means each row is one person. */
  privacyUnitColumn: Maybe<Scalars['String']['output']>;
  /** Contribution bound: at most this many rows per privacy unit enter any aggregate. */
  maxRowsPerUnit: Scalars['Int']['output'];
  /** Increments on every successful ingest. */
  version: Scalars['Int']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** When its definition or rows last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Agreements on this dataset that the caller may see. */
  agreements: Array<SharingAgreement>;
  /** The organization that owns the data. */
  owner: Organization;
  /** Exact row count: visible to the owner organization only, null for everyone else. */
  rowCount: Maybe<Scalars['Int']['output']>;
  /** Latest ingest quality report: owner organization only. */
  qualityReport: Maybe<IngestReport>;
};

/** An object with a globally unique id (ids are UUIDs). */
export type Node = {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
};

/** A declared column of a dataset. */
export type DatasetColumn = {
  /** Column name as used in queries. */
  name: Scalars['String']['output'];
  /** Value type. */
  type: ColumnType;
  /** How the column is protected. */
  sensitivity: Sensitivity;
  /** Whether values may be empty. */
  nullable: Scalars['Boolean']['output'];
  /** Clamping bounds for numeric columns; they set the sensitivity of SUM/MEAN/QUANTILE. */
  lowerBound: Maybe<Scalars['Float']['output']>;
  /** Upper clamping bound for numeric columns. */
  upperBound: Maybe<Scalars['Float']['output']>;
  /** The public domain of a CATEGORY column. */
  categories: Maybe<Array<Scalars['String']['output']>>;
};

/** The value type of a column. */
export type ColumnType =
  /** Whole numbers. */
  | 'INTEGER'
  /** Decimal numbers. */
  | 'FLOAT'
  /** true/false (CSV: true/false, 1/0, yes/no, any case). */
  | 'BOOLEAN'
  /** A string from a declared, public list of categories. */
  | 'CATEGORY'
  /** Free string; may be grouped on only through DP partition selection. */
  | 'TEXT'
  /** A calendar date, YYYY-MM-DD. */
  | 'DATE';

/** How a column is protected. */
export type Sensitivity =
  /** Direct identifier: pseudonymized (keyed hash) at ingest, never stored in clear, never grouped on. */
  | 'IDENTIFIER'
  /** Could identify a person combined with other data. */
  | 'QUASI_IDENTIFIER'
  /** The protected values themselves. */
  | 'SENSITIVE'
  /** Carries no personal information. */
  | 'PUBLIC';

/** What an ingest loaded and rejected. */
export type IngestReport = {
  /** The dataset version after the ingest. */
  datasetVersion: Scalars['Int']['output'];
  /** Data lines in the upload. */
  rowsReceived: Scalars['Int']['output'];
  /** Rows loaded. */
  rowsAccepted: Scalars['Int']['output'];
  /** Rows refused (see errors). */
  rowsRejected: Scalars['Int']['output'];
  /** Exact duplicate rows dropped. */
  duplicatesRemoved: Scalars['Int']['output'];
  /** Values moved into their column’s bounds. */
  valuesClamped: Scalars['Int']['output'];
  /** Per column: null count, distinct count (exact, owner-only), clamped count. */
  columnStats: Scalars['JSON']['output'];
  /** At most the first 100 problems. */
  errors: Array<IngestError>;
  /** When the ingest committed. */
  finishedAt: Scalars['DateTime']['output'];
};

/** A problem with one row of an upload. */
export type IngestError = {
  /** 1-based line number in the uploaded CSV (header is line 1). */
  line: Scalars['Int']['output'];
  /** The column at fault, when one is. */
  column: Maybe<Scalars['String']['output']>;
  /** What is wrong. */
  message: Scalars['String']['output'];
};

/** A tenant: data owners and partners are organizations. */
export type Organization = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Unique short name. */
  slug: Scalars['String']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
};

/** A person or service account; acts through its API tokens. */
export type User = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** Unique e-mail address. */
  email: Scalars['String']['output'];
  /** What the user may do. */
  roles: Array<Role>;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** When it was disabled; null while active. */
  disabledAt: Maybe<Scalars['DateTime']['output']>;
  /** The organization the user belongs to. */
  organization: Organization;
};

/** What a user may do. */
export type Role =
  /** Manages organizations and users platform-wide. */
  | 'PLATFORM_ADMIN'
  /** Manages its own organization: users, datasets, ingest, agreements. */
  | 'ORG_ADMIN'
  /** Runs private aggregate queries under agreements granted to its organization. */
  | 'ANALYST'
  /** Reads the audit trail and budget reports of its organization. */
  | 'AUDITOR'
  /** Reads the whole audit trail. */
  | 'PLATFORM_AUDITOR';

/** Lets a partner organization query a dataset through DP aggregates, within a privacy budget. */
export type SharingAgreement = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** ACTIVE, SUSPENDED, REVOKED or EXPIRED. */
  status: AgreementStatus;
  /** Why the partner may use the data (purpose limitation). */
  purpose: Scalars['String']['output'];
  /** Columns the partner may name in aggregations, group-bys and filters. */
  columns: Array<Scalars['String']['output']>;
  /** Aggregate functions the partner may use. */
  allowedAggregations: Array<AggregateFunction>;
  /** Total ε per budget period (the same figure as budget.epsilonTotal). */
  epsilonBudget: Scalars['Float']['output'];
  /** Most epsilon one query may spend. */
  epsilonPerQueryMax: Scalars['Float']['output'];
  /** Delta available to DP partition selection (TEXT group-bys); 0 forbids them. */
  delta: Scalars['Float']['output'];
  /** IDENTIFIER columns the partner may join its own datasets on; empty forbids joins. */
  joinColumns: Array<Scalars['String']['output']>;
  /** Whether the partner may generate DP synthetic data from this dataset. */
  allowSynthetic: Scalars['Boolean']['output'];
  /** How often the budget refills. */
  budgetPeriod: BudgetPeriod;
  /** Groups whose noisy count falls below this are suppressed (post-processing, costs no budget). */
  suppressBelow: Maybe<Scalars['Int']['output']>;
  /** When the agreement started. */
  validFrom: Scalars['DateTime']['output'];
  /** When it expires; null: never. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** When it was granted. */
  createdAt: Scalars['DateTime']['output'];
  /** When it was revoked; null otherwise. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** The shared dataset. */
  dataset: Dataset;
  /** The organization that owns the dataset. */
  owner: Organization;
  /** The organization that may query it. */
  partner: Organization;
  /** The user who granted it. */
  grantedBy: User;
  /** The current period’s privacy budget. */
  budget: PrivacyBudget;
};

/** Lifecycle of an agreement. */
export type AgreementStatus =
  /** The partner may query. */
  | 'ACTIVE'
  /** Paused by the owner; may be resumed. */
  | 'SUSPENDED'
  /** Ended by the owner for good. */
  | 'REVOKED'
  /** Past its expiresAt. */
  | 'EXPIRED';

/** A differentially private aggregate. */
export type AggregateFunction =
  /** Noisy count of rows. */
  | 'COUNT'
  /** Noisy count of distinct privacy units. */
  | 'COUNT_DISTINCT_UNITS'
  /** Noisy sum of a numeric column, clamped to its bounds. */
  | 'SUM'
  /** Noisy mean of a numeric column, from a noisy sum and a noisy count. */
  | 'MEAN'
  /** Noisy counts per category, or per bin of a numeric column. */
  | 'HISTOGRAM'
  /** A quantile of a numeric column through the exponential mechanism. */
  | 'QUANTILE';

/** How often an agreement’s budget refills. */
export type BudgetPeriod =
  /** the budget never refills */
  | 'NEVER'
  /** Refills every UTC day. */
  | 'DAILY'
  /** Refills every Monday, 00:00 UTC. */
  | 'WEEKLY'
  /** Refills on the first of every month (UTC). */
  | 'MONTHLY';

/** Epsilon and delta of the current period of an agreement. */
export type PrivacyBudget = {
  /** Epsilon available per period. */
  epsilonTotal: Scalars['Float']['output'];
  /** Epsilon spent this period. */
  epsilonSpent: Scalars['Float']['output'];
  /** Epsilon left this period. */
  epsilonRemaining: Scalars['Float']['output'];
  /** Queries charged this period (cached answers are not). */
  queriesRun: Scalars['Int']['output'];
  /** Total delta per period for DP partition selection, what was spent, what is left. */
  deltaTotal: Scalars['Float']['output'];
  /** δ spent by partition-selection queries in the current period. */
  deltaSpent: Scalars['Float']['output'];
  /** δ left in the current period (deltaTotal − deltaSpent); a query needing more is BUDGET_EXHAUSTED. */
  deltaRemaining: Scalars['Float']['output'];
  /** When the current period began. */
  periodStartedAt: Scalars['DateTime']['output'];
  /** Null when the period is NEVER. */
  refillsAt: Maybe<Scalars['DateTime']['output']>;
};

/** One entry of the hash-chained audit trail. */
export type AuditEvent = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** Position in the global, gap-free, hash-chained sequence (starts at 1). */
  seq: Scalars['Int']['output'];
  /** When it happened (UTC, milliseconds). */
  at: Scalars['DateTime']['output'];
  /** Raw ids as hashed into the chain, so an export verifies without resolving users. */
  actorId: Maybe<Scalars['ID']['output']>;
  /** Organization of the actor, as hashed into the chain. */
  actorOrganizationId: Maybe<Scalars['ID']['output']>;
  /** e.g. AUTH_FAILED, TOKEN_ISSUED, DATASET_CREATED, DATA_INGESTED, AGREEMENT_GRANTED, AGREEMENT_REVOKED, QUERY_EXECUTED, QUERY_DENIED, BUDGET_EXHAUSTED. */
  action: Scalars['String']['output'];
  /** Type of what the action was aimed at, e.g. Dataset. */
  resourceType: Maybe<Scalars['String']['output']>;
  /** Id of what the action was aimed at. */
  resourceId: Maybe<Scalars['ID']['output']>;
  /** SUCCESS, DENIED or ERROR. */
  outcome: AuditOutcome;
  /** Structured context (query shape, epsilon, counts). Never raw row values or secrets. */
  details: Scalars['JSON']['output'];
  /** Hash of the previous event (64 zeros for the first). */
  prevHash: Scalars['String']['output'];
  /** sha256 over prevHash and this event’s canonical JSON. */
  hash: Scalars['String']['output'];
  /** The acting user, when the caller may see it. */
  actor: Maybe<User>;
  /** The actor’s organization, when the caller may see it. */
  actorOrganization: Maybe<Organization>;
};

/** How an audited action ended. */
export type AuditOutcome =
  /** It was done. */
  | 'SUCCESS'
  /** It was refused (authentication, policy, budget, rate limit). */
  | 'DENIED'
  /** It failed. */
  | 'ERROR';

/** A bearer token’s record; the secret itself is never stored or shown again. */
export type ApiToken = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** The name given when it was issued. */
  name: Scalars['String']['output'];
  /** First characters of the token, for recognising it; the secret is never stored or shown again. */
  prefix: Scalars['String']['output'];
  /** When it was issued. */
  createdAt: Scalars['DateTime']['output'];
  /** When it stops working; null: never. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** When it last authenticated a request. */
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** When it was revoked; null while usable. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** The user the token acts as. */
  user: User;
};

/** Another Parley deployment where this organization is a partner. */
export type FederationPeer = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** A name for the peer, chosen by the admin who registered it. */
  name: Scalars['String']['output'];
  /** GraphQL endpoint URL of the other deployment. */
  url: Scalars['String']['output'];
  /** First characters of the stored token; the token itself is encrypted at rest and never shown. */
  tokenPrefix: Scalars['String']['output'];
  /** What the last contact showed. */
  status: PeerStatus;
  /** When the peer was last contacted. */
  lastCheckedAt: Maybe<Scalars['DateTime']['output']>;
  /** When the peer was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The local organization whose analysts query through this peer. */
  organization: Organization;
};

/** What the last contact with a peer showed. */
export type PeerStatus =
  /** Not contacted yet. */
  | 'UNKNOWN'
  /** The peer answered and accepted the token. */
  | 'OK'
  /** The peer did not answer in time, or not with a GraphQL response. */
  | 'UNREACHABLE'
  /** The peer refused the token (revoked, expired or unknown there). */
  | 'UNAUTHORIZED';

/** Differentially private synthetic rows generated under an agreement (MST: noisy 1- and 2-way marginals on a private spanning tree). */
export type SyntheticDataset = Node & {
  /** A UUID, unique across every type. */
  id: Scalars['ID']['output'];
  /** The modelled columns, in CSV order. */
  columns: Array<Scalars['String']['output']>;
  /** How many rows were generated. */
  rows: Scalars['Int']['output'];
  /** Epsilon it spent from the agreement budget. */
  epsilonSpent: Scalars['Float']['output'];
  /** The synthesizer and what it measured. */
  method: Scalars['String']['output'];
  /** When it was generated. */
  createdAt: Scalars['DateTime']['output'];
  /** GET this path with the same bearer token for the CSV (header row first). */
  downloadPath: Scalars['String']['output'];
  /** The agreement it was made under, and charged to. */
  agreement: SharingAgreement;
};

/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type Query = {
  /** Agreements the caller’s organization owns or is partner to. */
  agreements: Array<SharingAgreement>;
  /** One agreement; null when the id is malformed or the caller may not see it. */
  agreement: Maybe<SharingAgreement>;
  /** All-time budget usage of every agreement whose budget the caller may read; organizationId keeps those it owns or is partner to. */
  budgetUsage: Array<BudgetUsage>;
  /** The audit trail in ascending seq, as a Relay connection. Needs AUDITOR or PLATFORM_AUDITOR. */
  auditEvents: AuditEventConnection;
  /** Checks the whole chain and every signed checkpoint. */
  verifyAuditTrail: AuditVerification;
  /** The latest signed checkpoints, in ascending seq. */
  auditCheckpoints: Array<AuditCheckpoint>;
  /** The key that signs checkpoints: base64 of its DER SubjectPublicKeyInfo (Ed25519). */
  auditPublicKey: Scalars['String']['output'];
  /** Tokens the caller may see: its own, and for admins those of the users they manage. Secrets are never shown. */
  apiTokens: Array<ApiToken>;
  /** Datasets the caller may see: its organization’s, and those shared with it under an ACTIVE or SUSPENDED agreement. */
  datasets: Array<Dataset>;
  /** One dataset; null when the id is malformed or the caller may not see it. */
  dataset: Maybe<Dataset>;
  /** Peers of the caller's organization (ORG_ADMIN and ANALYST). */
  peers: Array<FederationPeer>;
  /** Refetch any object by its id (Relay). Applies the same visibility as that type's own query: null for a malformed id, an unknown one, or one the caller may not see. */
  node: Maybe<Node>;
  /** Liveness and readiness; needs no token. */
  health: Scalars['String']['output'];
  /** Organizations the caller may see. */
  organizations: Array<Organization>;
  /** The user the bearer token belongs to. */
  me: User;
  /** Users the caller may see. */
  users: Array<User>;
  /** Dry run of privateAggregate: validates the query against the agreement and reports its cost and accuracy. */
  previewAggregate: AggregatePreview;
  /** The caller's own released answers, newest first (at most 200), under agreements it may still query. */
  queryHistory: Array<PastQuery>;
  /** Synthetic datasets the caller may read: those its organization made as a partner, and for admins those made from its datasets. Newest first. */
  syntheticDatasets: Array<SyntheticDataset>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryAgreementsArgs = {
  status: InputMaybe<AgreementStatus>;
  datasetId: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryAgreementArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryBudgetUsageArgs = {
  organizationId: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryAuditEventsArgs = {
  filter: InputMaybe<AuditFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after: InputMaybe<Scalars['String']['input']>;
  last: InputMaybe<Scalars['Int']['input']>;
  before: InputMaybe<Scalars['String']['input']>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryAuditCheckpointsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryUsersArgs = {
  organizationId: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryPreviewAggregateArgs = {
  input: AggregateQueryInput;
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QueryQueryHistoryArgs = {
  agreementId: InputMaybe<Scalars['ID']['input']>;
  first?: Scalars['Int']['input'];
};


/** Reads. Every field except `health` needs `Authorization: Bearer <token>`. */
export type QuerySyntheticDatasetsArgs = {
  agreementId: InputMaybe<Scalars['ID']['input']>;
};

/** All-time spending under one agreement. */
export type BudgetUsage = {
  /** The agreement. */
  agreement: SharingAgreement;
  /** Queries that spent budget, over the life of the agreement. */
  queriesRun: Scalars['Int']['output'];
  /** ε spent over the life of the agreement, across all budget periods. */
  epsilonSpent: Scalars['Float']['output'];
  /** When the last charged query ran; null: never. */
  lastQueryAt: Maybe<Scalars['DateTime']['output']>;
  /** Spends per UTC day over the life of the agreement, oldest first. */
  daily: Array<BudgetUsageDay>;
};

/** Budget spent on one UTC day. */
export type BudgetUsageDay = {
  /** 00:00 UTC of the day. */
  day: Scalars['DateTime']['output'];
  /** Queries charged that day. */
  queriesRun: Scalars['Int']['output'];
  /** Epsilon spent that day. */
  epsilonSpent: Scalars['Float']['output'];
};

/** A page of audit events (Relay connection). */
export type AuditEventConnection = {
  /** The events of this page, in ascending seq. */
  edges: Array<AuditEventEdge>;
  /** Where this page sits. */
  pageInfo: PageInfo;
  /** How many events match the filter in all. */
  totalCount: Scalars['Int']['output'];
};

/** An audit event and its cursor. */
export type AuditEventEdge = {
  /** Opaque position of this event, for after/before. */
  cursor: Scalars['String']['output'];
  /** The event. */
  node: AuditEvent;
};

/** Where a page of a connection sits; cursors are opaque. */
export type PageInfo = {
  /** True when more items follow endCursor. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Cursor of the last edge on this page; pass it as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when items precede startCursor. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge on this page; pass it as `before` with `last` for the previous page. */
  startCursor: Maybe<Scalars['String']['output']>;
};

/** Conditions on audit events; all must hold. */
export type AuditFilter = {
  /** Only events by this user. */
  actorId?: InputMaybe<Scalars['ID']['input']>;
  /** Events whose actor organization OR resource organization is this one. */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these actions; an empty list does not filter. */
  actions?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only events about this resource. */
  resourceId?: InputMaybe<Scalars['ID']['input']>;
  /** Only events with this outcome. */
  outcome?: InputMaybe<AuditOutcome>;
  /** Inclusive. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Inclusive. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** The result of re-verifying the whole hash chain. */
export type AuditVerification = {
  /** True when every hash and link verifies. */
  ok: Scalars['Boolean']['output'];
  /** How many events were checked. */
  eventsChecked: Scalars['Int']['output'];
  /** Seq of the first event whose hash or link does not verify; null when ok. */
  firstBrokenSeq: Maybe<Scalars['Int']['output']>;
  /** Seq of the latest event. */
  headSeq: Scalars['Int']['output'];
  /** Hash of the latest event. */
  headHash: Scalars['String']['output'];
  /** Signed checkpoints whose signature, key and head were checked. */
  checkpointsChecked: Scalars['Int']['output'];
  /** What failed, in words; null when ok. */
  problem: Maybe<Scalars['String']['output']>;
};

/** An Ed25519 signature over RFC 8785 JSON of {seq, headHash, at}: the chain's head at seq. */
export type AuditCheckpoint = {
  /** The chain’s head seq when signed. */
  seq: Scalars['Int']['output'];
  /** The hash at that seq. */
  headHash: Scalars['String']['output'];
  /** Exactly as signed: ISO 8601, UTC, milliseconds. */
  at: Scalars['String']['output'];
  /** Base64. */
  signature: Scalars['String']['output'];
  /** The signer's public key: base64 of its DER SubjectPublicKeyInfo. */
  publicKey: Scalars['String']['output'];
  /** First 16 hex digits of SHA-256 over the public key bytes. */
  keyId: Scalars['String']['output'];
};

/** What a query would cost and how accurate it would be, computed from public information only (no data is read, no budget is spent). */
export type AggregatePreview = {
  /** Epsilon the query would spend. */
  epsilonCost: Scalars['Float']['output'];
  /** δ the query would spend: its δ when it needs partition selection, else 0; 0 when cached. */
  deltaCost: Scalars['Float']['output'];
  /** True when the same query on the current dataset version was answered before: running it again is free. */
  wouldBeCached: Scalars['Boolean']['output'];
  /** The agreement’s budget now. */
  budget: PrivacyBudget;
  /** How many more queries of this cost the remaining budget allows. */
  remainingQueriesAtThisCost: Scalars['Int']['output'];
  /** Expected accuracy of each aggregation, in request order. */
  expectedErrors: Array<ExpectedError>;
};

/** The accuracy an aggregation will have. */
export type ExpectedError = {
  /** The aggregate function. */
  function: AggregateFunction;
  /** The column aggregated; null for counts. */
  column: Maybe<Scalars['String']['output']>;
  /** For QUANTILE: which one. */
  quantile: Maybe<Scalars['Float']['output']>;
  /** Half-width of the 95% noise interval each released value of this aggregation will have. */
  errorBound95: Scalars['Float']['output'];
  /** Mechanism that will be used. */
  mechanism: Scalars['String']['output'];
};

/** A private aggregate query under an agreement. */
export type AggregateQueryInput = {
  /** The agreement to query under (and charge). */
  agreementId: Scalars['ID']['input'];
  /** What to compute; the epsilon is split evenly among them. */
  aggregations: Array<AggregationInput>;
  /** Columns to group by, in order. */
  groupBy?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Conditions rows must all meet. */
  filters?: InputMaybe<Array<FilterInput>>;
  /** Total epsilon this query may spend; at most the agreement's epsilonPerQueryMax. */
  epsilon: Scalars['Float']['input'];
  /** Delta for partition selection, at most the agreement's delta; default: the agreement's when the query needs selection, else 0. */
  delta?: InputMaybe<Scalars['Float']['input']>;
  /** Join a dataset of the caller's own organization (clean-room join); its columns are named alias.column. */
  join?: InputMaybe<JoinInput>;
};

/** One aggregate to compute. */
export type AggregationInput = {
  /** The aggregate function. */
  function: AggregateFunction;
  /** Required for SUM, MEAN, QUANTILE, HISTOGRAM; absent for COUNT and COUNT_DISTINCT_UNITS. */
  column?: InputMaybe<Scalars['String']['input']>;
  /** For QUANTILE: in (0, 1). */
  quantile?: InputMaybe<Scalars['Float']['input']>;
  /** For HISTOGRAM over a numeric column: ascending bin edges. */
  bins?: InputMaybe<Array<Scalars['Float']['input']>>;
};

/** A condition on one column. */
export type FilterInput = {
  /** A column of the agreement. */
  column: Scalars['String']['input'];
  /** The comparison. */
  op: FilterOp;
  /** Scalar operand (string form of the column's type); absent for IS_NULL / NOT_NULL. */
  value?: InputMaybe<Scalars['String']['input']>;
  /** Operand list for IN. */
  values?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A filter comparison. */
export type FilterOp =
  /** Equal to value. */
  | 'EQ'
  /** Not equal to value. */
  | 'NE'
  /** Less than value. */
  | 'LT'
  /** Less than or equal to value. */
  | 'LE'
  /** Greater than value. */
  | 'GT'
  /** Greater than or equal to value. */
  | 'GE'
  /** One of values. */
  | 'IN'
  /** Empty. */
  | 'IS_NULL'
  /** Not empty. */
  | 'NOT_NULL';

/** A clean-room join: rows of one of your own datasets matched to the shared dataset on equal pseudonymized identifiers (inner join; contribution bounding applies after the join). */
export type JoinInput = {
  /** A dataset owned by the caller's organization. */
  datasetId: Scalars['ID']['input'];
  /** Names the joined dataset's columns as alias.column; [a-z][a-z0-9_]*. */
  alias: Scalars['String']['input'];
  /** IDENTIFIER column of the agreement's dataset, listed in the agreement's joinColumns. */
  on: Scalars['String']['input'];
  /** IDENTIFIER column of the joined dataset. */
  otherOn: Scalars['String']['input'];
};

/** One of the caller's released answers, as it was released. */
export type PastQuery = {
  /** Id of the released answer. */
  queryId: Scalars['ID']['output'];
  /** The agreement it was charged to. */
  agreementId: Scalars['ID']['output'];
  /** The dataset version it was computed on. */
  datasetVersion: Scalars['Int']['output'];
  /** Epsilon it spent. */
  epsilonSpent: Scalars['Float']['output'];
  /** When it was released. */
  executedAt: Scalars['DateTime']['output'];
  /** The normalized query: aggregations, groupBy, filters, epsilon, and the join if any. */
  query: Maybe<Scalars['JSON']['output']>;
  /** The released groups, as released. */
  groups: Array<AggregateGroup>;
  /** How many groups suppressBelow withheld (see AggregateResult.suppressedGroups). */
  suppressedGroups: Scalars['Int']['output'];
  /** The agreement the answer was released under, as it is now. */
  agreement: SharingAgreement;
};

/** The released values of one group. */
export type AggregateGroup = {
  /** Values of the groupBy columns, in order (null for a null key). */
  key: Array<Maybe<Scalars['String']['output']>>;
  /** One value per aggregation (per bin for HISTOGRAM), in request order. */
  values: Array<NoisyValue>;
};

/** One released, noisy value. */
export type NoisyValue = {
  /** The aggregate function. */
  function: AggregateFunction;
  /** The column aggregated; null for counts. */
  column: Maybe<Scalars['String']['output']>;
  /** For QUANTILE: which one. */
  quantile: Maybe<Scalars['Float']['output']>;
  /** For HISTOGRAM: the bin or category this value counts. */
  bin: Maybe<Scalars['String']['output']>;
  /** The noisy value. */
  value: Scalars['Float']['output'];
  /** Half-width of a 95% interval for the noise added to this value. Clamping the value into the range its true value lies in (counts at 0, MEAN and QUANTILE into the column bounds) only moves it closer to the truth, so the bound still holds. */
  errorBound95: Scalars['Float']['output'];
  /** Mechanism used, e.g. discrete-laplace, exponential, and any clamping applied as post-processing. */
  mechanism: Scalars['String']['output'];
  /** For MEAN: the noisy sum the value was computed from (centre × countPart + the noisy centred sum; already released, no extra cost). In a federated result: the sum of the parts’ sumPart. */
  sumPart: Maybe<Scalars['Float']['output']>;
  /** For MEAN: the noisy count the value was computed from (already released, no extra cost). In a federated result: the sum of the parts’ countPart. */
  countPart: Maybe<Scalars['Float']['output']>;
  /** The distribution of the noise added to this value; for MEAN, of the noise in the centred sum sumPart − centre × countPart. Null for QUANTILE and for combined values. */
  noise: Maybe<NoiseDistribution>;
  /** For MEAN: the distribution of the noise in countPart. */
  countNoise: Maybe<NoiseDistribution>;
  /** For MEAN: the centre (L + U)/2 the values were summed around. */
  centre: Maybe<Scalars['Float']['output']>;
};

/** The public distribution of a released noise: granularity × discrete Laplace(scale). It follows from the query plan, so it costs no budget. */
export type NoiseDistribution = {
  /** The distribution family: discrete-laplace. */
  family: Scalars['String']['output'];
  /** The grid the noise lives on: 1 for counts, a power of two for real-valued sums. */
  granularity: Scalars['Float']['output'];
  /** The discrete Laplace scale in grid steps: P(k) ∝ exp(−|k|/scale). */
  scale: Scalars['Float']['output'];
};

/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type Mutation = {
  /** ORG_ADMIN of the owner: let a partner organization query a dataset through DP aggregates, within a budget. */
  grantAgreement: SharingAgreement;
  /** Change the budget, per-query cap, expiry or suppression of an ACTIVE or SUSPENDED agreement. */
  amendAgreement: SharingAgreement;
  /** Pause an ACTIVE agreement: the partner may not query until it is resumed. */
  suspendAgreement: SharingAgreement;
  /** Resume a SUSPENDED agreement. */
  resumeAgreement: SharingAgreement;
  /** End an agreement for good; the partner loses sight of the dataset. */
  revokeAgreement: SharingAgreement;
  /** Sign the current head of the audit trail now. */
  createAuditCheckpoint: AuditCheckpoint;
  /** Issue a token for yourself, or (admins) for a user you manage. */
  issueApiToken: IssuedToken;
  /** Revoke a token: it stops working at once. */
  revokeApiToken: ApiToken;
  /** ORG_ADMIN: declare a dataset of your organization (columns, privacy unit, bounds). Load rows with ingestCsv or PUT /v1/datasets/:id/rows. */
  createDataset: Dataset;
  /** Validate, clean and load CSV text (header row first). All-or-nothing: a failed ingest changes nothing; with strict, any rejected row fails it. */
  ingestCsv: IngestReport;
  /** Delete a dataset of your organization: its rows are dropped and its agreements revoked. */
  deleteDataset: Scalars['Boolean']['output'];
  /** ORG_ADMIN: register another Parley deployment where this organization is a partner. */
  registerPeer: FederationPeer;
  /** ORG_ADMIN: remove a peer; its stored token is deleted with it. */
  removePeer: FederationPeer;
  /** One query over agreements on this deployment (peerId null) and on peers; each part spends its own budget. */
  federatedAggregate: FederatedResult;
  /** PLATFORM_ADMIN: create an organization. */
  createOrganization: Organization;
  /** Create a user in an organization you administer (PLATFORM_ADMIN: any). */
  createUser: User;
  /** Replace a user’s roles. */
  setUserRoles: User;
  /** Disable a user: its tokens stop working at once. Users are never deleted. */
  disableUser: User;
  /** Run a differentially private aggregate query. Spends budget, so it is a mutation. */
  privateAggregate: AggregateResult;
  /** Generate DP synthetic rows under an agreement that allows it; spends epsilon. */
  synthesizeDataset: SyntheticDataset;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationGrantAgreementArgs = {
  input: GrantAgreementInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationAmendAgreementArgs = {
  input: AmendAgreementInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationSuspendAgreementArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationResumeAgreementArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationRevokeAgreementArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationIssueApiTokenArgs = {
  name: Scalars['String']['input'];
  userId: InputMaybe<Scalars['ID']['input']>;
  expiresAt: InputMaybe<Scalars['DateTime']['input']>;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationCreateDatasetArgs = {
  input: CreateDatasetInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationIngestCsvArgs = {
  datasetId: Scalars['ID']['input'];
  csv: Scalars['String']['input'];
  mode?: IngestMode;
  strict?: Scalars['Boolean']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationDeleteDatasetArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationRegisterPeerArgs = {
  input: RegisterPeerInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationRemovePeerArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationFederatedAggregateArgs = {
  input: FederatedAggregateInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationCreateOrganizationArgs = {
  name: Scalars['String']['input'];
  slug: Scalars['String']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationCreateUserArgs = {
  organizationId: Scalars['ID']['input'];
  email: Scalars['String']['input'];
  roles: Array<Role>;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationSetUserRolesArgs = {
  userId: Scalars['ID']['input'];
  roles: Array<Role>;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationDisableUserArgs = {
  userId: Scalars['ID']['input'];
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationPrivateAggregateArgs = {
  input: AggregateQueryInput;
};


/** Changes. Every mutation is recorded in the audit trail, refusals included. */
export type MutationSynthesizeDatasetArgs = {
  input: SynthesizeInput;
};

/** The terms of a new agreement. */
export type GrantAgreementInput = {
  /** A dataset of your organization. */
  datasetId: Scalars['ID']['input'];
  /** The organization that may query it. */
  partnerOrganizationId: Scalars['ID']['input'];
  /** Why the partner may use the data (purpose limitation). */
  purpose: Scalars['String']['input'];
  /** Columns the partner may name in aggregations, group-bys and filters. */
  columns: Array<Scalars['String']['input']>;
  /** Aggregate functions the partner may use. */
  allowedAggregations: Array<AggregateFunction>;
  /** Epsilon per period; at most the platform cap. */
  epsilonBudget: Scalars['Float']['input'];
  /** Most epsilon one query may spend; at most the platform cap. */
  epsilonPerQueryMax: Scalars['Float']['input'];
  /** Delta for DP partition selection (TEXT group-bys); 0 forbids them. */
  delta?: Scalars['Float']['input'];
  /** Total delta per period; default 10 x delta. */
  deltaBudget?: InputMaybe<Scalars['Float']['input']>;
  /** IDENTIFIER columns of the dataset the partner may join its own datasets on; default none (no joins). */
  joinColumns?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Let the partner generate DP synthetic data (synthesizeDataset) from the shared columns; default false. */
  allowSynthetic?: Scalars['Boolean']['input'];
  /** How often the budget refills; default NEVER. */
  budgetPeriod?: BudgetPeriod;
  /** Withhold groups whose noisy count is below this. */
  suppressBelow?: InputMaybe<Scalars['Int']['input']>;
  /** When the agreement ends; default never. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Terms to change on an agreement; absent ones stay. */
export type AmendAgreementInput = {
  /** The agreement to amend. */
  agreementId: Scalars['ID']['input'];
  /** New epsilon per period. */
  epsilonBudget?: InputMaybe<Scalars['Float']['input']>;
  /** New most epsilon per query. */
  epsilonPerQueryMax?: InputMaybe<Scalars['Float']['input']>;
  /** New expiry. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** New suppression threshold. */
  suppressBelow?: InputMaybe<Scalars['Int']['input']>;
  /** New total δ per budget period; spent δ is kept. */
  deltaBudget?: InputMaybe<Scalars['Float']['input']>;
};

/** A newly issued token: the only time its secret is shown. */
export type IssuedToken = {
  /** The secret bearer token. Shown once, stored only as a hash. */
  token: Scalars['String']['output'];
  /** The token’s record. */
  apiToken: ApiToken;
};

/** The definition of a new dataset. */
export type CreateDatasetInput = {
  /** Unique within your organization. */
  name: Scalars['String']['input'];
  /** Free text shown to partners. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The columns, in CSV order. */
  columns: Array<ColumnInput>;
  /** Column identifying the person a row is about; null: each row is one person. */
  privacyUnitColumn?: InputMaybe<Scalars['String']['input']>;
  /** At most this many rows per privacy unit enter any aggregate; default 1. */
  maxRowsPerUnit?: Scalars['Int']['input'];
};

/** A column to declare. */
export type ColumnInput = {
  /** Column name; matches the CSV header. */
  name: Scalars['String']['input'];
  /** Value type. */
  type: ColumnType;
  /** How the column is protected; default SENSITIVE. */
  sensitivity?: Sensitivity;
  /** Whether values may be empty; a privacy unit column must be false. */
  nullable?: Scalars['Boolean']['input'];
  /** Lower clamping bound of a numeric column; sets the sensitivity of SUM/MEAN/QUANTILE. */
  lowerBound?: InputMaybe<Scalars['Float']['input']>;
  /** Upper clamping bound of a numeric column. */
  upperBound?: InputMaybe<Scalars['Float']['input']>;
  /** The public domain of a CATEGORY column. */
  categories?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** How an ingest treats existing rows. */
export type IngestMode =
  /** Add the rows to those already loaded. */
  | 'APPEND'
  /** Replace all rows. */
  | 'REPLACE';

/** A peer deployment and the token its analysts were issued there. */
export type RegisterPeerInput = {
  /** A name to recognise the peer by, 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** GraphQL endpoint URL of the other deployment (http or https), e.g. https://parley.example.org/graphql. */
  url: Scalars['String']['input'];
  /** A token issued on the peer to an ANALYST of a partner organization there. */
  token: Scalars['String']['input'];
};

/** A federated query: the parts’ answers and their combination. */
export type FederatedResult = {
  /** Identifies this federated query in the audit trail (FEDERATED_QUERY event). */
  federatedQueryId: Scalars['ID']['output'];
  /** Combined over the parts that answered. */
  groups: Array<AggregateGroup>;
  /** Every part, in the order given. */
  parts: Array<FederatedPart>;
  /** True when every part answered. */
  complete: Scalars['Boolean']['output'];
  /** When the combination was made. */
  executedAt: Scalars['DateTime']['output'];
};

/** One part's outcome: its own deployment's answer, or why it has none. */
export type FederatedPart = {
  /** The peer the part ran on; null for this deployment. */
  peer: Maybe<FederationPeer>;
  /** The agreement the part ran under, on its deployment. */
  agreementId: Scalars['ID']['output'];
  /** Null when this part failed. For a peer's part, `agreement` is not available here (it lives on the peer): read agreementId and budget. */
  result: Maybe<AggregateResult>;
  /** The part's error code: the contract code its deployment answered (e.g. BUDGET_EXHAUSTED, UNAUTHENTICATED), PEER_UNREACHABLE, or INCOMPATIBLE_ANSWER. */
  errorCode: Maybe<Scalars['String']['output']>;
  /** What went wrong, as the deployment explained it. */
  errorMessage: Maybe<Scalars['String']['output']>;
};

/** A released DP answer. */
export type AggregateResult = {
  /** Id of the released answer. */
  queryId: Scalars['ID']['output'];
  /** The agreement it was charged to. */
  agreementId: Scalars['ID']['output'];
  /** The dataset version it was computed on. */
  datasetVersion: Scalars['Int']['output'];
  /** Epsilon this call spent (0 when cached). */
  epsilonSpent: Scalars['Float']['output'];
  /** δ this answer spent (0 for a cached answer or a query without partition selection). */
  deltaSpent: Scalars['Float']['output'];
  /** The agreement’s budget after this query. */
  budget: PrivacyBudget;
  /** One entry per released group (one with an empty key without groupBy). */
  groups: Array<AggregateGroup>;
  /** How many groups were withheld because their released count fell below the agreement's suppressBelow. Groups that partition selection did not release are never counted: their number would disclose how many partitions exist. */
  suppressedGroups: Scalars['Int']['output'];
  /** True when this exact query on this dataset version was answered before: the same noisy answer is returned and no budget is spent. */
  cached: Scalars['Boolean']['output'];
  /** When the answer was first released. */
  executedAt: Scalars['DateTime']['output'];
  /** Identity of this released answer for normalized caches: equals queryId (a cached answer keeps the id of its first release). */
  id: Scalars['ID']['output'];
  /** The agreement the answer was released under, with its budget after this query. */
  agreement: SharingAgreement;
};

/** One privateAggregate sent to every part; the answers are combined. */
export type FederatedAggregateInput = {
  /** The parts, 1 to 16, each agreement at most once. */
  parts: Array<FederatedPartInput>;
  /** COUNT, COUNT_DISTINCT_UNITS, SUM, MEAN or HISTOGRAM; QUANTILE cannot be combined. */
  aggregations: Array<AggregationInput>;
  /** Columns to group by; not TEXT columns (their groups differ per part). */
  groupBy?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Filters applied on every part. */
  filters?: InputMaybe<Array<FilterInput>>;
  /** Epsilon each part spends on its own agreement. */
  epsilon: Scalars['Float']['input'];
};

/** One agreement the federated query runs under. */
export type FederatedPartInput = {
  /** Null: an agreement of this deployment. */
  peerId?: InputMaybe<Scalars['ID']['input']>;
  /** The agreement, on this deployment or on the peer. */
  agreementId: Scalars['ID']['input'];
};

/** What to synthesize. */
export type SynthesizeInput = {
  /** An ACTIVE agreement with allowSynthetic, of which your organization is the partner. */
  agreementId: Scalars['ID']['input'];
  /** Columns of the agreement to model (CATEGORY, BOOLEAN, INTEGER or FLOAT; at most 16). */
  columns: Array<Scalars['String']['input']>;
  /** How many rows to generate, 1 to 100,000 (an agreement keeps at most 10,000,000); costs no extra budget. */
  rows: Scalars['Int']['input'];
  /** Epsilon to spend, at most the agreement's epsilonPerQueryMax. */
  epsilon: Scalars['Float']['input'];
};
