/** How a dataset column is declared; stored as JSON in `datasets.columns`. */
export type ColumnType = 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'CATEGORY' | 'TEXT' | 'DATE';
export type Sensitivity = 'IDENTIFIER' | 'QUASI_IDENTIFIER' | 'SENSITIVE' | 'PUBLIC';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  sensitivity: Sensitivity;
  nullable: boolean;
  /** INTEGER/FLOAT: clamping bounds; they set the sensitivity of SUM/MEAN/QUANTILE. */
  lowerBound: number | null;
  upperBound: number | null;
  /** CATEGORY: the public domain. */
  categories: string[] | null;
}

export const isNumeric = (c: ColumnSpec): boolean => c.type === 'INTEGER' || c.type === 'FLOAT';
