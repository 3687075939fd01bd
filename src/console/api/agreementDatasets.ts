// Agreement lists without `SharingAgreement.dataset`: a partner may not read that field once an
// agreement is REVOKED or EXPIRED, and as it is non-null one such agreement would fail the whole
// list. The dataset is joined instead from `datasets`, which lists only what the caller may see;
// an agreement whose dataset is not there gets `null` ("dataset no longer shared").
import type { Request } from './client';
import { AGREEMENT_LIST, BUDGET_USAGE, DATASETS_OF_AGREEMENTS } from './queries';
import type { BudgetUsage } from './queryTypes';
import type { AgreementDataset, SharingAgreement } from './types';

interface DatasetWithAgreements extends AgreementDataset { agreements: { id: string }[] }

/** Agreement id → its dataset, for every agreement on a dataset the caller may see. */
export async function loadAgreementDatasets(request: Request, signal: AbortSignal): Promise<Map<string, AgreementDataset>> {
  const { datasets } = await request<{ datasets: DatasetWithAgreements[] }>(DATASETS_OF_AGREEMENTS, {}, { signal });
  const byAgreement = new Map<string, AgreementDataset>();
  for (const { agreements, ...dataset } of datasets) for (const a of agreements) byAgreement.set(a.id, dataset);
  return byAgreement;
}

/** Each item with the dataset of its agreement, or null where the caller may no longer see it. */
export function withDatasets<T extends object>(
  items: T[],
  idOf: (item: T) => string,
  datasets: Map<string, AgreementDataset>,
): (T & { dataset: AgreementDataset | null })[] {
  return items.map((item) => ({ ...item, dataset: datasets.get(idOf(item)) ?? null }));
}

/** Every agreement the caller may see, of any status, each with its dataset where still visible. */
export async function loadAgreementList(request: Request, signal: AbortSignal): Promise<SharingAgreement[]> {
  const [list, datasets] = await Promise.all([
    request<{ agreements: Omit<SharingAgreement, 'dataset'>[] }>(AGREEMENT_LIST, {}, { signal }),
    loadAgreementDatasets(request, signal),
  ]);
  return withDatasets(list.agreements, (a) => a.id, datasets);
}

/** Budget usage of every agreement the caller may see, each with its dataset where still visible. */
export async function loadBudgetUsage(request: Request, signal: AbortSignal): Promise<BudgetUsage[]> {
  const [usage, datasets] = await Promise.all([
    request<{ budgetUsage: BudgetUsage[] }>(BUDGET_USAGE, {}, { signal }),
    loadAgreementDatasets(request, signal),
  ]);
  return usage.budgetUsage.map((u) => ({ ...u, agreement: { ...u.agreement, dataset: datasets.get(u.agreement.id) ?? null } }));
}

export const DATASET_GONE = 'dataset no longer shared';

export function datasetName(dataset: AgreementDataset | null): string {
  return dataset?.name ?? DATASET_GONE;
}
