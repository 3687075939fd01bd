import { Readable } from 'node:stream';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from '../organizations/organization.type';
import { ParleyError } from '../errors/errors';
import { CreateDatasetInput } from './dataset.input';
import { Dataset, IngestMode, IngestReport } from './dataset.type';

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => [Dataset])
  async datasets(@Ctx() { guard, services }: GraphQLContext): Promise<Dataset[]> {
    return (await services.datasets.list(guard)).map(({ dataset, owner }) => Dataset.from(dataset, owner));
  }

  @Query(() => Dataset, { nullable: true })
  async dataset(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<Dataset | null> {
    try {
      return Dataset.from(await services.datasets.get(guard, id));
    } catch (e) {
      // The contract answers null both for a malformed id and for a dataset the caller may not see.
      if (e instanceof ParleyError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) return null;
      throw e;
    }
  }

  @Mutation(() => Dataset)
  async createDataset(@Arg('input', () => CreateDatasetInput) input: CreateDatasetInput, @Ctx() { guard, services }: GraphQLContext): Promise<Dataset> {
    return Dataset.from(await services.datasets.create(guard, input));
  }

  @Mutation(() => IngestReport, {
    description: 'Validate, clean and load CSV text (header row first). All-or-nothing: a failed ingest changes nothing; with strict, any rejected row fails it.',
  })
  async ingestCsv(
    @Arg('datasetId', () => ID) datasetId: string,
    @Arg('csv') csv: string,
    @Arg('mode', () => IngestMode, { defaultValue: IngestMode.APPEND }) mode: IngestMode,
    @Arg('strict', { defaultValue: false }) strict: boolean,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<IngestReport> {
    // In 64 KiB pieces, as an upload arrives: one multi-megabyte chunk would be parsed in one
    // synchronous stretch, stalling every other request (and a shutdown's timers) meanwhile.
    const bytes = Buffer.from(csv, 'utf8');
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 65_536) pieces.push(bytes.subarray(at, at + 65_536));
    const source = Readable.from(pieces);
    return IngestReport.from(await services.ingest.ingest(guard, datasetId, source, { mode, strict, via: 'graphql' }));
  }

  @Mutation(() => Boolean)
  deleteDataset(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<boolean> {
    return services.datasets.delete(guard, id);
  }

  @FieldResolver(() => Organization)
  owner(@Root() dataset: Dataset, @Ctx() { guard, services }: GraphQLContext): Organization | Promise<Organization> {
    // A listed dataset brought its owner: checked and answered without a promise, so that a list
    // of datasets resolves synchronously (a promise per object costs more than the check).
    if (dataset.listedOwner !== undefined) return Organization.from(services.organizations.readable(guard, dataset.listedOwner));
    return services.organizations.get(guard, dataset.ownerOrganizationId).then(Organization.from);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Exact row count: visible to the owner organization only, null for everyone else.' })
  rowCount(@Root() dataset: Dataset, @Ctx() { guard }: GraphQLContext): number | null {
    return ownerMaySee(guard, dataset, 'rowCount') ? dataset.exactRowCount : null;
  }

  @FieldResolver(() => IngestReport, { nullable: true, description: 'Latest ingest quality report: owner organization only.' })
  async qualityReport(@Root() dataset: Dataset, @Ctx() { guard, services }: GraphQLContext): Promise<IngestReport | null> {
    if (!ownerMaySee(guard, dataset, 'qualityReport')) return null;
    const stored = dataset.storedQualityReport === undefined ? await services.datasets.storedQualityReport(guard, dataset.id) : dataset.storedQualityReport;
    return stored ? IngestReport.from(stored) : null;
  }
}

/**
 * Field-level check. Partner rules grant only the public fields, so no rule that could release these
 * depends on partnerOrganizationIds; an empty list keeps this free of a query per dataset.
 */
function ownerMaySee(guard: GraphQLContext['guard'], dataset: Dataset, field: string): boolean {
  return guard.can('read', 'Dataset', { id: dataset.id, ownerOrganizationId: dataset.ownerOrganizationId, partnerOrganizationIds: [] }, field);
}
