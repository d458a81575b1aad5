import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';
import { forbidden } from '../errors';
import { GraphQLRequestError, graphqlRequest, type GraphQLAnswer } from '../graphql/graphql-client';

/**
 * The registry of persons as a department subgraph sees it (issue 14, item 11). Civil affairs owns Person: a
 * department writes a record for a person only when civil affairs knows the person (NOT_FOUND `NOT_IN_REGISTRY`
 * otherwise) and, for a new record, the person is ACTIVE (CONFLICT `PERSON_NOT_ACTIVE` when deceased or moved away).
 * When the registry cannot be asked, nothing is written (`REGISTRY_UNAVAILABLE`, HTTP 503 semantics).
 */

/** What a department learns of a registry person: the id, the registry status, the township and village of registration. */
export interface RegistryPersonStatus {
  id: string;
  /** ACTIVE, DECEASED or MOVED_AWAY */
  status: string;
  /** 9-digit township code of registration, when the registry answered it */
  townshipCode?: string;
  /** 12-digit village/community code of registration, when the registry answered it */
  villageCode?: string;
}

/**
 * Looks persons up in civil affairs' registry by opaque id. `persons` answers a map from each id it knows (lower-case)
 * to the person; an unknown id is absent. Throws a `REGISTRY_UNAVAILABLE` GraphQLError when the registry cannot be asked.
 */
export interface PersonRegistryLookup {
  persons(ids: string[]): Promise<Map<string, RegistryPersonStatus>>;
  /**
   * Households by opaque id: a map from each id the registry knows (lower-case) to the household; an unknown id is
   * absent. Throws REGISTRY_UNAVAILABLE as `persons` does. Optional: a lookup without it (the roster import's, built
   * from the rows' matches, which take each household from the registry already) does not check households.
   */
  households?(ids: string[]): Promise<Map<string, RegistryHousehold>>;
  /**
   * Stored household verification runs (家庭经济状况核对, civil affairs' `verificationRun(id)`) by id: a map from each id
   * the registry knows and the caller may see (lower-case) to the run's date and household with its members; absent
   * otherwise. Throws REGISTRY_UNAVAILABLE as `persons` does. Optional: without it runs are not checked.
   */
  verificationRuns?(ids: string[]): Promise<Map<string, RegistryVerificationRun>>;
}

/** What a department learns of a stored verification run: its id, date, outcome and the household with its members' ids. */
export interface RegistryVerificationRun {
  id: string;
  /** the date the verification is for (ISO) */
  on: string;
  householdId: string;
  memberIds: string[];
  /** the outcome (DIBAO, MARGINAL, NOT_ELIGIBLE), the counted members and the area of the standard used; absent when not answered */
  outcome?: string | null;
  countedMembers?: number | null;
  area?: 'URBAN' | 'RURAL' | null;
  /** the members the run found eligible for single-person coverage and tekun; null when the caller may not see them */
  singlePersonCoverage?: string[] | null;
  tekun?: string[] | null;
}

/** A member of a registry household as a department sees it: the id, the registry status and the date it took effect. */
export interface RegistryHouseholdMember {
  id: string;
  /** ACTIVE, DECEASED or MOVED_AWAY */
  status: string;
  /** ISO date the status took effect (death, moving away); null for an ACTIVE member */
  statusDate: string | null;
}

/**
 * What a department learns of a registry household (civil affairs' `household(id)`, fields of class quasi.fine that
 * officers of every department may read): the township, the size (active members) and every member with their status.
 */
export interface RegistryHousehold {
  id: string;
  /** 9-digit township code of the household */
  townshipCode: string;
  /** 家庭人口 the number of ACTIVE members */
  size: number;
  /** every member, deceased and moved-away ones included */
  members: RegistryHouseholdMember[];
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

const QUERY = `query RegistryPersonLookup($ids: [ID!]!) { peopleByIds(ids: $ids) { id status township { code } village { code } } }`;

/** The most households one registry call asks for (one aliased `household(id)` field each). */
export const REGISTRY_HOUSEHOLDS_PER_CALL = 50;

/** The registry query for `count` households: `h0: household(id: $h0) {...}`, ... */
function householdsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$h${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `h${i}: household(id: $h${i}) { id township { code } size members { id status statusDate } }`).join(' ');
  return `query RegistryHouseholdLookup(${vars}) { ${fields} }`;
}

interface HouseholdAnswer {
  id: string;
  township: { code: string } | null;
  size: number | null;
  members: ({ id: string; status: string; statusDate: string | null } | null)[] | null;
}

/**
 * The registry over GraphQL: civil affairs' `peopleByIds` at `url` (the civil-affairs subgraph, or the gateway), with
 * the CALLER's bearer token (`authorization`, the header as received) and request id, so that the lookup follows the
 * caller's scope and appears in civil affairs' audit log under the same request. At most `timeoutMs` per call.
 * A refusal of the caller by the registry (UNAUTHENTICATED/FORBIDDEN) is FORBIDDEN; anything else that keeps it from
 * answering is REGISTRY_UNAVAILABLE.
 */
