import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType,
  isUnionType, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';

/** One minimal valid operation on one root field (rootOperations). */
export interface RootOperation {
  /** `Query.people`, `Mutation.submitApplication` */
  coordinate: string;
  kind: 'query' | 'mutation';
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Values the generator uses for arguments it cannot make up from their type alone. */
export interface SampleValues {
  /** a real id (for every `ID` argument and input field): e.g. a person of the demo data */
  id: string;
  /** a 12-digit village code, for arguments named like a village */
  villageCode: string;
  /** a 9-digit township code, for arguments named like a township */
  townshipCode: string;
  /** an ISO date, for arguments named like a date */
  date: string;
}

const DATE_NAME = /(^on$|date|Date|On$|From$|To$|^from$|^to$|^asOf$|Month$|^month$)/;

/** A value of an input type: required input fields only, enums their first value, lists one item. */
function valueOf(type: GraphQLInputType, name: string, s: SampleValues, depth = 0): unknown {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) return [valueOf(t.ofType, name, s, depth)];
  if (isEnumType(t)) return t.getValues()[0].value;
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    if (depth > 4) return out;
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valueOf(f.type, f.name, s, depth + 1);
    return out;
  }
  if (isScalarType(t)) {
    switch (t.name) {
      case 'ID':
        return s.id;
      case 'Int':
        return /year/i.test(name) ? 2025 : 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'Yuan':
        return '1.00';
      case 'HousingFloorArea':
        return '20.00';
      default:
        if (/village/i.test(name)) return s.villageCode;
        if (/township/i.test(name)) return s.townshipCode;
        if (/year/i.test(name)) return '2025-2026';
        if (DATE_NAME.test(name)) return s.date;
        if (/programme/i.test(name)) return 'DIBAO';
        if (/department/i.test(name)) return 'EDUCATION';
        return 'x';
    }
  }
  return null;
}

/** The scalar leaves (without required arguments) of an object type, and one level of nested objects' leaves. */
function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type) || isInterfaceType(type)) return '{ __typename }';
  if (!isObjectType(type)) return '';
  const parts: string[] = ['__typename'];
  for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) parts.push(f.name);
    else if (depth < 1 && isObjectType(named)) {
      const sub = selectionOf(named, depth + 1);
      if (sub) parts.push(`${f.name} ${sub}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/**
 * For every root field of `schema` (Query and Mutation, federation internals left out), a minimal valid operation: its
 * required arguments generated from their types (ids, village and township codes and dates from `samples`, enums
 * their first value, input objects their required fields), selecting the scalar leaves of the answer and one level of
 * nested objects. Used by the tests that walk the whole API as one role (the public disclosure site).
 */
export function rootOperations(schema: GraphQLSchema, samples: SampleValues): RootOperation[] {
  const out: RootOperation[] = [];
  for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    if (!root) continue;
    for (const f of Object.values(root.getFields())) {
      if (f.name.startsWith('_')) continue;
      const required = f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const variables: Record<string, unknown> = {};
      for (const a of required) variables[a.name] = valueOf(a.type, a.name, samples);
      const defs = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
      const query = `${kind} Walk${defs ? `(${defs})` : ''} { ${f.name}${args ? `(${args})` : ''} ${selectionOf(getNamedType(f.type))} }`;
      out.push({ coordinate: `${root.name}.${f.name}`, kind, field: f.name, query, variables });
    }
  }
  return out;
}
