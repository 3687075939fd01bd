import { Identity1764300000000 } from './1764300000000-identity';
import { AuditTrail1764300000100 } from './1764300000100-audit-trail';
import { DatasetsAgreements1764300000200 } from './1764300000200-datasets-agreements';

/** In order. A landed migration is never edited: add a new one. */
export const migrations = [Identity1764300000000, AuditTrail1764300000100, DatasetsAgreements1764300000200];
