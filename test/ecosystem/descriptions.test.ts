import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { buildParleySchema } from '../../src/app/schema';
import { DESCRIPTIONS } from '../../src/graphql/descriptions';

const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Every name a user sees in an IDE: types, fields, arguments, enum values. */
function surface(schema: GraphQLSchema): { name: string; description: string | null | undefined }[] {
  const out: { name: string; description: string | null | undefined }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || BUILT_IN.has(type.name)) continue;
    out.push({ name: type.name, description: type.description });
    if (isEnumType(type)) for (const v of type.getValues()) out.push({ name: `${type.name}.${v.name}`, description: v.description });
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push({ name: `${type.name}.${field.name}`, description: field.description });
        for (const arg of 'args' in field ? field.args : []) out.push({ name: `${type.name}.${field.name}(${arg.name})`, description: arg.description });
      }
    }
  }
  return out;
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildParleySchema();
});

describe('schema documentation', () => {
  it('describes every type, field, argument and enum value', () => {
    const missing = surface(schema).filter((s) => !s.description?.trim()).map((s) => s.name);
    expect(missing).toEqual([]);
  });

  it('has no catalog entry for something the schema does not have (a typo would hide a missing description)', () => {
    const names = new Set(surface(schema).map((s) => s.name));
    const stale: string[] = [];
    for (const [type, entries] of Object.entries(DESCRIPTIONS)) {
      for (const key of Object.keys(entries)) {
        const name = key === '_' ? type : `${type}.${key}`;
        if (!names.has(name)) stale.push(name);
      }
    }
    expect(stale).toEqual([]);
  });

  it("emits arguments in the contract's order, not type-graphql's reversed decorator order", () => {
    const order = (type: 'Query' | 'Mutation', field: string) => (type === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()[field]!.args.map((a) => a.name);
    expect(order('Mutation', 'createUser')).toEqual(['organizationId', 'email', 'roles']);
    expect(order('Mutation', 'setUserRoles')).toEqual(['userId', 'roles']);
    expect(order('Mutation', 'createOrganization')).toEqual(['name', 'slug']);
    expect(order('Mutation', 'issueApiToken')).toEqual(['name', 'userId', 'expiresAt']);
    expect(order('Mutation', 'ingestCsv')).toEqual(['datasetId', 'csv', 'mode', 'strict']);
    expect(order('Query', 'agreements')).toEqual(['status', 'datasetId']);
    expect(order('Query', 'auditEvents')).toEqual(['filter', 'first', 'after', 'last', 'before']);
  });
});
