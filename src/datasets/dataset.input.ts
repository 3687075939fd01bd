import { Field, Float, InputType, Int } from 'type-graphql';
import { ColumnType, Sensitivity } from './dataset.type';

@InputType('ColumnInput')
export class ColumnInput {
  @Field() name!: string;
  @Field(() => ColumnType) type!: ColumnType;
  @Field(() => Sensitivity, { defaultValue: Sensitivity.SENSITIVE }) sensitivity!: Sensitivity;
  @Field({ defaultValue: true }) nullable!: boolean;
  @Field(() => Float, { nullable: true }) lowerBound?: number | null;
  @Field(() => Float, { nullable: true }) upperBound?: number | null;
  @Field(() => [String], { nullable: true }) categories?: string[] | null;
}

@InputType('CreateDatasetInput')
export class CreateDatasetInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [ColumnInput]) columns!: ColumnInput[];
  @Field(() => String, { nullable: true }) privacyUnitColumn?: string | null;
  @Field(() => Int, { defaultValue: 1 }) maxRowsPerUnit!: number;
}
