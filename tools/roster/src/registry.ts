import { GraphQLRequestError, graphqlRequest, type GraphQLAnswer } from '@aidgraph/subgraph-kit';
import type { RegistryPerson } from './adapter';

/**
 * Matches canonical ID numbers to registry persons. The registry is civil affairs' (it owns Person and Household):
 * a department's import asks it through the graph, never through civil affairs' database.
 */
export interface RegistryLookup {
  /** the persons of these canonical ID numbers (an unknown number is absent from the map) */
  lookup(idNumbers: readonly string[]): Promise<Map<string, RegistryPerson>>;
  /** check that the registry answers and accepts the caller (throws RegistryError otherwise) */
  probe?(): Promise<void>;
}

/** The registry could not be asked (down, refused the token, answered with errors): nothing is imported. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The largest number of ID numbers `peopleByIdNumbers` takes per call. */
export const REGISTRY_BATCH = 500;

const QUERY = `query RosterRegistryLookup($idNumbers: [String!]!) {
  peopleByIdNumbers(idNumbers: $idNumbers) { id name birthDate status township { code } household { id } }
}`;

interface PersonAnswer {
  id: string;
  name: string;
  birthDate: string;
  status: string;
  township: { code: string } | null;
  household: { id: string } | null;
}

/**
 * The registry over GraphQL: `peopleByIdNumbers` (civil affairs; at most 500 per call, answered in order, null for an
 * unknown number) at `url` — the gateway (http://127.0.0.1:4000/graphql) or the civil-affairs subgraph — with a bearer
 * token (a department officer may read names, ID numbers, birth dates, townships and households). Each call leaves a
 * read entry in civil affairs' audit log.
 */
export function graphqlRegistryLookup(o: { url: string; token: string; batchSize?: number; timeoutMs?: number }): RegistryLookup {
  // one POST (the kit's GraphQL client): the data, or RegistryError saying why not
  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    let answer: GraphQLAnswer<T>;
    try {
      answer = await graphqlRequest<T>({ url: o.url, query, variables, operationName: 'RosterRegistryLookup', token: o.token, timeoutMs: o.timeoutMs ?? 60_000 });
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'NOT_GRAPHQL') throw new RegistryError(`the registry at ${o.url} answered HTTP ${e.status} without a GraphQL response`);
      throw new RegistryError(`the registry at ${o.url} cannot be reached (${e instanceof GraphQLRequestError ? e.code : (e as Error).name}): is the gateway (or civil-affairs) running?`);
    }
    if (answer.errors.length) {
      const e = answer.errors[0];
      throw new RegistryError(`the registry refused the lookup: ${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
    }
    if (answer.status < 200 || answer.status > 299 || !answer.data) throw new RegistryError(`the registry answered HTTP ${answer.status}`);
    return answer.data;
  };
  const size = Math.min(o.batchSize ?? REGISTRY_BATCH, REGISTRY_BATCH);
  return {
    async lookup(idNumbers) {
      const out = new Map<string, RegistryPerson>();
      const unique = [...new Set(idNumbers)];
      for (let i = 0; i < unique.length; i += size) {
        const part = unique.slice(i, i + size);
        const data = await call<{ peopleByIdNumbers: (PersonAnswer | null)[] }>(QUERY, { idNumbers: part });
        const answers = data.peopleByIdNumbers;
        if (!Array.isArray(answers) || answers.length !== part.length) throw new RegistryError('the registry answered a list of the wrong length');
        part.forEach((n, k) => {
          const p = answers[k];
          if (p && p.township)
            out.set(n, { id: p.id, name: p.name, birthDate: p.birthDate, townshipCode: p.township.code, householdId: p.household?.id ?? null, status: p.status });
        });
      }
      return out;
    },
    async probe() {
      await call(QUERY, { idNumbers: [] });
    },
  };
}

/** A registry from a list of persons in memory (unit tests). */
export function staticRegistryLookup(people: Iterable<RegistryPerson & { idNumber: string }>): RegistryLookup {
  const byNumber = new Map<string, RegistryPerson>();
  for (const p of people) {
    const { idNumber, ...person } = p;
    byNumber.set(idNumber, person);
  }
  return {
    async lookup(idNumbers) {
      const out = new Map<string, RegistryPerson>();
      for (const n of idNumbers) {
        const p = byNumber.get(n);
        if (p) out.set(n, p);
      }
      return out;
    },
  };
}
