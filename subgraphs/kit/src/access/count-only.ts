import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import { forbidden } from '../errors';
import type { Identity } from './identity';
import { COORDINATES, outcomeFor } from './classification';

/**
 * Filters whose outcome is `countOnly` (classification.ts): a role may use them to count, never to list. A filter by a
 * publicly noticed programme (公示) names the rows of the people on the notice; with the rows' other fields (gender, age
 * band, township) and opaque ids, it would single them out. The decision reads only the query's selection set, so the
 * answer is the same whatever the data.
 */

/** The names of the fields selected directly under the resolved field (through fragments and inline fragments; a
 *  field under @skip/@include counts as selected, so that the answer depends on the query text alone). */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) out.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        walk(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return out;
}

/** Fields of a connection that reveal no row: the count (and the type name). Edges and cursors (pageInfo's cursors are
 *  the key of a row) reveal rows. */
export const COUNT_ONLY_FIELDS: readonly string[] = ['totalCount', '__typename'];

/** What the refusals of rows say about the count itself (the same for every count-only list and filter). */
const STATISTICS_HINT = 'the bare totalCount answers your role null, whatever the count: counts wait for audited statistics (the *Statistics queries answer only callers who see the rows)';

/**
 * Throw FORBIDDEN when `coordinate` (a filter, e.g. PersonFilter.programme) is `countOnly` for the identity and the
 * list query selects anything besides its count. The message says what is allowed; it depends only on the coordinate
 * and the query.
 */
export function assertCountOnlyFilter(identity: Identity, coordinate: string, info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): void {
  const c = COORDINATES[coordinate];
  if (!c || outcomeFor(identity, c.class, { owner: c.owner, coordinate }) !== 'countOnly') return;
  const extra = [...selectedFieldNames(info)].filter((f) => !COUNT_ONLY_FIELDS.includes(f));
  if (extra.length)
    throw forbidden(
      `your role may count the people of a filter by ${coordinate.split('.')[1]} (select only totalCount) but not list them ` +
        `(${extra.sort().join(', ')} selected): programme membership is published (公示) and would single people out; ` +
        STATISTICS_HINT,
    );
  markCountOnly(identity, info);
}

/**
 * Throw FORBIDDEN when the root list `coordinate` (e.g. Query.educationAids) is `countOnly` for the identity and the
 * query selects anything besides its count: every row of the list is a member of a publicly noticed programme (education
 * aid, public rental housing, rent subsidy, dilapidated-house renovation), so the rows, whatever the filter, are the
 * people on a notice; or a health record (a medical claim, a disability record) whose person is a recipient singled out
 * by (gender, age band, township). The message depends only on the coordinate and the query.
 */
export function assertCountOnlyList(identity: Identity, coordinate: string, info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): void {
  const c = COORDINATES[coordinate];
  if (!c || outcomeFor(identity, c.class, { owner: c.owner, coordinate }) !== 'countOnly') return;
  const extra = [...selectedFieldNames(info)].filter((f) => !COUNT_ONLY_FIELDS.includes(f));
  if (extra.length)
    throw forbidden(
      `your role may count the records of ${coordinate.split('.')[1]} (select only totalCount) but not list them ` +
        `(${extra.sort().join(', ')} selected): ` +
        (c.class === 'quasi.programme'
          ? 'programme membership is published (公示) and would single people out'
          : `each record (${c.class}) would be linked to a person its demographics single out`) +
        `; ${STATISTICS_HINT}`,
    );
  markCountOnly(identity, info);
}

/**
 * Count-only answers carry no count: a bare totalCount of a count-only list or filter (the caller sees no rows of the
 * list) is null, always, whatever the count (0 included). A count per arbitrary filter cannot be protected by any rule
 * on the count itself: a filter per township with 0 answered exactly and 1..k-1 suppressed names every township of one
 * person, and two counts of k or more can be differenced (tracker attacks). Such callers get no count: their
 * counts come from the `*Statistics` queries, whose tables are suppressed, audited against their margins and perturbed
 * (statistics/perturbation.ts), so that no two of them can be differenced into an exact small count. The list
 * resolver's check (assertCountOnlyList / assertCountOnlyFilter) marks the list's response path for the request's caller;
 * the connection's totalCount reads the mark (countOnlyAt) and answers null without reading the count.
 */
const countOnlyPaths = new WeakMap<Identity, Set<string>>();

/** The response path of a field, as text (aliases included): `a.b.0.c`. */
export function pathText(path: Path | undefined): string {
  const parts: (string | number)[] = [];
  for (let p = path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}

function markCountOnly(identity: Identity, info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'> & { path?: Path }): void {
  if (!info.path) return;
  let set = countOnlyPaths.get(identity);
  if (!set) countOnlyPaths.set(identity, (set = new Set()));
  set.add(pathText(info.path));
}

/** True when the list at `path` (the connection's own path) was answered count-only to this caller. */
export function countOnlyAt(identity: Identity, path: Path | undefined): boolean {
  return !!path && !!countOnlyPaths.get(identity)?.has(pathText(path));
}

/**
 * True when the identity gets no per-row data at `coordinate` (its outcome, in the coordinate's class or second class,
 * is `null` or `omitted`): the resolver then answers null (a field) or an empty list, without reading the records.
 * E.g. Person.educationAids for analysts (quasi.programme: education aid recipients are noticed at school).
 */
export function withheldAt(identity: Identity, coordinate: string): boolean {
  const c = COORDINATES[coordinate];
  if (!c) return false;
  const o = outcomeFor(identity, c.alsoClass ?? c.class, { owner: c.owner, coordinate });
  return o === 'null' || o === 'omitted';
}
