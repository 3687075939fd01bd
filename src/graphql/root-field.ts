import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';

/** The label of a request that never became an executable operation (parse or validation failure). */
export const INVALID_OPERATION = 'invalid';

const META_FIELDS = new Set(['__schema', '__type', '__typename']);

/**
 * Names a request by the first root field of its operation, checked against the schema, never by
 * the client's operationName: the result is one of a fixed set of names (the schema's root fields,
 * the introspection fields, or `invalid`), so it is safe as a metric label and in the audit trail.
 */
export function rootFieldOf(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined, document?: DocumentNode): string {
  if (!operation) return INVALID_OPERATION;
  const root = schema.getRootType(operation.operation);
  const name = firstField(operation.selectionSet, document, 0);
  if (!root || !name) return INVALID_OPERATION;
  return META_FIELDS.has(name) || name in root.getFields() ? name : INVALID_OPERATION;
}

/** The first field selected, looking through inline fragments and named fragment spreads (bounded depth). */
function firstField(set: SelectionSetNode, document: DocumentNode | undefined, depth: number): string | null {
  if (depth > 10) return null;
  for (const s of set.selections) {
    if (s.kind === 'Field') return s.name.value;
    if (s.kind === 'InlineFragment') {
      const inner = firstField(s.selectionSet, document, depth + 1);
      if (inner) return inner;
    }
    if (s.kind === 'FragmentSpread' && document) {
      const fragment = document.definitions.find((d) => d.kind === 'FragmentDefinition' && d.name.value === s.name.value);
      if (fragment && fragment.kind === 'FragmentDefinition') {
        const inner = firstField(fragment.selectionSet, document, depth + 1);
        if (inner) return inner;
      }
    }
  }
  return null;
}
