// Client-side checks mirroring synthesizeDataset's rules (src/synthetic/synthesize-request.ts),
// so mistakes show beside the form. The server stays the authority.
import type { DatasetColumn, SharingAgreement } from '../api/types';
import { agreementColumns, MIN_EPSILON } from './builderState';

export const MAX_SYNTHETIC_ROWS = 100_000;
export const MAX_SYNTHETIC_COLUMNS = 16;
const SYNTHESIZABLE = new Set(['CATEGORY', 'BOOLEAN', 'INTEGER', 'FLOAT']);

export interface SynthesisDraft {
  columns: string[];
  rows: string;
  epsilon: string;
}

/** Columns of the agreement the synthesizer can model: a public domain, not an identifier. */
export function synthesizableColumns(agreement: SharingAgreement): DatasetColumn[] {
  return agreementColumns(agreement).filter((c) => c.sensitivity !== 'IDENTIFIER' && SYNTHESIZABLE.has(c.type));
}

export function validateSynthesis(draft: SynthesisDraft, agreement: SharingAgreement) {
  const problems: string[] = [];
  const allowed = synthesizableColumns(agreement).map((c) => c.name);
  const columns = draft.columns.filter((c) => allowed.includes(c));
  if (columns.length === 0) problems.push('Choose at least one column.');
  if (columns.length > MAX_SYNTHETIC_COLUMNS) problems.push(`Choose at most ${MAX_SYNTHETIC_COLUMNS} columns.`);
  const rows = Number(draft.rows);
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= MAX_SYNTHETIC_ROWS)) problems.push(`Rows must be a whole number from 1 to ${MAX_SYNTHETIC_ROWS.toLocaleString('en-GB')}.`);
  const epsilon = Number(draft.epsilon);
  if (!(Number.isFinite(epsilon) && epsilon >= MIN_EPSILON && epsilon <= agreement.epsilonPerQueryMax)) {
    problems.push(`ε must be between ${MIN_EPSILON} and ${agreement.epsilonPerQueryMax}.`);
  }
  return { input: { agreementId: agreement.id, columns, rows, epsilon }, problems };
}
