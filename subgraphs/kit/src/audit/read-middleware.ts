import type { MiddlewareFn } from 'type-graphql';
import { GraphQLError, getNamedType, responsePathAsArray } from 'graphql';
import type { SubgraphContext } from '../context';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
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
 * The collector is appended to the subgraph's audit log when the request ends (one read entry, one refusal entry).
 */
export const auditReads: MiddlewareFn<SubgraphContext> = async ({ root, info, context }, next) => {
  const audit = context?.audit;
  if (!audit) return next();
  const typeName = info.parentType.name;
  const isRoot = ROOT_TYPES.has(typeName);
  const owner = isRoot ? null : audit.ownerOfRecord(typeName, root);
  let value: unknown;
  try {
    value = await next();
  } catch (e) {
    const code = (e as GraphQLError)?.extensions?.code;
    if (typeof code === 'string' && REFUSAL_CODES.has(code)) {
      audit.noteRefusal({ coordinate: `${typeName}.${info.fieldName}`, path: responsePathAsArray(info.path), code, reason: (e as Error).message, owner });
    }
    throw e;
  }
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
};
