import { Field, ID, InputType } from 'type-graphql';
import { AuditOutcome } from './audit-event.type';

@InputType('AuditFilter')
export class AuditFilter {
  @Field(() => ID, { nullable: true }) actorId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Events whose actor organization OR resource organization is this one.' })
  organizationId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Any of these actions; an empty list does not filter.' })
  actions?: string[] | null;
  @Field(() => ID, { nullable: true }) resourceId?: string | null;
  @Field(() => AuditOutcome, { nullable: true }) outcome?: AuditOutcome | null;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Inclusive.' }) to?: Date | null;
}
