import { {{nameCamel}} } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = '{{name}}-test';
const SIZE = 1500;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: '{{CODE}}' };
const OTHER_OFFICER = { role: 'department_officer' as const, department: '{{OTHER_CODE}}' };
const PERSON_RECORDS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id {{records}} { amount status decidedOn } } } }`;

describe.each(testDatabaseKinds())('{{name}} subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let recorded: { personId: string; townshipCode: string; n: number }[];
  beforeAll(async () => {
    h = await startSubgraphHarness({{nameCamel}}, kind, { seedSize: SIZE, seed: SEED });
    const rows: { personId: string; townshipCode: string }[] = await h.db.query('SELECT "personId", "townshipCode" FROM {{record_snake}} ORDER BY "personId"');
    const byPerson = new Map<string, { personId: string; townshipCode: string; n: number }>();
    for (const r of rows) {
      const e = byPerson.get(r.personId) ?? { personId: r.personId, townshipCode: r.townshipCode, n: 0 };
      e.n += 1;
      byPerson.set(r.personId, e);
    }
    recorded = [...byPerson.values()];
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds records only for people of the registry\'s assisted households', () => {
    expect(recorded.length).toBeGreaterThan(5);
    const byId = new Map(persons.map((p) => [p.id, p]));
    for (const { personId } of recorded) expect(byId.get(personId)).toBeDefined();
  });

  it('adds {{records}} to Person through _entities, in representation order, empty for a person without records', async () => {
    const withRecords = recorded[0];
    const without = persons.find((p) => !recorded.some((a) => a.personId === p.id))!;
    const r = await h.request(PERSON_RECORDS, { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: withRecords.personId }] });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, {{records}}: [] });
    expect(r.data._entities[1].id).toBe(withRecords.personId);
    expect(r.data._entities[1].{{records}}).toHaveLength(withRecords.n);
    expect(r.data._entities[1].{{records}}[0].amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('costs one SQL statement for the records of 100 people, whatever the number', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id {{records}} { id } } } }`;
    const run = async (n: number) => {
      h.statements.reset();
      const r = await h.request(q, { r: persons.slice(0, n).map((p) => ({ __typename: 'Person', id: p.id })) });
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    expect(await run(100)).toBe(1);
    expect(await run(7)).toBe(1);
  });

  it('lists records with filters and a total', async () => {
    const all: { status: string }[] = await h.db.query('SELECT status FROM {{record_snake}}');
    const expected = all.filter((a) => a.status === 'PAID').length;
    const r = await h.request(`{ {{records}}(first: 3, filter: { status: PAID }) { totalCount edges { node { status } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.{{records}}.totalCount).toBe(expected);
    expect(r.data.{{records}}.edges).toHaveLength(Math.min(3, expected));
    for (const e of r.data.{{records}}.edges) expect(e.node).toEqual({ status: 'PAID' });
  });

  it('keeps the records from analysts and other departments\' officers (department.record); caseworkers see their township\'s', async () => {
    const target = recorded[0];
    const reps = { r: [{ __typename: 'Person', id: target.personId }] };
    for (const who of [{ role: 'analyst' as const }, OTHER_OFFICER]) {
      const person = await h.request(PERSON_RECORDS, reps, who);
      expect(person.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(person.data ?? null)).not.toMatch(/\d+\.\d{2}/);
      const list = await h.request(`{ {{records}}(first: 5) { totalCount } }`, undefined, who);
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(list.data?.{{records}} ?? null).toBeNull();
    }
    const own = await h.request(PERSON_RECORDS, reps, { role: 'caseworker', township: target.townshipCode });
    expect(own.data._entities[0].{{records}}).toHaveLength(target.n);
    const other = persons.find((p) => p.townshipCode !== target.townshipCode)!.townshipCode;
    const elsewhere = await h.request(PERSON_RECORDS, reps, { role: 'caseworker', township: other });
    expect(elsewhere.data._entities[0].{{records}}).toEqual([]);
    const rows: { townshipCode: string }[] = await h.db.query('SELECT "townshipCode" FROM {{record_snake}}');
    const list = await h.request(`{ {{records}}(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township: target.townshipCode });
    expect(list.data.{{records}}.totalCount).toBe(rows.filter((x) => x.townshipCode === target.townshipCode).length);
    for (const e of list.data.{{records}}.edges) expect(e.node.township.code).toBe(target.townshipCode);
  });

  it('lets a {{CODE}} officer add and correct records once; others are refused; bad input changes nothing', async () => {
    const p = persons.find((x) => x.status === 'ACTIVE' && !recorded.some((a) => a.personId === x.id))!;
    const input = { personId: p.id, amount: '1200', decidedOn: '2025-06-30', townshipCode: p.townshipCode };
    const m = `mutation($i: Record{{Record}}Input!) { record{{Record}}(input: $i) { id amount status decidedOn } }`;
    const count = async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM {{record_snake}} WHERE "personId" = '${p.id}'`))[0].n);
    for (const who of [{ role: 'analyst' as const }, OTHER_OFFICER, { role: 'caseworker' as const, township: p.townshipCode }]) {
      const refused = await h.request(m, { i: input }, who);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await h.request(m, { i: { ...input, amount: '-5' } }, OFFICER);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount' });
    const future = await h.request(m, { i: { ...input, decidedOn: '2999-01-01' } }, OFFICER);
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn' });
    expect(await count()).toBe(0);

    const key = `{{name}}-test-${kind}-0001`;
    const ok = await h.request(m, { i: { ...input, idempotencyKey: key } }, OFFICER);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.record{{Record}}).toMatchObject({ amount: '1200.00', status: 'APPROVED', decidedOn: '2025-06-30' });
    const retried = await h.request(m, { i: { ...input, idempotencyKey: key } }, OFFICER);
    expect(retried.data.record{{Record}}.id).toBe(ok.data.record{{Record}}.id);
    const dup = await h.request(m, { i: input }, OFFICER);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_RECORD' });
    expect(await count()).toBe(1);

    const fixed = await h.request(
      `mutation($i: Correct{{Record}}Input!) { correct{{Record}}(input: $i) { amount status } }`,
      { i: { id: ok.data.record{{Record}}.id, amount: '1300.5', status: 'PAID' } },
      OFFICER,
    );
    expect(fixed.data.correct{{Record}}).toEqual({ amount: '1300.50', status: 'PAID' });
    const unknown = await h.request(`mutation($i: Correct{{Record}}Input!) { correct{{Record}}(input: $i) { id } }`, { i: { id: '00000000-0000-4000-8000-000000000000', amount: '1' } }, OFFICER);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
