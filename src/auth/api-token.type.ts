import { Field, ID, ObjectType } from 'type-graphql';
import type { ApiTokenEntity } from './api-token.entity';
import { Node } from '../graphql/node.type';

@ObjectType('ApiToken', { implements: Node })
export class ApiToken {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'First characters of the token, for recognising it; the secret is never stored or shown again.' })
  prefix!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  /** Resolved by ApiTokenResolver.user. */
  userId!: string;

  static from(e: ApiTokenEntity): ApiToken {
    return Object.assign(new ApiToken(), {
      id: e.id,
      name: e.name,
      prefix: e.prefix,
      createdAt: e.createdAt,
      expiresAt: e.expiresAt,
      lastUsedAt: e.lastUsedAt,
      revokedAt: e.revokedAt,
      userId: e.userId,
    });
  }
}

@ObjectType('IssuedToken')
export class IssuedToken {
  @Field({ description: 'The secret bearer token. Shown once, stored only as a hash.' })
  token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}
