import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext } from '../context';
import {
  assertHouseholdInRegistry, assertHouseholdMember, assertPersonsInRegistry, graphqlPersonRegistry, staticPersonRegistry, REGISTRY_HOUSEHOLDS_PER_CALL,
  REGISTRY_IDS_PER_CALL, type RegistryHousehold,
} from './registry-lookup';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

/** A fake civil-affairs endpoint: answers `peopleByIds` from `people`, records what it was sent. */
async function fakeRegistry(answer: (body: any) => { status?: number; json?: unknown; delayMs?: number; raw?: string }) {
  const seen: { headers: http.IncomingHttpHeaders; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const body = JSON.parse(data);
      seen.push({ headers: req.headers, body });
      const a = answer(body);
      setTimeout(() => {
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(a.raw ?? JSON.stringify(a.json));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const people: Record<string, { id: string; status: string; township: { code: string } }> = {
  [A]: { id: A, status: 'ACTIVE', township: { code: '370281001' } },
  [B]: { id: B, status: 'DECEASED', township: { code: '370281002' } },
};
const answerFromPeople = (body: any) => ({ json: { data: { peopleByIds: body.variables.ids.map((id: string) => people[id] ?? null) } } });

function code(e: unknown) {
  expect(e).toBeInstanceOf(GraphQLError);
  return (e as GraphQLError).extensions;
}

describe('graphqlPersonRegistry', () => {
  it("asks peopleByIds with the caller's token and request id, in batches of at most 500", async () => {
    const f = await fakeRegistry(answerFromPeople);
    try {
      const r = graphqlPersonRegistry({ url: f.url, authorization: 'Bearer caller-token', requestId: 'req-42', timeoutMs: 2000 });
      const many = [A.toUpperCase(), B, C, ...Array.from({ length: REGISTRY_IDS_PER_CALL }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)];
      const found = await r.persons(many);
      expect([...found.keys()].sort()).toEqual([A, B]);
      expect(found.get(A)).toEqual({ id: A, status: 'ACTIVE', townshipCode: '370281001' });
      expect(f.seen).toHaveLength(2);
      expect(f.seen[0].body.variables.ids).toHaveLength(REGISTRY_IDS_PER_CALL);
      expect(f.seen[1].body.variables.ids).toHaveLength(3);
      for (const s of f.seen) {
        expect(s.headers.authorization).toBe('Bearer caller-token');
        expect(s.headers['x-request-id']).toBe('req-42');
        expect(s.body.query).toContain('peopleByIds');
      }
    } finally {
      await f.close();
    }
  });

  it('is REGISTRY_UNAVAILABLE when the registry is down, slow, answers errors or nonsense; FORBIDDEN when it refuses the caller', async () => {
    const down = graphqlPersonRegistry({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 1000 });
    expect(code(await down.persons([A]).catch((e) => e)).code).toBe('REGISTRY_UNAVAILABLE');
    const cases: [Parameters<typeof fakeRegistry>[0], string][] = [
      [() => ({ delayMs: 1500, json: { data: { peopleByIds: [null] } } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ status: 500, raw: 'oops' }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { data: { peopleByIds: [] } } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ status: 401, json: { errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] } }), 'FORBIDDEN'],
    ];
    for (const [answer, expected] of cases) {
      const f = await fakeRegistry(answer);
      try {
        const r = graphqlPersonRegistry({ url: f.url, timeoutMs: 500 });
        expect(code(await r.persons([A]).catch((e) => e)).code).toBe(expected);
      } finally {
        await f.close();
      }
    }
  });
});

describe('assertPersonsInRegistry', () => {
  const ctx = () => createContext({ subject: 't', role: 'department_officer', department: 'EDUCATION' }, {} as DataSource, 'r1');

  it('passes known active persons, refuses unknown (NOT_FOUND NOT_IN_REGISTRY) and inactive ones for new records (CONFLICT PERSON_NOT_ACTIVE)', async () => {
    const c = ctx();
    c.registry = staticPersonRegistry([
      { id: A, status: 'ACTIVE' },
      { id: B, status: 'MOVED_AWAY' },
    ]);
    await expect(assertPersonsInRegistry(c, [{ id: A, field: 'personId' }], { active: true })).resolves.toBeInstanceOf(Map);
    expect(code(await assertPersonsInRegistry(c, [{ id: C, field: 'applicantId' }]).catch((e) => e))).toMatchObject({
      code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field: 'applicantId',
    });
    expect(code(await assertPersonsInRegistry(c, [{ id: B, field: 'personId' }], { active: true }).catch((e) => e))).toMatchObject({
      code: 'CONFLICT', reason: 'PERSON_NOT_ACTIVE',
    });
    // a correction of an existing record does not ask for an active person
    await expect(assertPersonsInRegistry(c, [{ id: B, field: 'personId' }])).resolves.toBeInstanceOf(Map);
  });

  it('asks the registry once per person and request, and not at all without a registry', async () => {
    const c = ctx();
    let calls = 0;
    const inner = staticPersonRegistry([{ id: A, status: 'ACTIVE' }]);
    c.registry = { persons: (ids) => (calls++, inner.persons(ids)) };
    await assertPersonsInRegistry(c, [{ id: A, field: 'personId' }]);
    await assertPersonsInRegistry(c, [{ id: A.toUpperCase(), field: 'personId' }]);
    await expect(assertPersonsInRegistry(c, [{ id: C, field: 'personId' }])).rejects.toBeInstanceOf(GraphQLError);
    await expect(assertPersonsInRegistry(c, [{ id: C, field: 'personId' }])).rejects.toBeInstanceOf(GraphQLError);
    expect(calls).toBe(2);
    await expect(assertPersonsInRegistry(ctx(), [{ id: C, field: 'personId' }])).resolves.toEqual(new Map());
  });
});

const H1 = '44444444-4444-4444-8444-444444444444';
const H2 = '55555555-5555-4555-8555-555555555555';
const households: Record<string, unknown> = {
  [H1]: { id: H1, township: { code: '370281001' }, size: 1, members: [{ id: A, status: 'ACTIVE', statusDate: null }, { id: B, status: 'DECEASED', statusDate: '2024-07-11' }] },
};
/** answers each aliased `household(id: $hN)` of a RegistryHouseholdLookup from `households` */
const answerFromHouseholds = (body: any) => ({
  json: { data: Object.fromEntries(Object.entries(body.variables as Record<string, string>).map(([alias, id]) => [alias, households[id] ?? null])) },
});

describe('graphqlPersonRegistry households', () => {
  it("asks household(id) with the caller's token, in batches, and answers township, size and members", async () => {
    const f = await fakeRegistry(answerFromHouseholds);
    try {
      const r = graphqlPersonRegistry({ url: f.url, authorization: 'Bearer caller-token', requestId: 'req-43', timeoutMs: 2000 });
      const many = [H1.toUpperCase(), H2, ...Array.from({ length: REGISTRY_HOUSEHOLDS_PER_CALL }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)];
      const found = await r.households!(many);
      expect([...found.keys()]).toEqual([H1]);
      expect(found.get(H1)).toEqual({
        id: H1, townshipCode: '370281001', size: 1,
        members: [{ id: A, status: 'ACTIVE', statusDate: null }, { id: B, status: 'DECEASED', statusDate: '2024-07-11' }],
      });
      expect(f.seen).toHaveLength(2);
      expect(Object.keys(f.seen[0].body.variables)).toHaveLength(REGISTRY_HOUSEHOLDS_PER_CALL);
      expect(Object.keys(f.seen[1].body.variables)).toHaveLength(2);
      for (const s of f.seen) {
        expect(s.headers.authorization).toBe('Bearer caller-token');
        expect(s.headers['x-request-id']).toBe('req-43');
        expect(s.body.query).toContain('household(id: $h0) { id township { code } size members { id status statusDate } }');
      }
    } finally {
      await f.close();
    }
  });

  it('is REGISTRY_UNAVAILABLE when the registry is down, slow, answers errors, nonsense or a household without its members; FORBIDDEN when it refuses the caller', async () => {
    const down = graphqlPersonRegistry({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 1000 });
    expect(code(await down.households!([H1]).catch((e) => e)).code).toBe('REGISTRY_UNAVAILABLE');
    const cases: [Parameters<typeof fakeRegistry>[0], string][] = [
      [() => ({ delayMs: 1500, json: { data: { h0: null } } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ status: 500, raw: 'oops' }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { data: {} } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { data: { h0: { id: H1, township: { code: '370281001' }, size: null, members: null } } } }), 'REGISTRY_UNAVAILABLE'],
      [() => ({ json: { data: { h0: null }, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] } }), 'FORBIDDEN'],
    ];
    for (const [answer, expected] of cases) {
      const f = await fakeRegistry(answer);
      try {
        const r = graphqlPersonRegistry({ url: f.url, timeoutMs: 500 });
        expect(code(await r.households!([H1]).catch((e) => e)).code).toBe(expected);
      } finally {
        await f.close();
      }
    }
  });
});

