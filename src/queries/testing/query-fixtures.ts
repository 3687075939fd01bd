import { AggregateFunction } from '../../agreements/aggregate-function';
import type { AgreementEntity } from '../../agreements/agreement.entity';
import type { DatasetEntity } from '../../datasets/dataset.entity';

/** A dataset with one column of every type and an agreement covering all of them, for unit tests. */
export const dataset = {
  id: 'd',
  version: 3,
  tableName: 'ds_1',
  privacyUnitColumn: 'person',
  maxRowsPerUnit: 2,
  ownerOrganizationId: 'o',
  columns: [
    { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false, lowerBound: null, upperBound: null, categories: null },
    { name: 'dept', type: 'CATEGORY', sensitivity: 'PUBLIC', nullable: true, lowerBound: null, upperBound: null, categories: ['a', 'b'] },
    { name: 'amount', type: 'INTEGER', sensitivity: 'SENSITIVE', nullable: true, lowerBound: 0, upperBound: 100, categories: null },
    { name: 'score', type: 'FLOAT', sensitivity: 'SENSITIVE', nullable: true, lowerBound: -1, upperBound: 1, categories: null },
    { name: 'flag', type: 'BOOLEAN', sensitivity: 'SENSITIVE', nullable: false, lowerBound: null, upperBound: null, categories: null },
    { name: 'city', type: 'TEXT', sensitivity: 'SENSITIVE', nullable: true, lowerBound: null, upperBound: null, categories: null },
    { name: 'day', type: 'DATE', sensitivity: 'SENSITIVE', nullable: true, lowerBound: null, upperBound: null, categories: null },
  ],
} as unknown as DatasetEntity;

export const agreement = {
  id: 'agr',
  ownerOrganizationId: 'o',
  columns: ['person', 'dept', 'amount', 'score', 'flag', 'city', 'day'],
  allowedAggregations: Object.values(AggregateFunction),
  epsilonPerQueryMax: 1,
  delta: 1e-6,
  suppressBelow: null,
} as unknown as AgreementEntity;
