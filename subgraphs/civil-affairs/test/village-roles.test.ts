import { civilAffairs } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * The township approver and the village assistant in the registry (issue 8, roles): an approver reads as a caseworker
 * of its township; a village assistant reads the people and households of its village only, without income or health.
 */
const SEED = 'civil-affairs-village-roles';
const SIZE = 300;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const persons = households.flatMap((h) => h.members);
// a village with a few households, and another village of the same township with people
const byVillage = new Map<string, typeof persons>();
for (const p of persons) byVillage.set(p.villageCode, [...(byVillage.get(p.villageCode) ?? []), p]);
const [village, own] = [...byVillage].sort((a, b) => b[1].length - a[1].length)[0];
const township = village.slice(0, 9);
const neighbour = persons.find((p) => p.townshipCode === township && p.villageCode !== village)!;
const ASSISTANT = { role: 'village_assistant' as const, village, township };
const APPROVER = { role: 'township_approver' as const, township };
const CASEWORKER = { role: 'caseworker' as const, township };

describe.each(testDatabaseKinds())('the township approver and the village assistant in the registry on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const LIST = `query { people(first: 500) { totalCount edges { node { id } } } }`;

  it('finds a village with people and a neighbour village in its township', () => {
    expect(own.length).toBeGreaterThan(2);
    expect(neighbour).toBeDefined();
  });

  it('lists a township approver exactly what a caseworker of its township gets', async () => {
    const asApprover = await h.request(LIST, undefined, APPROVER);
    const asCaseworker = await h.request(LIST, undefined, CASEWORKER);
    expect(asApprover.errors).toBeUndefined();
    expect(asApprover).toEqual(asCaseworker);
    expect(asApprover.data.people.totalCount).toBe(persons.filter((p) => p.townshipCode === township).length);
    const q = `query($id: ID!) { person(id: $id) { name idNumber phone household { perCapitaMonthlyIncome } enrolments { programme amount } } }`;
    const p = own.find((x) => x.enrolments.length > 0) ?? own[0];
    expect(await h.request(q, { id: p.id }, APPROVER)).toEqual(await h.request(q, { id: p.id }, CASEWORKER));
  });

  it('lists a village assistant the people of its village only', async () => {
    const r = await h.request(LIST, undefined, ASSISTANT);
    expect(r.errors).toBeUndefined();
    expect(r.data.people.totalCount).toBe(own.length);
    expect(r.data.people.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(own.map((p) => p.id).sort());
    // a filter by the township gives no more
    const t = await h.request(`query($t: String!) { people(filter: { townshipCode: $t }) { totalCount } }`, { t: township }, ASSISTANT);
    expect(t.data.people.totalCount).toBe(own.length);
  });

  it('shows a village assistant its village\'s people and households, and nothing of the neighbour village', async () => {
    const p = own.find((x) => x.phone) ?? own[0];
    const q = `query($id: ID!) { person(id: $id) { id name idNumber phone household { id address members { id } } } }`;
    const r = await h.request(q, { id: p.id }, ASSISTANT);
    expect(r.errors).toBeUndefined();
    const household = households.find((x) => x.id === p.householdId)!;
    expect(r.data.person).toEqual({
      id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone,
      household: { id: household.id, address: household.address, members: expect.any(Array) },
    });
    expect(r.data.person.household.members.map((m: { id: string }) => m.id).sort()).toEqual(household.members.map((m) => m.id).sort());
    // by opaque id too, a person of the neighbour village answers as no one (null, as an unknown id)
    const outside = await h.request(`query($id: ID!) { person(id: $id) { id name } }`, { id: neighbour.id }, ASSISTANT);
    expect(outside.errors).toBeUndefined();
    expect(outside.data.person).toBeNull();
    // by ID number, a person of the neighbour village is answered as no one
    const byNumber = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: neighbour.idNumber }, ASSISTANT);
    expect(byNumber.errors).toBeUndefined();
    expect(byNumber.data.personByIdNumber).toBeNull();
    const mine = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: p.idNumber }, ASSISTANT);
    expect(mine.data.personByIdNumber).toEqual({ id: p.id });
  });

  it('refuses a village assistant income, and shows its enrolments without amounts and with health collapsed', async () => {
    const p = own[0];
    const income = await h.request(`query($id: ID!) { person(id: $id) { household { perCapitaMonthlyIncome } } }`, { id: p.id }, ASSISTANT);
    expect(income.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const enrolled = persons.filter((x) => x.villageCode === village && x.enrolments.length > 0);
    for (const x of enrolled) {
      const r = await h.request(`query($id: ID!) { person(id: $id) { enrolments { programme } } }`, { id: x.id }, ASSISTANT);
      expect(r.errors).toBeUndefined();
      expect(r.data.person.enrolments.map((e: { programme: string }) => e.programme)).not.toContain('TEMPORARY');
    }
    const amount = await h.request(`query($id: ID!) { person(id: $id) { enrolments { amount } } }`, { id: (enrolled[0] ?? p).id }, ASSISTANT);
    if (enrolled.length) expect(amount.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shows a village assistant the enrolments of its village\'s people as a caseworker sees them (dates, township, period): the rows carry no village', async () => {
    const enrolled = persons.filter((x) => x.villageCode === village && x.enrolments.some((e) => e.programme !== 'TEMPORARY'));
    expect(enrolled.length).toBeGreaterThan(0);
    const Q = `query($id: ID!) { person(id: $id) { id enrolments { programme startDate endDate amountPeriod township { code } } household { members { id enrolments { startDate } } } } }`;
    for (const x of enrolled) {
      const [a, c] = [await h.request(Q, { id: x.id }, ASSISTANT), await h.request(Q, { id: x.id }, CASEWORKER)];
      expect(a.errors).toBeUndefined();
      expect(a.data.person).toEqual(c.data.person);
      expect(a.data.person.enrolments.length).toBeGreaterThan(0);
    }
  });
});
