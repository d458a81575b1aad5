import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Refuses an operation whose estimated cost is above `max` (code QUERY_TOO_COSTLY, before any subgraph is asked): each
 * field costs 1, and what is selected under a field with a `first` argument (or under a paginated list, whose default
 * page is 50) costs `first` times over (a page of 500
 * people with their households costs about 500 × the fields per person). Aliases count as often as they are written,
 * so forty aliased pages cost forty times one.
 */
export function costLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const estimated = estimateCost(document, operation.selectionSet, request.variables ?? {});
          if (estimated > max)
            throw new GraphQLError(`the query would cost about ${estimated}; at most ${max} is allowed: ask for fewer fields, smaller pages or fewer aliases`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost: estimated, max, http: { status: 400 } },
            });
        },
      };
    },
  };
}

/** The estimated cost of an operation's selection (see costLimit). */
export function estimateCost(document: DocumentNode, selectionSet: SelectionSetNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const valueOf = (v: ValueNode): number | undefined => {
    if (v.kind === Kind.INT) return Number(v.value);
    if (v.kind === Kind.VARIABLE) {
      const x = variables[v.name.value];
      return typeof x === 'number' ? x : undefined;
    }
    return undefined;
  };
  const cost = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const firstArg = s.arguments?.find((a) => a.name.value === 'first');
        // a list without `first` gets its default page (50)
        const connection = s.selectionSet?.selections.some((x) => x.kind === Kind.FIELD && x.name.value === 'edges');
        const multiplier = firstArg ? (valueOf(firstArg.value) ?? 50) : connection ? 50 : 1;
        total += 1 + Math.max(1, multiplier) * cost(s.selectionSet, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) total += cost(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) total += cost(f.selectionSet, new Set([...seen, s.name.value]));
      }
    }
    return total;
  };
  return cost(selectionSet, new Set());
}
