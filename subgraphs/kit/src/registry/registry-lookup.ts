import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';
import { forbidden } from '../errors';

/**
 * The registry of persons as a department subgraph sees it (issue 14, item 11). Civil affairs owns Person: a
 * department writes a record for a person only when civil affairs knows the person (NOT_FOUND `NOT_IN_REGISTRY`
 * otherwise) and, for a new record, the person is ACTIVE (CONFLICT `PERSON_NOT_ACTIVE` when deceased or moved away).
 * When the registry cannot be asked, nothing is written (`REGISTRY_UNAVAILABLE`, HTTP 503 semantics).
 */

/** What a department learns of a registry person: the id, the registry status and the township of registration. */
export interface RegistryPersonStatus {
  id: string;
  /** ACTIVE, DECEASED or MOVED_AWAY */
  status: string;
  /** 9-digit township code of registration, when the registry answered it */
  townshipCode?: string;
}

/**
 * Looks persons up in civil affairs' registry by opaque id. `persons` answers a map from each id it knows (lower-case)
 * to the person; an unknown id is absent. Throws a `REGISTRY_UNAVAILABLE` GraphQLError when the registry cannot be asked.
 */
export interface PersonRegistryLookup {
  persons(ids: string[]): Promise<Map<string, RegistryPersonStatus>>;
}

/** The error code of a registry that cannot be reached, answers late or answers nonsense: nothing is written. */
export const REGISTRY_UNAVAILABLE = 'REGISTRY_UNAVAILABLE';

/** `REGISTRY_UNAVAILABLE` (HTTP 503 semantics): the registry could not be asked; the write was not made. */
export function registryUnavailable(why: string): GraphQLError {
  return new GraphQLError(`the registry (civil affairs) could not be asked (${why}): nothing was written, try again later`, {
    extensions: { code: REGISTRY_UNAVAILABLE, http: { status: 503 } },
  });
}

/** The most ids one `peopleByIds` call takes (civil affairs refuses more). */
export const REGISTRY_IDS_PER_CALL = 500;

const QUERY = `query RegistryPersonLookup($ids: [ID!]!) { peopleByIds(ids: $ids) { id status township { code } } }`;

/**
 * The registry over GraphQL: civil affairs' `peopleByIds` at `url` (the civil-affairs subgraph, or the gateway), with
 * the CALLER's bearer token (`authorization`, the header as received) and request id, so that the lookup follows the
 * caller's scope and appears in civil affairs' audit log under the same request. At most `timeoutMs` per call.
 * A refusal of the caller by the registry (UNAUTHENTICATED/FORBIDDEN) is FORBIDDEN; anything else that keeps it from
 * answering is REGISTRY_UNAVAILABLE.
 */
export function graphqlPersonRegistry(o: { url: string; authorization?: string; requestId?: string; timeoutMs?: number }): PersonRegistryLookup {
  return {
    async persons(ids) {
      const out = new Map<string, RegistryPersonStatus>();
      const unique = [...new Set(ids.map((i) => String(i).toLowerCase()))];
      for (let i = 0; i < unique.length; i += REGISTRY_IDS_PER_CALL) {
        const part = unique.slice(i, i + REGISTRY_IDS_PER_CALL);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (o.authorization) headers.authorization = o.authorization;
        if (o.requestId) headers['x-request-id'] = o.requestId;
        let res: Response;
        try {
          res = await fetch(o.url, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query: QUERY, variables: { ids: part }, operationName: 'RegistryPersonLookup' }),
            signal: AbortSignal.timeout(o.timeoutMs ?? 3000),
          });
        } catch (e) {
          throw registryUnavailable((e as Error).name === 'TimeoutError' ? 'no answer in time' : 'cannot be reached');
        }
        let body: { data?: { peopleByIds?: ({ id: string; status: string; township: { code: string } | null } | null)[] }; errors?: { extensions?: { code?: string } }[] };
        try {
          body = (await res.json()) as typeof body;
        } catch {
          throw registryUnavailable(`HTTP ${res.status} without a GraphQL answer`);
        }
        const code = body.errors?.[0]?.extensions?.code;
        if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') throw forbidden('the registry refused to look the person up for you');
        const answers = body.data?.peopleByIds;
        if (body.errors?.length || !Array.isArray(answers) || answers.length !== part.length)
          throw registryUnavailable(`HTTP ${res.status}${code ? `, ${code}` : ''}`);
        answers.forEach((p) => {
          if (p) out.set(p.id.toLowerCase(), { id: p.id.toLowerCase(), status: p.status, townshipCode: p.township?.code });
        });
      }
      return out;
    },
  };
}

/** A registry in memory (tests, the roster import's matches): these persons and no others. */
export function staticPersonRegistry(people: Iterable<RegistryPersonStatus>): PersonRegistryLookup & { people: Map<string, RegistryPersonStatus> } {
  const byId = new Map<string, RegistryPersonStatus>();
  for (const p of people) byId.set(p.id.toLowerCase(), { ...p, id: p.id.toLowerCase() });
  return {
    people: byId,
    async persons(ids) {
      const out = new Map<string, RegistryPersonStatus>();
      for (const id of ids) {
        const p = byId.get(String(id).toLowerCase());
        if (p) out.set(p.id, p);
      }
      return out;
    },
  };
}

/** What each registry lookup object (one per request) has answered: person, or null for an unknown id. */
const answered = new WeakMap<PersonRegistryLookup, Map<string, RegistryPersonStatus | null>>();

/** One person a write names: the id and the input field it came from (for `extensions.field`). */
export interface PersonReference {
  id: string;
  field: string;
}

/**
 * Check, before a department's write transaction, that every person it names is in civil affairs' registry: NOT_FOUND
 * with reason `NOT_IN_REGISTRY` (and the field) for an unknown id; with `active` (new records), CONFLICT
 * `PERSON_NOT_ACTIVE` for a person who died or moved away; `REGISTRY_UNAVAILABLE` when the registry cannot be asked.
 * One call for all the persons. A context without a registry (civil affairs itself, which checks its own table; code
 * that builds contexts by hand) is not checked. Returns what the registry answered.
 */
export async function assertPersonsInRegistry(
  ctx: SubgraphContext,
  refs: PersonReference[],
  o: { active?: boolean } = {},
): Promise<Map<string, RegistryPersonStatus>> {
  const registry = ctx.registry;
  if (!registry || !refs.length) return new Map();
  // a request asks the registry once per person: a check repeated inside the write transaction (a service's `...In`
  // function after its wrapper checked) is answered from what the first call learnt, without a second HTTP call
  let known = answered.get(registry);
  if (!known) answered.set(registry, (known = new Map()));
  const ask = [...new Set(refs.map((r) => r.id.toLowerCase()))].filter((id) => !known!.has(id));
  if (ask.length) {
    const got = await registry.persons(ask);
    for (const id of ask) known.set(id, got.get(id) ?? null);
  }
  const found = new Map<string, RegistryPersonStatus>();
  for (const r of refs) {
    const p = known.get(r.id.toLowerCase());
    if (p) found.set(p.id, p);
  }
  for (const r of refs) {
    const p = found.get(r.id.toLowerCase());
    if (!p)
      throw new GraphQLError('no person in the registry (civil affairs) has this id', {
        extensions: { code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field: r.field },
      });
    if (o.active && p.status !== 'ACTIVE')
      throw new GraphQLError('the person is not active in the registry (deceased or moved away): no new record', {
        extensions: { code: 'CONFLICT', reason: 'PERSON_NOT_ACTIVE', field: r.field },
      });
  }
  return found;
}
