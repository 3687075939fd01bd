export enum FilterOp {
  EQ = 'EQ',
  NE = 'NE',
  LT = 'LT',
  LE = 'LE',
  GT = 'GT',
  GE = 'GE',
  IN = 'IN',
  IS_NULL = 'IS_NULL',
  NOT_NULL = 'NOT_NULL',
}
