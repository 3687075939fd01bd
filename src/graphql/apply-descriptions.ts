import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { DESCRIPTIONS } from './descriptions';

/**
 * Fills in descriptions the type classes leave out, from the catalog; a field of a Node type
 * without one inherits the interface's. Run once on the freshly built schema, before it serves.
 */
export function applyDescriptions(schema: GraphQLSchema, catalog: Record<string, Record<string, string>> = DESCRIPTIONS): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const entries = catalog[type.name] ?? {};
    if (!type.description && entries._) type.description = entries._;
    if (isEnumType(type)) {
      for (const value of type.getValues()) value.description ??= entries[value.name];
      continue;
    }
    if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
    const interfaces = isInputObjectType(type) ? [] : type.getInterfaces();
    for (const field of Object.values(type.getFields())) {
      field.description ??= entries[field.name] ?? interfaces.map((i) => i.getFields()[field.name]?.description).find(Boolean);
      for (const arg of 'args' in field ? field.args : []) arg.description ??= entries[`${field.name}(${arg.name})`];
    }
  }
  return schema;
}
