import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorConfig, GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { costLimit } from '@aidgraph/common';
import type { GatewayContext } from './context';

/** The limits of one operation, from the gateway's configuration (see the README's configuration table). */
export interface OperationLimitSettings {
  /** the deepest selection (fragments followed, not counted as a level): MAX_QUERY_DEPTH */
  MAX_QUERY_DEPTH: number;
  /** the largest estimated cost: MAX_QUERY_COST */
  MAX_QUERY_COST: number;
  /** the most aliases in one operation, fragments followed (`__typename` aliases are free): MAX_QUERY_ALIASES */
  MAX_QUERY_ALIASES: number;
  /** the most directives in one operation, fragments followed: MAX_QUERY_DIRECTIVES */
  MAX_QUERY_DIRECTIVES: number;
  /** the most lexical tokens in the query text: MAX_QUERY_TOKENS */
  MAX_QUERY_TOKENS: number;
  /** production mode: field suggestions ("Did you mean ...?") are removed from every error message */
  production: boolean;
}

/** What ApolloServer is given to apply the limits: its `parseOptions`, `validationRules` and `plugins`. */
export interface OperationLimits {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/**
 * The static cost bound (GraphQL Armor's cost limit) is allowed this many times MAX_QUERY_COST: Armor multiplies a
 * paged field itself by its literal `first`/`last` (n × (1 + children), where the page-aware estimate counts
 * 1 + n × children) and does not know variables, so its figure is at most about twice the page-aware one, and an
 * operation it refuses at this bound is above MAX_QUERY_COST for the page-aware estimate as well.
 */
export const STATIC_COST_FACTOR = 2;

/** The `reason` of each limit's refusal (the code is GRAPHQL_VALIDATION_FAILED, GRAPHQL_PARSE_FAILED for tokens). */
export const LIMIT_REASONS = {
  depth: 'TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
} as const;

/** the count GraphQL Armor found, from its message (`... exceeded, found 13.`; limits are exposed in its messages) */
const found = (error: GraphQLError): number => {
  const m = /found (\d+(?:\.\d+)?)/.exec(error.message);
  return m ? Math.ceil(Number(m[1])) : NaN;
};

/** a GraphQL Armor rejection reported as a validation error of ours: a readable message, a `reason` and the `max` */
const report =
  (reason: string, max: number, message: (n: number) => string): GraphQLArmorRejectCallback =>
  (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(new GraphQLError(message(found(error)), { extensions: { reason, max } }));
  };

/**
 * The gateway's limits on one operation, applied before any subgraph is asked:
 * - GraphQL Armor (@escape.tech/graphql-armor, its Apollo Server integration: validation rules, so each distinct
 *   document is checked once and answered HTTP 400): max depth (MAX_QUERY_DEPTH, counted through fragments, which add
 *   no level; introspection's `__schema` not counted), max aliases (MAX_QUERY_ALIASES), max directives
 *   (MAX_QUERY_DIRECTIVES) — each GRAPHQL_VALIDATION_FAILED with a `reason` (TOO_DEEP, TOO_MANY_ALIASES,
 *   TOO_MANY_DIRECTIVES) and `max` — and its cost limit as a static bound (literal page sizes only, fragments costed
 *   once, so a chain of fragments that doubles at each step is refused without being walked out:
 *   STATIC_COST_FACTOR × MAX_QUERY_COST), answered QUERY_TOO_COSTLY with `cost` (at least) and `max`; field
 *   suggestions are blocked in production;
 * - the token limit at parse time (MAX_QUERY_TOKENS: graphql-js's own `maxTokens`, the check Armor's max-tokens
 *   performs; Armor's Apollo integration of it throws from a plugin hook, which Apollo Server answers with HTTP 500):
 *   parsing stops at the first token over the limit, GRAPHQL_PARSE_FAILED (HTTP 400) with reason TOO_MANY_TOKENS;
 * - what Armor cannot do, the page-size-aware cost (the kit's `costLimit`/`estimateCost`: `first`/`last` from the
 *   literal, the variable, its default or the schema's, unpaged lists as 10, batch lookups by their length), checked per
 *   request with its variables: QUERY_TOO_COSTLY with `cost` and `max`, HTTP 400.
 */
export function operationLimits(settings: OperationLimitSettings): OperationLimits {
  const { MAX_QUERY_DEPTH: depth, MAX_QUERY_ALIASES: aliases, MAX_QUERY_DIRECTIVES: directives, MAX_QUERY_COST: cost } = settings;
  const staticMax = cost * STATIC_COST_FACTOR;
  const config: GraphQLArmorConfig = {
    // Apollo Server strips suggestions itself when hideSchemaDetailsFromClientErrors is set (production); Armor's plugin
    // also covers the messages that are not validation errors
    blockFieldSuggestion: { enabled: settings.production },
    // at parse time instead (parseOptions below)
    maxTokens: { enabled: false },
    maxDepth: {
      n: depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [report(LIMIT_REASONS.depth, depth, (n) => `the query is ${n} levels deep; at most ${depth} are allowed`)],
    },
    maxAliases: {
      n: aliases,
      propagateOnRejection: false,
      onReject: [report(LIMIT_REASONS.aliases, aliases, (n) => `the query has ${n} aliases; at most ${aliases} are allowed`)],
    },
    maxDirectives: {
      n: directives,
      propagateOnRejection: false,
      onReject: [report(LIMIT_REASONS.directives, directives, (n) => `the query has ${n} directives; at most ${directives} are allowed`)],
    },
    costLimit: {
      maxCost: staticMax,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [
        (context, error) => {
          const atLeast = Math.ceil(found(error) / STATIC_COST_FACTOR);
          context?.reportError(
            new GraphQLError(`the query would cost at least ${atLeast}; at most ${cost} is allowed: ask for fewer fields, smaller pages or fewer aliases`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost: atLeast, max: cost },
            }),
          );
        },
      ],
    },
  };
  const armor = new ApolloArmor(config).protect();
  return {
    parseOptions: { maxTokens: settings.MAX_QUERY_TOKENS },
    validationRules: armor.validationRules,
    plugins: [...(armor.plugins as ApolloServerPlugin<GatewayContext>[]), limitErrors(settings.MAX_QUERY_TOKENS), costLimit<GatewayContext>(cost)],
  };
}

const TOKENS = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;

/**
 * Gives the limits' refusals the codes clients know: Apollo Server answers every validation error
 * GRAPHQL_VALIDATION_FAILED, so the static cost bound's is given back its QUERY_TOO_COSTLY; graphql-js's token limit
 * gets a readable message, reason TOO_MANY_TOKENS and `max` (its code stays GRAPHQL_PARSE_FAILED).
 */
function limitErrors(maxTokens: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const extensions = error.extensions as Record<string, unknown>;
            const original = error.originalError as GraphQLError | undefined;
            if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && original?.extensions?.code === 'QUERY_TOO_COSTLY') extensions.code = 'QUERY_TOO_COSTLY';
            else if (extensions.code === 'GRAPHQL_PARSE_FAILED' && TOKENS.test(error.message)) {
              error.message = `the query has more than ${maxTokens} tokens; at most ${maxTokens} are allowed`;
              extensions.reason = LIMIT_REASONS.tokens;
              extensions.max = maxTokens;
            }
          }
        },
      };
    },
  };
}
