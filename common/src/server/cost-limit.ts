import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** The default page of a connection whose `first` cannot be read from the request or the schema. */
export const DEFAULT_PAGE = 50;

/**
 * How many items a list field without paging (no `first` argument, e.g. `Household.members`, `Person.enrolments`) is
 * costed as holding: what is selected under it costs 10 times over, so nesting such lists multiplies the estimate as it
 * multiplies the real work. Introspection lists (`__schema { types { fields } }`) are bounded by the schema and cost 1.
 */
export const DEFAULT_LIST_SIZE = 10;

/** Options of the cost limit plugin. */
export interface CostLimitOptions {
  /**
   * whether to cost this request (default: every request); the subgraph server skips requests signed by the gateway,
   * which has costed the whole operation already
   */
  applies?: (contextValue: unknown) => boolean;
}

/**
 * Refuses an operation whose estimated cost (estimateCost) is above `max`, before any resolver runs: a GraphQL error
 * with code QUERY_TOO_COSTLY, `cost` and `max` in its extensions, HTTP 400. Installed in the gateway (MAX_QUERY_COST of
 * the gateway) and in every subgraph for callers that reach it directly (MAX_QUERY_COST of the kit).
 */
export function costLimit<T extends BaseContext = BaseContext>(max: number, options: CostLimitOptions = {}): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          if (options.applies && !options.applies(contextValue)) return;
          const estimated = estimateCost(document, operation.selectionSet, request.variables ?? {}, { schema, operation });
          if (estimated > max)
            throw new GraphQLError(`the query would cost about ${estimated}; at most ${max} is allowed: ask for fewer fields, smaller pages or fewer aliases`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost: estimated, max, http: { status: 400 } },
            });
        },
      };
    },
  };
}

/**
 * The estimated cost of an operation's selection: each field costs 1, and what is selected under a field costs as many
 * times over as the field may return items:
 * - a field with a `first` or `last` argument (a connection page, or a paged list): its `first` or `last` (backward
 *   paging costs as forward) from the literal, the variable's value, else the variable's default in the operation, else
 *   the argument's default in the schema, else DEFAULT_PAGE (50, the page when neither is given); the `edges`/`nodes`
 *   lists of that connection are then not multiplied again;
 * - with the schema, any other field whose type is a list (non-null unwrapped): the length of its longest list argument
 *   (a batch lookup: `peopleByIdNumbers` with 500 numbers costs 500 ×), else DEFAULT_LIST_SIZE (10);
 * - without the schema, a selection with `edges` counts as a page of 50 and other fields as 1.
 * Aliases count as often as they are written; fragments are followed (a fragment spread inside itself once).
 * The result may be very large (lists nested n deep cost 10^n): it is compared with a limit, never used as a count.
 */
export function estimateCost(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  variables: Record<string, unknown>,
  options: { schema?: GraphQLSchema; operation?: OperationDefinitionNode; listSize?: number } = {},
): number {
  const { schema, operation } = options;
  const listSize = options.listSize ?? DEFAULT_LIST_SIZE;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, ValueNode>();
  for (const v of operation?.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  // the value of an argument: a literal, else the variable's value, else the variable's default in the operation
  const valueOf = (v: ValueNode): unknown => {
    if (v.kind === Kind.VARIABLE) {
      const name = v.name.value;
      if (variables[name] !== undefined) return variables[name];
      const d = defaults.get(name);
      return d ? valueFromASTUntyped(d) : undefined;
    }
    return valueFromASTUntyped(v, variables);
  };
  /** the multiplier of a field, and whether it is a paged field (its connection's edges/nodes are then not multiplied) */
  const multiplierOf = (
    s: FieldNode,
    def: GraphQLField<unknown, unknown> | undefined,
    parent: GraphQLNamedType | undefined,
    inPage: boolean,
  ): { n: number; paged: boolean } => {
    // `last` pages as `first` does (backward): the larger of the two given counts (both given is refused anyway)
    const pageArgs = (s.arguments ?? []).filter((a) => a.name.value === 'first' || a.name.value === 'last');
    const given = pageArgs.map((a) => valueOf(a.value)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (given.length) return { n: Math.max(...given), paged: true };
    const schemaDefault = def?.args.find((a) => a.name === 'first' || a.name === 'last')?.defaultValue;
    if (typeof schemaDefault === 'number') return { n: schemaDefault, paged: true };
    if (pageArgs.length || def?.args.some((a) => a.name === 'first' || a.name === 'last')) return { n: DEFAULT_PAGE, paged: true };
    // a connection without `first` (when the schema is not known) gets the default page
    if (!def && s.selectionSet?.selections.some((x) => x.kind === Kind.FIELD && x.name.value === 'edges')) return { n: DEFAULT_PAGE, paged: true };
    const type = def && (isNonNullType(def.type) ? def.type.ofType : def.type);
    if (!type || !isListType(type)) return { n: 1, paged: false };
    // the edges (or nodes) of a connection whose page was counted already
    if (inPage && (s.name.value === 'edges' || s.name.value === 'nodes')) return { n: 1, paged: false };
    // introspection: bounded by the schema itself
    if (s.name.value.startsWith('__') || parent?.name.startsWith('__')) return { n: 1, paged: false };
    // a batch lookup returning a list costs the length of its longest list argument
    let longest = 0;
    for (const a of s.arguments ?? []) {
      const v = valueOf(a.value);
      if (Array.isArray(v)) longest = Math.max(longest, v.length);
    }
    return { n: longest > 0 ? longest : listSize, paged: false };
  };
  const fieldsOf = (t: GraphQLNamedType | undefined | null) => (t && (isObjectType(t) || isInterfaceType(t)) ? t.getFields() : undefined);
  const cost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, seen: Set<string>, inPage: boolean): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const def = fieldsOf(parent)?.[s.name.value];
        const { n, paged } = multiplierOf(s, def, parent, inPage);
        total += 1 + Math.max(1, n) * cost(s.selectionSet, def ? getNamedType(def.type) : undefined, seen, paged);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition && schema ? (schema.getType(s.typeCondition.name.value) ?? undefined) : parent;
        total += cost(s.selectionSet, t, seen, inPage);
      } else if (!seen.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) total += cost(f.selectionSet, schema?.getType(f.typeCondition.name.value) ?? undefined, new Set([...seen, s.name.value]), inPage);
      }
    }
    return total;
  };
  const root = schema && operation ? (schema.getRootType(operation.operation) ?? undefined) : undefined;
  return cost(selectionSet, root, new Set(), false);
}
