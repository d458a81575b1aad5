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
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Refuses an operation whose estimated cost is above `max` (code QUERY_TOO_COSTLY, before any subgraph is asked): each
 * field costs 1, and what is selected under a list field costs as many times over as the list may hold: its `first`
 * (from the literal, the variable's value, else the variable's default in the operation, else the argument's default in
 * the schema, else 50 for a connection), or for a batch lookup the length of its list argument (`peopleByIdNumbers`
 * with 500 numbers costs 500 ×). A page of 500 people with their households costs about 500 × the fields per person.
 * Aliases count as often as they are written, so forty aliased pages cost forty times one.
 */
export function costLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
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

/** The default page of a list whose size cannot be read from the request or the schema. */
const DEFAULT_PAGE = 50;

/**
 * The estimated cost of an operation's selection (see costLimit). With `schema` and `operation`, the variables'
 * defaults and the arguments' schema defaults are used where the request gives no value (without them, a list
 * without a readable `first` counts as a page of 50).
 */
export function estimateCost(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  variables: Record<string, unknown>,
  options: { schema?: GraphQLSchema; operation?: OperationDefinitionNode } = {},
): number {
  const { schema, operation } = options;
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
  const multiplierOf = (s: import('graphql').FieldNode, def: GraphQLField<unknown, unknown> | undefined): number => {
    const firstArg = s.arguments?.find((a) => a.name.value === 'first');
    const given = firstArg ? valueOf(firstArg.value) : undefined;
    if (typeof given === 'number' && Number.isFinite(given)) return given;
    const schemaDefault = def?.args.find((a) => a.name === 'first')?.defaultValue;
    if (typeof schemaDefault === 'number') return schemaDefault;
    if (firstArg || def?.args.some((a) => a.name === 'first')) return DEFAULT_PAGE;
    // a connection without `first` (when the schema is not known) gets the default page
    if (s.selectionSet?.selections.some((x) => x.kind === Kind.FIELD && x.name.value === 'edges')) return DEFAULT_PAGE;
    // a batch lookup returning a list costs the length of its longest list argument
    const type = def && (isNonNullType(def.type) ? def.type.ofType : def.type);
    if (type && isListType(type)) {
      let longest = 1;
      for (const a of s.arguments ?? []) {
        const v = valueOf(a.value);
        if (Array.isArray(v)) longest = Math.max(longest, v.length);
      }
      return longest;
    }
    return 1;
  };
  const fieldsOf = (t: GraphQLNamedType | undefined | null) => (t && (isObjectType(t) || isInterfaceType(t)) ? t.getFields() : undefined);
  const cost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const def = fieldsOf(parent)?.[s.name.value];
        const multiplier = multiplierOf(s, def);
        total += 1 + Math.max(1, multiplier) * cost(s.selectionSet, def ? getNamedType(def.type) : undefined, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition && schema ? (schema.getType(s.typeCondition.name.value) ?? undefined) : parent;
        total += cost(s.selectionSet, t, seen);
      } else if (!seen.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) total += cost(f.selectionSet, schema?.getType(f.typeCondition.name.value) ?? undefined, new Set([...seen, s.name.value]));
      }
    }
    return total;
  };
  const root = schema && operation ? (schema.getRootType(operation.operation) ?? undefined) : undefined;
  return cost(selectionSet, root, new Set());
}
