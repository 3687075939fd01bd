import { ApolloArmor } from '@escape.tech/graphql-armor';
import { listCostRule } from './list-cost.rule';

/**
 * Abuse limits sized for this schema. The deepest legitimate read is an auditor's
 * auditEvents → edges → node → actor → organization → id (depth 6) or a dataset's agreements with
 * their dataset and budget (depth 5); 10 leaves room without allowing cyclic fan-out.
 * The console's largest document is about 400 tokens; 2,000 is generous, 200,000 is an attack.
 * Cost multiplies a list field's cost by its `first` argument: one full audit page (first: 500,
 * every event field) costs about 30,000, so 50,000 admits it and refuses two.
 */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 50_000,
  /** Items assumed for a list field without `first` (see list-cost.rule.ts). */
  assumedListSize: 20,
  /** Items assumed for `first: $variable`: the largest page (audit events). */
  variablePageSize: 500,
} as const;

/** The fan-out price of a document, next to armor's rules (see list-cost.rule.ts). */
export function fanOutRule() {
  return listCostRule({ maxCost: LIMITS.maxCost, assumedListSize: LIMITS.assumedListSize, variablePageSize: LIMITS.variablePageSize });
}

export function armor() {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Counted by graphql-js's own parser instead (see parseOptions in apollo.ts): armor counts them in
    // a plugin hook, and Apollo answers an error thrown there with HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: LIMITS.maxCost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

const ARMOR_REJECTION = /^Syntax Error: (Query depth limit|Aliases limit|Directives limit|Token limit|Query Cost limit|Document contains more that \d+ tokens)/;
/** graphql-js stops validating after 100 errors: only a hostile document gets there. */
const VALIDATION_ABORTED = /^Validation aborted\./;

/** graphql-armor reports its refusals as syntax or validation errors; the contract calls them QUERY_TOO_COMPLEX. */
export function isLimitRejection(message: string): boolean {
  return ARMOR_REJECTION.test(message) || VALIDATION_ABORTED.test(message);
}
