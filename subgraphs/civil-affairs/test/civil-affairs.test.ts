import { civilAffairs } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'civil-affairs-test';
const SIZE = 400;
const population = generatePopulation({ seed: SEED, size: SIZE });
const persons = population.households.flatMap((h) => h.members);

describe.each(testDatabaseKinds())('civil-affairs subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds every generated person and answers a person by id with enrolments', async () => {
    const withDibao = persons.find((p) => p.enrolments.some((e) => e.programme === 'DIBAO' && e.status === 'ACTIVE'))!;
    const r = await h.request(
      `query($id: ID!) { person(id: $id) { id name idNumber gender birthDate township { code name } household { id size } enrolments { programme status amount amountPeriod } } }`,
      { id: withDibao.id },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.person).toMatchObject({ id: withDibao.id, name: withDibao.name, idNumber: withDibao.idNumber, gender: withDibao.gender, birthDate: withDibao.birthDate });
    expect(r.data.person.township.code).toBe(withDibao.townshipCode);
    const dibao = r.data.person.enrolments.find((e: any) => e.programme === 'DIBAO');
    expect(dibao).toEqual({ programme: 'DIBAO', status: 'ACTIVE', amount: withDibao.enrolments.find((e) => e.programme === 'DIBAO')!.amount, amountPeriod: 'MONTHLY' });
  });

  it('finds a person by the forms of an ID number people type', async () => {
    const p = persons[3];
    const typed = ` ${p.idNumber.slice(0, 6)} ${p.idNumber.slice(6, 14)} ${p.idNumber.slice(14).toLowerCase()} `.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const r = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: typed });
    expect(r.errors).toBeUndefined();
    expect(r.data.personByIdNumber).toEqual({ id: p.id });
  });

  it('refuses a bad ID number with BAD_USER_INPUT naming the problem, and answers null for an unknown one', async () => {
    const p = persons[0];
    const wrongCheck = p.idNumber.slice(0, 17) + (p.idNumber[17] === '1' ? '2' : '1');
    const bad = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: wrongCheck });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.reason).toBe('CHECK_CHARACTER');
    expect(bad.errors?.[0].message).toMatch(/check character/);
    expect(bad.errors?.[0].message).not.toContain(wrongCheck);
    const short = await h.request(`query { personByIdNumber(idNumber: "37028119900101") { id } }`);
    expect(short.errors?.[0].extensions?.reason).toBe('LENGTH');
    const unknown = await h.request(`query { personByIdNumber(idNumber: "110101199003074514") { id } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data.personByIdNumber).toBeNull();
  });

  it('matches a batch of ID numbers in order, null for unknown or out-of-scope ones', async () => {
    const [a, b] = persons;
    const other = persons.find((p) => p.townshipCode !== a.townshipCode)!;
    const q = `query($n: [String!]!) { peopleByIdNumbers(idNumbers: $n) { id } }`;
    const r = await h.request(q, { n: [b.idNumber.toLowerCase(), '110101199003074514', a.idNumber] });
    expect(r.data.peopleByIdNumbers).toEqual([{ id: b.id }, null, { id: a.id }]);
    const scoped = await h.request(q, { n: [a.idNumber, other.idNumber] }, { role: 'caseworker', township: a.townshipCode });
    expect(scoped.data.peopleByIdNumbers).toEqual([{ id: a.id }, null]);
    const bad = await h.request(q, { n: [a.idNumber, '123'] });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumbers[1]', reason: 'LENGTH' });
  });

  it('pages through people in a stable order with a filter, and counts them', async () => {
    const township = persons[0].townshipCode;
    const expected = persons.filter((p) => p.townshipCode === township).map((p) => p.id).sort();
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (;;) {
      const r: any = await h.request(
        `query($t: String!, $after: String) { people(first: 7, after: $after, filter: { townshipCode: $t }) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { t: township, after },
      );
      expect(r.errors).toBeUndefined();
      total = r.data.people.totalCount;
      seen.push(...r.data.people.edges.map((e: any) => e.node.id));
      if (!r.data.people.pageInfo.hasNextPage) break;
      after = r.data.people.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('filters by programme, covered group, status and name prefix', async () => {
    const tekun = persons.filter((p) => p.enrolments.some((e) => e.programme === 'TEKUN' && e.status === 'ACTIVE')).length;
    const disabled = persons.filter((p) => p.coveredGroups.includes('DISABLED_IN_DIFFICULTY')).length;
    const deceased = persons.filter((p) => p.status === 'DECEASED').length;
    const prefix = persons[5].name.slice(0, 1);
    const named = persons.filter((p) => p.name.startsWith(prefix)).length;
    const r = await h.request(
      `query($p: String!) {
        tekun: people(filter: { programme: TEKUN }) { totalCount }
        disabled: people(filter: { coveredGroup: DISABLED_IN_DIFFICULTY }) { totalCount }
        deceased: people(filter: { status: DECEASED }) { totalCount }
        named: people(filter: { namePrefix: $p }) { totalCount }
      }`,
      { p: prefix },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ tekun: { totalCount: tekun }, disabled: { totalCount: disabled }, deceased: { totalCount: deceased }, named: { totalCount: named } });
  });

  it('resolves 100 person representations with enrolments in a constant number of statements', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name enrolments { programme } coveredGroups household { id } } } }`;
    const count = async (n: number) => {
      const reps = persons.slice(0, n).map((p) => ({ __typename: 'Person', id: p.id }));
      h.statements.reset();
      const r = await h.request(query, { r: reps });
      expect(r.errors).toBeUndefined();
      expect(r.data._entities.map((e: any) => e.id)).toEqual(persons.slice(0, n).map((p) => p.id));
      return h.statements.count;
    };
    const for10 = await count(10);
    const for100 = await count(100);
    expect(for100).toBe(for10);
    expect(for100).toBeLessThanOrEqual(4);
  });

  it('reads a village once per process, and a village added later at its first use', async () => {
    const moved = persons.find((x) => x.villageCode && x.status === 'ACTIVE')!;
    const code = `${moved.townshipCode}998`;
    const table = (entity: string, name: string) => (h.kind === 'postgres' ? `"${h.db.getMetadata(entity).schema}".${name}` : name);
    const statementsOf = async (query: string) => {
      h.statements.reset();
      const r = await h.request(query, { id: moved.id });
      expect(r.errors).toBeUndefined();
      return { data: r.data, count: h.statements.count };
    };
    const WITHOUT = `query($id: ID!) { person(id: $id) { id } }`;
    const WITH = `query($id: ID!) { person(id: $id) { id village { code name } } }`;
    const base = (await statementsOf(WITHOUT)).count;
    await h.db.query(`UPDATE ${table('Person', 'person')} SET "villageCode" = '${code}' WHERE id = '${moved.id}'`);
    try {
      // an unknown code: read, null, and not kept
      const miss = await statementsOf(WITH);
      expect(miss.data.person.village).toBeNull();
      expect(miss.count).toBe(base + 1);
      // the village added (as a roster import adds one): found at its next use, then kept
      await h.db.query(`INSERT INTO ${table('Village', 'village')} (code, name, "townshipCode", community) VALUES ('${code}', '新建社区', '${moved.townshipCode}', ${h.kind === 'postgres' ? 'true' : 1})`);
      const first = await statementsOf(WITH);
      expect(first.data.person.village).toEqual({ code, name: '新建社区' });
      expect(first.count).toBe(base + 1);
      const again = await statementsOf(WITH);
      expect(again.data).toEqual(first.data);
      expect(again.count).toBe(base);
    } finally {
      await h.db.query(`UPDATE ${table('Person', 'person')} SET "villageCode" = '${moved.villageCode}' WHERE id = '${moved.id}'`);
      await h.db.query(`DELETE FROM ${table('Village', 'village')} WHERE code = '${code}'`);
    }
  });

  it('answers null for an unknown representation, in representation order', async () => {
    const r = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`, {
      r: [{ __typename: 'Person', id: persons[1].id }, { __typename: 'Person', id: '00000000-0000-4000-8000-000000000000' }, { __typename: 'Person', id: persons[0].id }],
    });
    expect(r.data._entities).toEqual([{ id: persons[1].id }, null, { id: persons[0].id }]);
  });

  it('records an enrolment, and a failed write changes nothing', async () => {
    const p = persons.find((x) => x.status === 'ACTIVE' && x.enrolments.length === 0)!;
    const mutation = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { programme status amount amountPeriod person { id } } }`;
    const caseworker = { role: 'caseworker' as const, township: p.townshipCode };
    const ok = await h.request(mutation, { i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: '312.5' } }, caseworker);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordEnrolment).toEqual({ programme: 'DIBAO', status: 'ACTIVE', amount: '312.50', amountPeriod: 'MONTHLY', person: { id: p.id } });
    const again = await h.request(mutation, { i: { personId: p.id, programme: 'TEKUN', startDate: '2026-01-01', amount: '900' } }, caseworker);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const rows = await h.request(`query($id: ID!) { person(id: $id) { enrolments { programme } coveredGroups } }`, { id: p.id });
    expect(rows.data.person).toEqual({ enrolments: [{ programme: 'DIBAO' }], coveredGroups: ['DIBAO_RECIPIENT'] });
    const badDate = await h.request(mutation, { i: { personId: p.id, programme: 'TEMPORARY', startDate: '2026-02-30', amount: '500' } }, caseworker);
    expect(badDate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