export function graphqlPersonRegistry(o: { url: string; authorization?: string; requestId?: string; timeoutMs?: number }): PersonRegistryLookup {
  // one POST to the registry (the kit's GraphQL client): the answer's data, or FORBIDDEN / REGISTRY_UNAVAILABLE
  const ask = async (query: string, variables: Record<string, unknown>, operationName: string): Promise<Record<string, unknown> | undefined> => {
    let answer: GraphQLAnswer<Record<string, unknown>>;
    try {
      answer = await graphqlRequest<Record<string, unknown>>({
        url: o.url, query, variables, operationName, authorization: o.authorization, timeoutMs: o.timeoutMs ?? 3000,
        headers: o.requestId ? { 'x-request-id': o.requestId } : {},
      });
    } catch (e) {
      if (e instanceof GraphQLRequestError) throw registryUnavailable(e.message);
      throw e;
    }
    const code = answer.errors[0]?.extensions?.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') throw forbidden(`the registry refused to look the ${operationName === 'RegistryPersonLookup' ? 'person' : operationName === 'RegistryVerificationRunLookup' ? 'verification run' : 'household'} up for you`);
    if (answer.errors.length) throw registryUnavailable(`HTTP ${answer.status}${code ? `, ${code}` : ''}`);
    return answer.data ?? undefined;
  };
  return {
    async verificationRuns(ids) {
      const out = new Map<string, RegistryVerificationRun>();
      const unique = [...new Set(ids.map((i) => String(i).toLowerCase()))];
      for (let i = 0; i < unique.length; i += REGISTRY_HOUSEHOLDS_PER_CALL) {
        const part = unique.slice(i, i + REGISTRY_HOUSEHOLDS_PER_CALL);
        const vars = part.map((_, k) => `$r${k}: ID!`).join(', ');
        const fields = part.map((_, k) => `r${k}: verificationRun(id: $r${k}) { id on outcome countedMembers singlePersonCoverage tekun standards { area } household { id members { id } } }`).join(' ');
        const data = await ask(`query RegistryVerificationRunLookup(${vars}) { ${fields} }`, Object.fromEntries(part.map((id, k) => [`r${k}`, id])), 'RegistryVerificationRunLookup');
        if (!data) throw registryUnavailable('an answer without data');
        part.forEach((_, k) => {
          if (!(`r${k}` in data)) throw registryUnavailable('an answer of the wrong shape');
          const r = data[`r${k}`] as {
            id: string; on: string | null; outcome?: string | null; countedMembers?: number | null; singlePersonCoverage?: string[] | null; tekun?: string[] | null;
            standards?: { area?: string | null } | null; household: { id: string; members: ({ id: string } | null)[] | null } | null;
          } | null;
          if (!r) return;
          if (!r.on || !r.household || !Array.isArray(r.household.members) || r.household.members.some((m) => !m))
            throw registryUnavailable('a verification run without its date or household');
          const area = r.standards?.area === 'URBAN' || r.standards?.area === 'RURAL' ? r.standards.area : null;
          const ids = (x: string[] | null | undefined) => (Array.isArray(x) ? x.map((i) => String(i).toLowerCase()) : null);
          out.set(r.id.toLowerCase(), {
            id: r.id.toLowerCase(), on: r.on, householdId: r.household.id.toLowerCase(), memberIds: r.household.members.map((m) => m!.id.toLowerCase()),
            outcome: r.outcome ?? null, countedMembers: typeof r.countedMembers === 'number' ? r.countedMembers : null, area,
            singlePersonCoverage: ids(r.singlePersonCoverage), tekun: ids(r.tekun),
          });
        });
      }
      return out;
    },
    async persons(ids) {
      const out = new Map<string, RegistryPersonStatus>();
      const unique = [...new Set(ids.map((i) => String(i).toLowerCase()))];
      for (let i = 0; i < unique.length; i += REGISTRY_IDS_PER_CALL) {
        const part = unique.slice(i, i + REGISTRY_IDS_PER_CALL);
        const data = await ask(QUERY, { ids: part }, 'RegistryPersonLookup');
        const answers = data?.peopleByIds as ({ id: string; status: string; township: { code: string } | null; village?: { code: string } | null } | null)[] | undefined;
        if (!Array.isArray(answers) || answers.length !== part.length) throw registryUnavailable('an answer of the wrong shape');
        answers.forEach((p) => {
          if (p) out.set(p.id.toLowerCase(), { id: p.id.toLowerCase(), status: p.status, townshipCode: p.township?.code, ...(p.village?.code ? { villageCode: p.village.code } : {}) });
        });
      }
      return out;
    },
    async households(ids) {
      const out = new Map<string, RegistryHousehold>();
      const unique = [...new Set(ids.map((i) => String(i).toLowerCase()))];
      for (let i = 0; i < unique.length; i += REGISTRY_HOUSEHOLDS_PER_CALL) {
        const part = unique.slice(i, i + REGISTRY_HOUSEHOLDS_PER_CALL);
        const data = await ask(householdsQuery(part.length), Object.fromEntries(part.map((id, k) => [`h${k}`, id])), 'RegistryHouseholdLookup');
        if (!data) throw registryUnavailable('an answer without data');
        part.forEach((_, k) => {
          if (!(`h${k}` in data)) throw registryUnavailable('an answer of the wrong shape');
          const h = data[`h${k}`] as HouseholdAnswer | null;
          if (!h) return;
          // a household whose township, size or members the registry withheld cannot be checked: nothing is written
          if (!h.township || typeof h.size !== 'number' || !Array.isArray(h.members) || h.members.some((m) => !m))
            throw registryUnavailable('a household without its township, size or members');
          const id = h.id.toLowerCase();
          out.set(id, {
            id, townshipCode: h.township.code, size: h.size,
            members: h.members.map((m) => ({ id: m!.id.toLowerCase(), status: m!.status, statusDate: m!.statusDate ?? null })),
          });
        });
      }
      return out;
    },
  };
}