describe('assertHouseholdInRegistry and assertHouseholdMember', () => {
  const ctx = () => createContext({ subject: 't', role: 'department_officer', department: 'EMERGENCY_MANAGEMENT' }, {} as DataSource, 'r1');
  const H: RegistryHousehold = { id: H1, townshipCode: '370281001', size: 1, members: [{ id: A, status: 'ACTIVE', statusDate: null }, { id: B, status: 'DECEASED', statusDate: '2024-07-11' }] };

  it('answers a known household, refuses an unknown one (NOT_FOUND NOT_IN_REGISTRY) and another township (NOT_THE_HOUSEHOLDS_TOWNSHIP)', async () => {
    const c = ctx();
    c.registry = staticPersonRegistry([{ id: A, status: 'ACTIVE' }], [H]);
    expect(await assertHouseholdInRegistry(c, H1.toUpperCase(), 'householdId', { township: '370281001' })).toEqual(H);
    expect(code(await assertHouseholdInRegistry(c, H2, 'householdId').catch((e) => e))).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field: 'householdId' });
    expect(code(await assertHouseholdInRegistry(c, H1, 'householdId', { township: '370281002' }).catch((e) => e))).toMatchObject({
      code: 'BAD_USER_INPUT', reason: 'NOT_THE_HOUSEHOLDS_TOWNSHIP', field: 'townshipCode',
    });
  });

  it('asks the registry once per household and request; no check without a registry or one that does not answer households', async () => {
    const c = ctx();
    let calls = 0;
    const inner = staticPersonRegistry([], [H]);
    c.registry = { persons: inner.persons, households: (ids) => (calls++, inner.households!(ids)) };
    await assertHouseholdInRegistry(c, H1, 'householdId');
    await assertHouseholdInRegistry(c, H1.toUpperCase(), 'householdId');
    await expect(assertHouseholdInRegistry(c, H2, 'householdId')).rejects.toBeInstanceOf(GraphQLError);
    await expect(assertHouseholdInRegistry(c, H2, 'householdId')).rejects.toBeInstanceOf(GraphQLError);
    expect(calls).toBe(2);
    await expect(assertHouseholdInRegistry(ctx(), H2, 'householdId')).resolves.toBeNull();
    const personsOnly = ctx();
    personsOnly.registry = staticPersonRegistry([{ id: A, status: 'ACTIVE' }]);
    await expect(assertHouseholdInRegistry(personsOnly, H2, 'householdId')).resolves.toBeNull();
  });

  it('passes an active member, refuses a stranger (BAD_USER_INPUT NOT_A_MEMBER) and a deceased member (CONFLICT PERSON_NOT_ACTIVE)', () => {
    expect(() => assertHouseholdMember(H, A.toUpperCase(), 'personId', { active: true })).not.toThrow();
    expect(code(catchOf(() => assertHouseholdMember(H, C, 'personId', { active: true })))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_MEMBER', field: 'personId' });
    expect(code(catchOf(() => assertHouseholdMember(H, B, 'personId', { active: true })))).toMatchObject({ code: 'CONFLICT', reason: 'PERSON_NOT_ACTIVE' });
    expect(() => assertHouseholdMember(H, B, 'personId')).not.toThrow();
    expect(() => assertHouseholdMember(null, C, 'personId')).not.toThrow();
  });
});

function catchOf(f: () => void): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
