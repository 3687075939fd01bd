// The join part of the query builder: one of the analyst's own datasets, matched to the shared one
// on a pseudonymized identifier. Mirrors the server's checks; the server still decides.
import type { JoinInput } from '../api/queryTypes';
import type { Dataset, DatasetColumn, SharingAgreement } from '../api/types';

export interface JoinDraft { datasetId: string; alias: string; on: string; otherOn: string }

export const JOIN_ALIAS = /^[a-z][a-z0-9_]{0,62}$/;

export function identifierColumns(dataset: Dataset | undefined): DatasetColumn[] {
  return (dataset?.columns ?? []).filter((c) => c.sensitivity === 'IDENTIFIER');
}

/** Own datasets that can be joined at all: those with an IDENTIFIER column. */
export function joinableDatasets(own: Dataset[]): Dataset[] {
  return own.filter((d) => identifierColumns(d).length > 0);
}

export function initialJoin(agreement: SharingAgreement, own: Dataset[]): JoinDraft {
  const dataset = joinableDatasets(own)[0];
  return { datasetId: dataset?.id ?? '', alias: 'mine', on: agreement.joinColumns[0] ?? '', otherOn: identifierColumns(dataset)[0]?.name ?? '' };
}

/** The joined dataset's columns as a query names them (alias.column); identifiers are never offered. */
export function joinedColumns(join: JoinDraft | null, own: Dataset[]): DatasetColumn[] {
  if (!join || !JOIN_ALIAS.test(join.alias)) return [];
  const dataset = own.find((d) => d.id === join.datasetId);
  return (dataset?.columns ?? []).filter((c) => c.sensitivity !== 'IDENTIFIER').map((c) => ({ ...c, name: `${join.alias}.${c.name}` }));
}

export function isJoinedName(name: string): boolean {
  return name.includes('.');
}

export function joinInput(join: JoinDraft, problems: string[]): JoinInput {
  if (!join.datasetId) problems.push('Join: choose one of your datasets.');
  if (!JOIN_ALIAS.test(join.alias)) problems.push('Join: the alias must start with a lower-case letter, then letters, digits or _.');
  if (!join.on) problems.push('Join: choose the shared identifier to match on.');
  if (!join.otherOn) problems.push('Join: choose the identifier of your dataset to match on.');
  return { datasetId: join.datasetId, alias: join.alias, on: join.on, otherOn: join.otherOn };
}

/** Drops what names a joined column that is no longer offered (join removed, alias or dataset changed). */
export function keepOffered<T extends { column: string }>(items: T[], offered: DatasetColumn[]): T[] {
  const names = new Set(offered.map((c) => c.name));
  return items.filter((i) => !isJoinedName(i.column) || names.has(i.column));
}