/**
 * A registry in memory (tests, the roster import's matches): these persons and no others; with `households`, these
 * households too (without, it has no `households` method: households are not checked).
 */
export function staticPersonRegistry(
  people: Iterable<RegistryPersonStatus>,
  households?: Iterable<RegistryHousehold>,
): PersonRegistryLookup & { people: Map<string, RegistryPersonStatus> } {
  const byId = new Map<string, RegistryPersonStatus>();
  for (const p of people) byId.set(p.id.toLowerCase(), { ...p, id: p.id.toLowerCase() });
  const householdById = new Map<string, RegistryHousehold>();
  for (const h of households ?? []) householdById.set(h.id.toLowerCase(), { ...h, id: h.id.toLowerCase(), members: h.members.map((m) => ({ ...m, id: m.id.toLowerCase() })) });
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
    ...(households
      ? {
          async households(ids: string[]) {
            const out = new Map<string, RegistryHousehold>();
            for (const id of ids) {
              const h = householdById.get(String(id).toLowerCase());
              if (h) out.set(h.id, h);
            }
            return out;
          },
        }
      : {}),
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

/** What each registry lookup object (one per request) has answered of households: household, or null for an unknown id. */
const answeredHouseholds = new WeakMap<PersonRegistryLookup, Map<string, RegistryHousehold | null>>();

/**
 * Check, before a department's write transaction, that the household it names is in civil affairs' registry: NOT_FOUND
 * with reason `NOT_IN_REGISTRY` (and `field`) for an unknown id; with `township`, BAD_USER_INPUT
 * `NOT_THE_HOUSEHOLDS_TOWNSHIP` (at `o.townshipField`, default `townshipCode`) when the household is registered in
 * another township; `REGISTRY_UNAVAILABLE` when the registry cannot be asked. Returns the household (its size and
 * members, for the department's own rules), or null when the context has no registry or its registry does not answer
 * households (civil affairs itself; contexts built by hand; the roster import, whose households come from the
 * registry's own answer). A request asks the registry once per household (a repeated check is answered from the first).
 */
export async function assertHouseholdInRegistry(
  ctx: SubgraphContext,
  id: string,
  field: string,
  o: { township?: string; townshipField?: string } = {},
): Promise<RegistryHousehold | null> {
  const registry = ctx.registry;
  if (!registry?.households) return null;
  let known = answeredHouseholds.get(registry);
  if (!known) answeredHouseholds.set(registry, (known = new Map()));
  const key = id.toLowerCase();
  if (!known.has(key)) {
    const got = await registry.households([key]);
    known.set(key, got.get(key) ?? null);
  }
  const h = known.get(key);
  if (!h)
    throw new GraphQLError('no household in the registry (civil affairs) has this id', {
      extensions: { code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field },
    });
  if (o.township !== undefined && h.townshipCode !== o.township) {
    const f = o.townshipField ?? 'townshipCode';
    throw new GraphQLError(`\`${f}\` is not the household's township: a household is handled in the township of registration`, {
      extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_THE_HOUSEHOLDS_TOWNSHIP', field: f },
    });
  }
  return h;
}

/**
 * The person `personId` must be a member of household `h` (BAD_USER_INPUT `NOT_A_MEMBER` at `field` otherwise); with
 * `active`, an ACTIVE one (CONFLICT `PERSON_NOT_ACTIVE`). No check when `h` is null (assertHouseholdInRegistry did not ask).
 */
export function assertHouseholdMember(h: RegistryHousehold | null, personId: string, field: string, o: { active?: boolean } = {}): void {
  if (!h) return;
  const m = h.members.find((x) => x.id === personId.toLowerCase());
  if (!m)
    throw new GraphQLError('the person is not a member of the household in the registry (civil affairs)', {
      extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_A_MEMBER', field },
    });
  if (o.active && m.status !== 'ACTIVE')
    throw new GraphQLError('the person is not an active member of the household (deceased or moved away)', {
      extensions: { code: 'CONFLICT', reason: 'PERSON_NOT_ACTIVE', field },
    });
}
