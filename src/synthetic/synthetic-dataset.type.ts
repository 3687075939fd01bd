import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node.type';
import type { SyntheticDatasetEntity } from './synthetic-dataset.entity';

/** `agreement` is resolved by SyntheticDatasetResolver. */
@ObjectType('SyntheticDataset', { implements: Node })
export class SyntheticDataset {
  @Field(() => ID) id!: string;
  @Field(() => [String]) columns!: string[];
  @Field(() => Int) rows!: number;
  @Field(() => Float) epsilonSpent!: number;
  @Field({ description: 'The synthesizer and what it measured.' }) method!: string;
  @Field() createdAt!: Date;
  @Field({ description: 'GET this path with the same bearer token for the CSV (header row first).' }) downloadPath!: string;

  /** Not a GraphQL field: the stored row, for the field resolvers. */
  entity!: SyntheticDatasetEntity;

  static from(e: SyntheticDatasetEntity): SyntheticDataset {
    return Object.assign(new SyntheticDataset(), {
      id: e.id,
      columns: e.columns,
      rows: e.rowCount,
      epsilonSpent: Number(e.epsilon),
      method: e.method,
      createdAt: e.createdAt,
      downloadPath: `/v1/synthetic/${e.id}.csv`,
      entity: e,
    });
  }
}

@InputType('SynthesizeInput')
export class SynthesizeInput {
  @Field(() => ID) agreementId!: string;
  @Field(() => [String]) columns!: string[];
  @Field(() => Int) rows!: number;
  @Field(() => Float) epsilon!: number;
}
