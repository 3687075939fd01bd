import type { AgreementEntity } from '../agreements/agreement.entity';
import { agreementResource } from '../agreements/agreement-subject';
import type { ColumnSpec } from '../datasets/column-spec';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { BadUserInputError, ForbiddenError } from '../errors/errors';
import { checkEpsilonShape } from '../queries/query-validator';
import { domainOf, unsupportedReason, type ColumnDomain } from './synthetic-domain';

/**
 * The most rows one synthesis may generate. They are drawn from the model (post-processing), so
 * the cap is about storage and time, not privacy: 100,000 rows of 16 columns are a few MB of CSV.
 */
export const MAX_SYNTHETIC_ROWS = 100_000;
/**
 * The most synthetic rows one agreement may keep stored, all syntheses together: ε is the only
 * other limit, and at ε = 0.001 a call a partner could otherwise fill the database. Checked before
 * anything is spent; concurrent calls may pass it together by at most one call's rows each.
 */
export const MAX_STORED_SYNTHETIC_ROWS_PER_AGREEMENT = 10_000_000;
/** The most columns one synthesis may model: d columns cost d(d − 1)/2 candidate pairs. */
export const MAX_SYNTHETIC_COLUMNS = 16;

export interface SynthesizeRequest {
  agreementId: string;
  columns: string[];
  rows: number;
  epsilon: number;
}

export interface ValidatedSynthesis {
  columns: string[];
  domains: ColumnDomain[];
  rows: number;
  epsilon: number;
  unitColumn: string | null;
  contributionBound: number;
}

/** Shape checks that need no agreement: done first, so malformed input spends nothing. */
export function checkSynthesisShape(input: SynthesizeRequest): void {
  checkEpsilonShape(input.epsilon);
  if (!Number.isSafeInteger(input.rows) || input.rows < 1 || input.rows > MAX_SYNTHETIC_ROWS) {
    throw new BadUserInputError(`rows must be a whole number from 1 to ${MAX_SYNTHETIC_ROWS}`, 'rows');
  }
  if (!Array.isArray(input.columns) || input.columns.length < 1 || input.columns.length > MAX_SYNTHETIC_COLUMNS) {
    throw new BadUserInputError(`columns must name 1 to ${MAX_SYNTHETIC_COLUMNS} columns`, 'columns');
  }
  if (new Set(input.columns).size !== input.columns.length) throw new BadUserInputError('columns must not repeat a column', 'columns');
}

/**
 * Checks a synthesis against the agreement and the schema. BAD_USER_INPUT for what is malformed,
 * unknown or cannot be synthesized (TEXT, IDENTIFIER, DATE); FORBIDDEN for what the agreement does
 * not allow: synthesis itself (allowSynthetic) or a column it does not cover.
 */
export function validateSynthesis(input: SynthesizeRequest, agreement: AgreementEntity, dataset: DatasetEntity): ValidatedSynthesis {
  checkSynthesisShape(input);
  if (!agreement.allowSynthetic) {
    throw new ForbiddenError('this agreement does not allow synthetic data (allowSynthetic is false)').about(agreementResource(agreement));
  }
  if (input.epsilon > agreement.epsilonPerQueryMax) {
    throw new BadUserInputError(`epsilon must be at most the agreement's epsilonPerQueryMax (${agreement.epsilonPerQueryMax})`, 'epsilon');
  }
  const byName = new Map(dataset.columns.map((c) => [c.name, c]));
  const specs: ColumnSpec[] = input.columns.map((name) => {
    const spec = byName.get(name);
    const shown = JSON.stringify(name.slice(0, 64));
    if (!spec) throw new BadUserInputError(`columns: unknown column ${shown}`, 'columns');
    if (!agreement.columns.includes(name)) {
      throw new ForbiddenError(`columns: column ${shown} is not covered by the agreement`, { field: 'columns' }).about(agreementResource(agreement));
    }
    const reason = unsupportedReason(spec);
    if (reason) throw new BadUserInputError(`columns: column ${shown} ${reason} and cannot be synthesized`, 'columns');
    return spec;
  });
  return {
    columns: input.columns,
    domains: specs.map(domainOf),
    rows: input.rows,
    epsilon: input.epsilon,
    unitColumn: dataset.privacyUnitColumn,
    contributionBound: dataset.privacyUnitColumn ? dataset.maxRowsPerUnit : 1,
  };
}
