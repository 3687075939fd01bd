import { Identity1764300000000 } from './1764300000000-identity';
import { AuditTrail1764300000100 } from './1764300000100-audit-trail';
import { DatasetsAgreements1764300000200 } from './1764300000200-datasets-agreements';
import { AuditCheckpoints1764300000500 } from './1764300000500-audit-checkpoints';
import { AuditAppendFunction1764300000510 } from './1764300000510-audit-append-function';
import { QueryResults1764300000600 } from './1764300000600-query-results';
import { QueryHistory1764300000610 } from './1764300000610-query-history';
import { DeltaBudgetAndUnitNotNull1764400000100 } from './1764400000100-delta-budget-and-unit-not-null';
import { AgreementJoinColumns1764500000100 } from './1764500000100-agreement-join-columns';
import { SyntheticData1764500000200 } from './1764500000200-synthetic-data';
import { FederationPeers1764500000300 } from './1764500000300-federation-peers';
import { QuerySpeed1764500000500 } from './1764500000500-query-speed';

/** In order. A landed migration is never edited: add a new one. */
export const migrations = [Identity1764300000000, AuditTrail1764300000100, DatasetsAgreements1764300000200, AuditCheckpoints1764300000500, AuditAppendFunction1764300000510, QueryResults1764300000600, QueryHistory1764300000610, DeltaBudgetAndUnitNotNull1764400000100, AgreementJoinColumns1764500000100, SyntheticData1764500000200, FederationPeers1764500000300, QuerySpeed1764500000500];
