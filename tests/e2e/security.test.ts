import { generatePopulation } from '@aidgraph/population';
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

  it('refuses a caseworker an _entities request for a person of another township (even signed as the gateway would)', async () => {
    const p = persons[0];
    const other = persons.find((x) => x.townshipCode !== p.townshipCode)!;
    const token = await stack.keys.token({ role: 'caseworker', township: other.townshipCode });
    const r = await stack.querySubgraph(
      'civil-affairs',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name idNumber phone } } }`,
      { r: [{ __typename: 'Person', id: p.id }] },
      { authorization: `Bearer ${token}` },
      { signed: true },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.data?._entities?.[0] ?? null).toBeNull();
    expect(JSON.stringify(r)).not.toContain(p.name);
    expect(JSON.stringify(r)).not.toContain(p.idNumber);
  });

  it('answers _entities only to the gateway (every subgraph): a direct caller with a valid token gets root fields only', async () => {
    const auth = { authorization: `Bearer ${await stack.keys.token({ role: 'auditor' })}` };
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
    const r = { r: [{ __typename: 'Person', id: persons[0].id }] };
    for (const name of stack.subgraphs.keys()) {
      const direct = await stack.querySubgraph(name, query, r, auth);
      expect({ name, status: direct.status, data: direct.data ?? null, ext: direct.errors?.[0]?.extensions })
        .toEqual({ name, status: 403, data: null, ext: { code: 'FORBIDDEN', reason: 'GATEWAY_SIGNATURE_REQUIRED' } });
      const signed = await stack.querySubgraph(name, query, r, auth, { signed: true });
      expect({ name, data: signed.data, errors: signed.errors }).toEqual({ name, data: { _entities: [{ __typename: 'Person' }] }, errors: undefined });
      // development mode: _service answers a direct caller with a token (production: only the gateway; kit test)
      const sdl = await stack.querySubgraph(name, '{ _service { sdl } }', undefined, auth);
      expect(sdl.data._service.sdl).toContain('@link');
    }
    const root = await stack.querySubgraph('civil-affairs', `{ people(first: 2) { edges { node { id } } } }`, undefined, auth);
    expect(root.data.people.edges).toHaveLength(2);
  });

  it('does not compute medical aid from a category history a direct caller wrote into a representation', async () => {
    const auth = { authorization: `Bearer ${await stack.keys.token({ role: 'auditor' })}` };
    const p = persons.find((x) => x.enrolments.length === 0)!;
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { medicalAssistance(year: 2025) { year } } } }`;
    const forged = { r: [{ __typename: 'Person', id: p.id, assistanceCategoryHistory: [{ from: '2020-01-01', to: null, category: 'TEKUN' }] }] };
    const direct = await stack.querySubgraph('medical', q, forged, auth);
    expect({ status: direct.status, data: direct.data ?? null, code: direct.errors?.[0]?.extensions?.code }).toEqual({ status: 403, data: null, code: 'FORBIDDEN' });
    // the same body with a signature forged by a caller who does not hold the key
    const fake = await stack.querySubgraph('medical', q, forged, { ...auth, 'x-aidgraph-gateway': `v1;t=${Date.now()};sig=${'ab'.repeat(32)}` });
    expect(fake.status).toBe(403);
  });

  it('bounds every list of every subgraph server-side, whoever asks (pages, batch lookups)', async () => {
    const { parse } = await import('graphql');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const auth = { authorization: `Bearer ${await stack.keys.token({ role: 'auditor' })}` };
    const refusedPages: string[] = [];
    for (const name of stack.subgraphs.keys()) {
      const sdl = fs.readFileSync(path.resolve(__dirname, `../../schema/subgraphs/${name}.graphql`), 'utf8');
      const query = parse(sdl).definitions.find((d: any) => d.name?.value === 'Query') as any;
      for (const f of query.fields.filter((x: any) => x.arguments?.some((a: any) => a.name.value === 'first'))) {
        const sizes = f.arguments.filter((a: any) => a.name.value === 'first' || a.name.value === 'last').map((a: any) => a.name.value);
        expect(sizes).toEqual(['first', 'last']);
        for (const arg of sizes) {
          for (const size of [501, -1, 100000]) {
            // signed as the gateway (which has costed the whole operation already), so the subgraph's own page bound is
            // what answers; a direct caller's huge page is refused as well, by the page bound or the subgraph's cost limit
            const q = `{ x: ${f.name.value}(${arg}: ${size}) { __typename } }`;
            const r = await stack.querySubgraph(name, q, undefined, auth, { signed: true });
            expect({ field: f.name.value, arg, size, code: r.errors?.[0]?.extensions?.code, field_: r.errors?.[0]?.extensions?.field, status: r.status < 500, data: r.data?.x ?? null })
              .toEqual({ field: f.name.value, arg, size, code: 'BAD_USER_INPUT', field_: arg, status: true, data: null });
            const direct = await stack.querySubgraph(name, q, undefined, auth);
            expect(direct.status).toBeLessThan(500);
            expect(size > 500 ? ['BAD_USER_INPUT', 'QUERY_TOO_COSTLY'] : ['BAD_USER_INPUT']).toContain(direct.errors?.[0]?.extensions?.code);
          }
          // a size of 0 is a bare count: no edges, and no error
          const zero = await stack.querySubgraph(name, `{ x: ${f.name.value}(${arg}: 0) { edges { cursor } } }`, undefined, auth, { signed: true });
          expect({ field: f.name.value, arg, errors: zero.errors ?? null, edges: zero.data?.x?.edges }).toEqual({ field: f.name.value, arg, errors: null, edges: [] });
        }
        refusedPages.push(`${name}.${f.name.value}`);
      }
    }
    expect(refusedPages.length).toBeGreaterThanOrEqual(13);
    const ids = persons.slice(0, 501);
    const byNumbers = await stack.querySubgraph('civil-affairs', `query($n: [String!]!) { peopleByIdNumbers(idNumbers: $n) { id } }`, { n: ids.map((p) => p.idNumber) }, auth);
    expect(byNumbers.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY' });
    const byIds = await stack.querySubgraph('civil-affairs', `query($n: [ID!]!) { peopleByIds(ids: $n) { id } }`, { n: ids.map((p) => p.id) }, auth);
    expect(byIds.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY' });
    const fine = await stack.querySubgraph('civil-affairs', `query($n: [String!]!) { peopleByIdNumbers(idNumbers: $n) { id } }`, { n: ids.slice(0, 500).map((p) => p.idNumber) }, auth);
    expect(fine.data.peopleByIdNumbers.filter(Boolean)).toHaveLength(500);
  });

  it('gives a caseworker, through the gateway, only their township\'s people', async () => {
    const township = persons[0].townshipCode;
    const r = await stack.query(`{ people(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township });
    expect(r.data.people.totalCount).toBe(persons.filter((p) => p.townshipCode === township).length);
    for (const e of r.data.people.edges) expect(e.node.township.code).toBe(township);
    const outside = persons.find((p) => p.townshipCode !== township)!;
    // a lookup by id of another township's person answers as no one (null, as an unknown id; no FORBIDDEN)
    const direct = await stack.query(`query($id: ID!) { person(id: $id) { id name } }`, { id: outside.id }, { role: 'caseworker', township });
    expect(direct.errors).toBeUndefined();
    expect(direct.data.person).toBeNull();
  });
});
