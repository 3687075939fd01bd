import { AgreementEntity } from '../agreements/agreement.entity';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { DatasetEntity } from '../datasets/dataset.entity';
import { FederationPeerEntity } from '../federation/peer.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../organizations/user.entity';
import { SyntheticDatasetEntity } from '../synthetic/synthetic-dataset.entity';

export const entities = [OrganizationEntity, UserEntity, ApiTokenEntity, AuditEventEntity, DatasetEntity, AgreementEntity, SyntheticDatasetEntity, FederationPeerEntity];
