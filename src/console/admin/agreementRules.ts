// Client-side checks mirroring the server's rules for granting and amending agreements,
// so mistakes show beside the form before a request. The server stays the authority.
import type { AggregateFunction, BudgetPeriod, Dataset, SharingAgreement } from '../api/types';
import { localInputToIso } from '../ui/format';

export interface GrantDraft {
  datasetId: string;
  partnerOrganizationId: string;
  purpose: string;
  columns: string[];
  allowedAggregations: AggregateFunction[];
  epsilonBudget: string;
  epsilonPerQueryMax: string;
  delta: string;
  budgetPeriod: BudgetPeriod;
  suppressBelow: string;
  expiresAt: string;
  allowSynthetic: boolean;
}

export interface GrantAgreementInput {
  datasetId: string;
  partnerOrganizationId: string;
  purpose: string;
  columns: string[];
  allowedAggregations: AggregateFunction[];
  epsilonBudget: number;
  epsilonPerQueryMax: number;
  delta: number;
  budgetPeriod: BudgetPeriod;
  suppressBelow?: number;
  expiresAt?: string;
  allowSynthetic: boolean;
}

export interface AmendDraft { epsilonBudget: string; epsilonPerQueryMax: string; suppressBelow: string; expiresAt: string }

export interface AmendAgreementInput {
  agreementId: string;
  epsilonBudget?: number;
  epsilonPerQueryMax?: number;
  suppressBelow?: number;
  expiresAt?: string;
}

/** Columns a partner may be given: every column except direct identifiers. */
export function shareableColumns(dataset: Dataset | undefined): string[] {
  return dataset ? dataset.columns.filter((c) => c.sensitivity !== 'IDENTIFIER').map((c) => c.name) : [];
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

function checkEpsilons(budget: number | undefined, perQuery: number | undefined, problems: string[]) {
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) problems.push('The ε budget must be a number above 0.');
  if (perQuery !== undefined && !(Number.isFinite(perQuery) && perQuery > 0)) problems.push('The ε per query must be a number above 0.');
  if (budget !== undefined && perQuery !== undefined && perQuery > budget) problems.push('The ε per query cannot exceed the ε budget.');
}

function checkSuppress(value: number | undefined, problems: string[]) {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) problems.push('Suppress below must be a whole number, 0 or more.');
}

function checkExpiry(text: string, problems: string[], now: Date): string | undefined {
  if (!text) return undefined;
  const iso = localInputToIso(text);
  if (!iso) problems.push('The expiry date is not a valid date.');
  else if (new Date(iso) <= now) problems.push('The expiry date must be in the future.');
  return iso ?? undefined;
}

export function validateGrant(draft: GrantDraft, datasets: Dataset[], partnerIds: string[], now = new Date()) {
  const problems: string[] = [];
  const dataset = datasets.find((d) => d.id === draft.datasetId);
  if (!dataset) problems.push('Choose a dataset.');
  if (!partnerIds.includes(draft.partnerOrganizationId)) problems.push('Choose a partner organization.');
  if (!draft.purpose.trim()) problems.push('State the purpose the partner may use the data for.');
  const allowed = shareableColumns(dataset);
  if (draft.columns.length === 0) problems.push('Choose at least one column.');
  if (draft.columns.some((c) => !allowed.includes(c))) problems.push('Only the dataset’s non-identifier columns can be shared.');
  if (draft.allowedAggregations.length === 0) problems.push('Allow at least one aggregation.');
  const epsilonBudget = Number(draft.epsilonBudget);
  const epsilonPerQueryMax = Number(draft.epsilonPerQueryMax);
  checkEpsilons(epsilonBudget, epsilonPerQueryMax, problems);
  const delta = draft.delta.trim() === '' ? 0 : Number(draft.delta);
  if (!(Number.isFinite(delta) && delta >= 0 && delta < 1)) problems.push('δ must be at least 0 and below 1.');
  const suppressBelow = optionalNumber(draft.suppressBelow);
  checkSuppress(suppressBelow, problems);
  const expiresAt = checkExpiry(draft.expiresAt, problems, now);

  const input: GrantAgreementInput = {
    datasetId: draft.datasetId,
    partnerOrganizationId: draft.partnerOrganizationId,
    purpose: draft.purpose.trim(),
    columns: draft.columns.filter((c) => allowed.includes(c)),
    allowedAggregations: draft.allowedAggregations,
    epsilonBudget,
    epsilonPerQueryMax,
    delta,
    budgetPeriod: draft.budgetPeriod,
    allowSynthetic: draft.allowSynthetic,
  };
  if (suppressBelow !== undefined) input.suppressBelow = suppressBelow;
  if (expiresAt) input.expiresAt = expiresAt;
  return { input, problems };
}

export function validateAmend(draft: AmendDraft, agreement: SharingAgreement, now = new Date()) {
  const problems: string[] = [];
  const epsilonBudget = optionalNumber(draft.epsilonBudget);
  const epsilonPerQueryMax = optionalNumber(draft.epsilonPerQueryMax);
  checkEpsilons(epsilonBudget, undefined, problems);
  checkEpsilons(undefined, epsilonPerQueryMax, problems);
  const effectiveBudget = epsilonBudget ?? agreement.budget.epsilonTotal;
  const effectivePerQuery = epsilonPerQueryMax ?? agreement.epsilonPerQueryMax;
  if ((epsilonBudget !== undefined || epsilonPerQueryMax !== undefined) && effectivePerQuery > effectiveBudget) {
    problems.push(`The ε per query (${effectivePerQuery}) cannot exceed the ε budget (${effectiveBudget}).`);
  }
  const suppressBelow = optionalNumber(draft.suppressBelow);
  checkSuppress(suppressBelow, problems);
  const expiresAt = checkExpiry(draft.expiresAt, problems, now);

  const input: AmendAgreementInput = { agreementId: agreement.id };
  if (epsilonBudget !== undefined) input.epsilonBudget = epsilonBudget;
  if (epsilonPerQueryMax !== undefined) input.epsilonPerQueryMax = epsilonPerQueryMax;
  if (suppressBelow !== undefined) input.suppressBelow = suppressBelow;
  if (expiresAt) input.expiresAt = expiresAt;
  if (Object.keys(input).length === 1) problems.push('Change at least one term.');
  return { input, problems };
}
