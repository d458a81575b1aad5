import { GraphQLError, GraphQLInputObjectType, getNamedType, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { SubgraphContext } from '../context';
import { COORDINATES, DATA_CLASSES, type DataClassDefinition } from '../access/classification';
import { afterValue, catchNext, ROOT_TYPES, type FieldMiddleware } from '../graphql/field-middleware';

/** fields that only navigate (relay structure) or only identify: reading them reads no personal data */
const NOT_A_READ = new Set(['id', '__typename', 'edges', 'node', 'cursor', 'pageInfo']);
const REFUSAL_CODES = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * The kit's one audit path for reads (issue 14 item 7), installed on every field of every subgraph by
 * `buildFederatedSchema`: for each field resolved on an object that belongs to a person — a Person or a department's
 * Person stub (its `id`), a department record (its `personId`), a Household (its `id`; its members when listed), or
 * an object reached from one of these (a connection, a computed summary) — it notes the person (or household) and the
 * schema coordinate (`Person.name`, `EducationAid.amount`) in the request's audit collector. Lists, connections and
 * `_entities` go through it like any other path. Reading only `id` / `__typename` (or relay structure) notes nothing.
 * A field that fails with FORBIDDEN or UNAUTHENTICATED is noted as a refusal (coordinate, path, reason), never as a read.
 * A list or lookup whose ARGUMENTS are classified personal data (classifiedArguments: a filter by programme, covered
 * group, person id, hospital...) reveals who it finds even when only ids are selected: the persons of the rows it
 * returns are noted with the argument coordinates (`PersonFilter.programme`, `Query.person`) as soon as any field of a
 * row is read, `id` included. A list ORDERED by a protected key is the same (its order ranks the rows by the value,
 * `people(orderBy: {field: BIRTH_DATE})` finds the oldest): the sort coordinate (`PersonOrder.field[BIRTH_DATE]`) is a
 * classified argument like a filter's, and its rows' persons are noted with it; an order by ID or a public key is not.
 * The collector is appended to the subgraph's audit log when the request ends (one read entry, one refusal entry).
 */
export const auditReads: FieldMiddleware<SubgraphContext> = ({ root, args, info, context }, next) => {
  const audit = context?.audit;
  if (!audit) return next();
  const typeName = info.parentType.name;
  const isRoot = ROOT_TYPES.has(typeName);
  // a row found by classified arguments: reading any of its fields, even its id, is a read of the person
  if (!isRoot) audit.noteArgumentRow(typeName, root);
  const owner = isRoot ? null : audit.ownerOfRecord(typeName, root);
  const refused = (e: unknown) => {
    const code = (e as GraphQLError)?.extensions?.code;
    if (typeof code === 'string' && REFUSAL_CODES.has(code)) {
      audit.noteRefusal({ coordinate: `${typeName}.${info.fieldName}`, path: responsePathAsArray(info.path), code, reason: (e as Error).message, owner });
    }
    throw e;
  };
  return afterValue(catchNext(next, refused), (value) => {
    const byArguments = classifiedArguments(info, args);
    if (byArguments.length) audit.markReturnedBy(byArguments, value);
    if (owner) {
      if (!NOT_A_READ.has(info.fieldName) && typeName !== 'PageInfo') audit.noteRead(typeName, root, info.fieldName);
      // what is reached from a person's field (a connection, a summary, a list of records) is that person's too
      const returned = getNamedType(info.returnType).name;
      if (returned !== 'Person') audit.inherit(owner, value);
      // a person's household is named by the person (already noted): no second id for it in the entry
      if (returned === 'Household' && 'person' in owner) audit.reachedFromPerson(value);
      if (typeName === 'Household' && info.fieldName === 'members' && Array.isArray(value)) {
        for (const m of value) if (m && typeof m === 'object' && (m as { id?: unknown }).id != null) audit.notePerson(String((m as { id: unknown }).id));
      }
    }
    return value;
  });
};

/**
 * True when an argument coordinate (`PersonFilter.programme`, `Query.person`, `PersonOrder.field[BIRTH_DATE]`) is
 * classified personal data in the classification table (kind 'filter', 'lookup' or 'sort'): its class is one of
 * DATA_CLASSES, other than the audit log's own (reads of the log are not noted in it) and other than a quasi-identifier
 * analysts see as it is (coarse demographics: a township filter reveals nothing of a person by design). Unclassified
 * coordinates are not; nor is a sort key of class `public` or the default order by ID (an opaque random id).
 */
export function isPersonalArgument(coordinate: string): boolean {
  const c = COORDINATES[coordinate];
  if (!c || (c.kind !== 'filter' && c.kind !== 'lookup' && c.kind !== 'sort')) return false;
  if (c.kind === 'sort' && (c.class === 'public' || coordinate.endsWith('.field[ID]'))) return false;
  const def = (DATA_CLASSES as Record<string, DataClassDefinition | undefined>)[c.class];
  if (!def || c.class === 'auditLog') return false;
  return !(def.quasiIdentifier && def.outcomes.analyst === 'value');
}

/**
 * The classified personal argument coordinates of a field as called: each given field of an input-object argument
 * (`PersonFilter.programme`) whose coordinate is a classified filter, each enum value given to one whose coordinate is
 * a classified sort key (`orderBy: {field: BIRTH_DATE}`: `PersonOrder.field[BIRTH_DATE]`), and the field itself
 * (`Query.person`) when it is a classified lookup called with arguments. Empty when none.
 */
export function classifiedArguments(info: GraphQLResolveInfo, args: Record<string, unknown> | undefined): string[] {
  if (!args) return [];
  const field = info.parentType.getFields()[info.fieldName];
  if (!field?.args.length) return [];
  const out: string[] = [];
  let given = false;
  for (const a of field.args) {
    const v = args[a.name];
    if (v == null) continue;
    given = true;
    const t = getNamedType(a.type);
    if (t instanceof GraphQLInputObjectType && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x == null) continue;
        if (isPersonalArgument(`${t.name}.${k}`)) out.push(`${t.name}.${k}`);
        // a sort key (`PersonOrder.field[BIRTH_DATE]`): classified per enum value
        if (typeof x === 'string' && isPersonalArgument(`${t.name}.${k}[${x}]`)) out.push(`${t.name}.${k}[${x}]`);
      }
    }
  }
  const self = `${info.parentType.name}.${info.fieldName}`;
  if (given && isPersonalArgument(self)) out.push(self);
  return out;
}
