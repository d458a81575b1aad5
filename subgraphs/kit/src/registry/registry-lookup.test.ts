import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createContext } from '../context';
import { assertPersonsInRegistry, graphqlPersonRegistry, staticPersonRegistry, REGISTRY_IDS_PER_CALL } from './registry-lookup';

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
