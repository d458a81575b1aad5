import { generatePopulation } from '@aidgraph/subgraph-kit';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { forgedTokens } from '../support/forged-tokens';

const SEED = 'e2e-security';
const SIZE = 600;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);

/** Direct calls to each subgraph, bypassing the gateway: nothing without a valid token, nothing outside scope. */
describe.each(testDatabaseKinds())('each subgraph, called directly, on %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
  });
  afterAll(() => stack?.close());

  it('refuses every forged, expired or missing token and leaks nothing', async () => {
    const tokens = await forgedTokens(stack.keys);
    const entities = { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`, variables: { r: [{ __typename: 'Person', id: persons[0].id }] } };
    for (const name of stack.subgraphs.keys()) {
      for (const t of tokens) {
        const auth: Record<string, string> = t.header ? { authorization: t.header } : {};
        for (const headers of [auth, { ...auth, 'x-user-role': 'auditor', 'x-aidgraph-identity': '{"role":"auditor"}' }]) {
          const r = await stack.querySubgraph(name, entities.query, entities.variables, headers);
          expect({ subgraph: name, token: t.label, code: r.errors?.[0]?.extensions?.code, data: r.data ?? null }).toEqual({ subgraph: name, token: t.label, code: 'UNAUTHENTICATED', data: null });
          expect(JSON.stringify(r)).not.toContain(persons[0].name);
        }
      }
      const sdl = await stack.querySubgraph(name, '{ _service { sdl } }', undefined, {});
      expect(sdl.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const health = await fetch(stack.subgraphs.get(name)!.url.replace(/graphql$/, 'health'));
      expect(health.status).toBe(200);
    }
  });

  it('refuses a caseworker an _entities request for a person of another township', async () => {
    const p = persons[0];
    const other = persons.find((x) => x.townshipCode !== p.townshipCode)!;
    const token = await stack.keys.token({ role: 'caseworker', township: other.townshipCode });
    const r = await stack.querySubgraph(
      'civil-affairs',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name idNumber phone } } }`,
      { r: [{ __typename: 'Person', id: p.id }] },
      { authorization: `Bearer ${token}` },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.data?._entities?.[0] ?? null).toBeNull();
    expect(JSON.stringify(r)).not.toContain(p.name);
    expect(JSON.stringify(r)).not.toContain(p.idNumber);
  });

  it('gives a caseworker, through the gateway, only their township\'s people', async () => {
    const township = persons[0].townshipCode;
    const r = await stack.query(`{ people(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township });
    expect(r.data.people.totalCount).toBe(persons.filter((p) => p.townshipCode === township).length);
    for (const e of r.data.people.edges) expect(e.node.township.code).toBe(township);
    const outside = persons.find((p) => p.townshipCode !== township)!;
    const direct = await stack.query(`query($id: ID!) { person(id: $id) { id name } }`, { id: outside.id }, { role: 'caseworker', township });
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(direct.data.person).toBeNull();
  });
});
