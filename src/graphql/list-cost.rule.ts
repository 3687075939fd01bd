import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface ListCostOptions {
  maxCost: number;
  /** Items assumed for a list field that has no `first`/`last` literal: what one call may fan out to. */
  assumedListSize: number;
  /** Items assumed for `first`/`last` given as a variable (unknown at validation): the largest page. */
  variablePageSize: number;
}

/**
 * Prices a document by the rows it can fan out to: a field costs 1, plus its selection times the
 * number of items it may return. graphql-armor's cost limit multiplies only by a literal `first`,
 * so `dataset { agreements { dataset { agreements { … } } } }` cost a few points while returning
 * megabytes; here every list of entities counts as `assumedListSize` items unless `first`/`last`
 * says otherwise. Over `maxCost` the document is refused before anything runs (QUERY_TOO_COMPLEX).
 */
export function listCostRule(opts: ListCostOptions): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(node) {
      const root =
        node.operation === 'query'
          ? context.getSchema().getQueryType()
          : node.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      if (!root) return;
      const cost = selectionCost(context, opts, root, node.selectionSet, 0);
      if (cost > opts.maxCost) {
        context.reportError(new GraphQLError(`Syntax Error: Query Cost limit of ${opts.maxCost} exceeded, found ${Math.round(cost)}.`, { nodes: [node] }));
      }
    },
  });
}

/** Deeper than any document the depth limit admits; only guards against fragment cycles. */
const MAX_WALK_DEPTH = 50;

function selectionCost(context: ValidationContext, opts: ListCostOptions, type: GraphQLNamedType, set: SelectionSetNode, depth: number): number {
  if (depth > MAX_WALK_DEPTH) return Infinity;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(context, opts, type, selection, depth);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : type;
      if (on) cost += selectionCost(context, opts, on, selection.selectionSet, depth + 1);
    } else {
      const fragment = context.getFragment(selection.name.value);
      const on = fragment && context.getSchema().getType(fragment.typeCondition.name.value);
      if (fragment && on) cost += selectionCost(context, opts, on, fragment.selectionSet, depth + 1);
    }
    if (cost === Infinity) return cost;
  }
  return cost;
}

function fieldCost(context: ValidationContext, opts: ListCostOptions, parent: GraphQLNamedType, node: FieldNode, depth: number): number {
  if (!isObjectType(parent) && !isInterfaceType(parent)) return 1;
  const field: GraphQLField<unknown, unknown> | undefined = parent.getFields()[node.name.value];
  // Unknown fields are another rule's error; introspection is priced like any field.
  if (!field || !node.selectionSet) return 1;
  return 1 + itemsOf(opts, parent, field, node) * selectionCost(context, opts, getNamedType(field.type), node.selectionSet, depth + 1);
}

/**
 * A paged field (one with `first`) returns what `first` says, or its default; the list inside a
 * connection (`edges`) is that same page, already counted. Any other list is `assumedListSize`.
 */
function itemsOf(opts: ListCostOptions, parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const paging = field.args.find((a) => a.name === 'first');
  if (paging) {
    for (const arg of node.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      if (arg.value.kind === Kind.INT) return Math.max(1, Number(arg.value.value));
      if (arg.value.kind === Kind.VARIABLE) return opts.variablePageSize;
    }
    return typeof paging.defaultValue === 'number' ? paging.defaultValue : opts.variablePageSize;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  if (parent.name.endsWith('Connection')) return 1;
  // A list of values its parent holds (groups of an answer, bins of a histogram: no id) fans out
  // to no further lookups: it is priced once. Lists of entities (with an id) can each be a lookup.
  return isEntity(getNamedType(field.type)) ? opts.assumedListSize : 1;
}

function isEntity(type: GraphQLNamedType): boolean {
  return (isObjectType(type) || isInterfaceType(type)) && 'id' in type.getFields();
}
