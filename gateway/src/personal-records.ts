import {
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Whether any field of `document` returns one of `types` (a record type such as Person), at any depth, through any
 * fragment: such an operation may pull personal records and is subject to the bulk-extraction cap. A count
 * (`people(first: 0) { totalCount }`) is not. Answers are cached per schema and parsed document.
 */
export function reachesRecordTypes(schema: GraphQLSchema, document: DocumentNode, types: ReadonlySet<string>): boolean {
  let perSchema = reachCache.get(schema);
  if (!perSchema) reachCache.set(schema, (perSchema = new WeakMap()));
  const cached = perSchema.get(document);
  if (cached !== undefined) return cached;
  let reaches = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const t = typeInfo.getType();
        if (!t) return;
        const named = getNamedType(t);
        if (types.has(named.name) || (isAbstractType(named) && schema.getPossibleTypes(named).some((p) => types.has(p.name)))) reaches = true;
      },
    }),
  );
  perSchema.set(document, reaches);
  return reaches;
}
const reachCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();

/**
 * The personal records in an operation's result: each object of one of `types` (Person and Household by default) in
 * `data`, wherever it is (a root list or lookup, a household's members, a department record's `person`), distinct by
 * type and `id` when the `id` was selected (under any alias), each appearance counted when it was not. The result is
 * read with the operation's own selections (aliases resolved, fragments and inline fragments merged, as execution
 * merges them), so renaming fields or hiding them in fragments changes nothing; fields the server did not return
 * (@skip, null, errors) count nothing.
 */
export function countPersonalRecords(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown> | null | undefined,
  types: ReadonlySet<string>,
): number {
  if (!data) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  let withoutId = 0;
  // response key -> the selection sets under it, collected once per list of selection sets (every item of a list
  // shares its parent's list)
  const collected = new WeakMap<readonly SelectionSetNode[], Map<string, { name: string; sets: SelectionSetNode[] }>>();

  const collect = (sets: readonly SelectionSetNode[]) => {
    let fields = collected.get(sets);
    if (fields) return fields;
    const out = new Map<string, { name: string; sets: SelectionSetNode[] }>();
    const visited = new Set<string>();
    const add = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          let entry = out.get(key);
          if (!entry) out.set(key, (entry = { name: sel.name.value, sets: [] }));
          if (sel.selectionSet) entry.sets.push(sel.selectionSet);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) add(sel.selectionSet);
        else if (!visited.has(sel.name.value)) {
          visited.add(sel.name.value);
          const f = fragments.get(sel.name.value);
          if (f) add(f.selectionSet);
        }
      }
    };
    for (const s of sets) add(s);
    collected.set(sets, (fields = out));
    return fields;
  };

  const walkObject = (value: Record<string, unknown>, type: GraphQLObjectType, sets: readonly SelectionSetNode[]) => {
    const fields = collect(sets);
    if (types.has(type.name)) {
      let id: unknown;
      for (const [key, f] of fields) if (f.name === 'id' && value[key] != null) id = value[key];
      if (id != null) seen.add(`${type.name}:${String(id)}`);
      else withoutId++;
    }
    const defs = type.getFields();
    for (const [key, f] of fields) {
      const v = value[key];
      if (v == null || f.sets.length === 0) continue;
      const def = defs[f.name];
      if (def) walkValue(v, def.type, f.sets);
    }
  };

  const walkValue = (value: unknown, type: GraphQLOutputType, sets: SelectionSetNode[]) => {
    if (value == null) return;
    if (Array.isArray(value)) {
      for (const item of value) walkValue(item, type, sets);
      return;
    }
    if (typeof value !== 'object') return;
    let named = getNamedType(type);
    if (isAbstractType(named)) {
      const concrete = (value as { __typename?: unknown }).__typename;
      const t = typeof concrete === 'string' ? schema.getType(concrete) : undefined;
      if (!t || !isObjectType(t)) return;
      named = t;
    }
    if (isObjectType(named)) walkObject(value as Record<string, unknown>, named, sets);
  };

  walkObject(data, root, [operation.selectionSet]);
  return seen.size + withoutId;
}
