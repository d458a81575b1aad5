import { charity } from '../src/subgraph';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'charity-security';
const SIZE = 1500;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };

describe.each(testDatabaseKinds())('charity access rules on %s', (kind) => {
  let h: SubgraphHarness;
  let grants: { personId: string | null; householdId: string | null; townshipCode: string; projectId: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
    grants = await h.db.query(`SELECT "personId", "householdId", "townshipCode", "projectId" FROM charity_grant ORDER BY id`);
  });
  afterAll(() => h?.close());

  it('refuses other departments\' officers Person.charityGrants and Household.charityGrants as a whole, and audits the reads', async () => {
    const toPerson = grants.find((g) => g.personId)!;
    const toHousehold = grants.find((g) => g.householdId)!;
    const without = persons.find((p) => !grants.some((g) => g.personId === p.id))!;
    const q = `query Look($r: [_Any!]!) { _entities(representations: $r) {
      ... on Person { id charityGrants { amount project { name } } }
      ... on Household { id charityGrants { amount project { name } } } } }`;
    const reps = [
      { __typename: 'Person', id: toPerson.personId }, { __typename: 'Person', id: without.id }, { __typename: 'Household', id: toHousehold.householdId },
    ];
    const refused = await h.request(q, { r: reps }, { ...EDUCATION, subject: 'refused-education' });
    expect(refused.data._entities).toEqual(reps.map((r) => ({ id: r.id, charityGrants: null })));
    expect(refused.errors!.map((e) => `${e.extensions?.code} ${e.path!.join('.')}`).sort()).toEqual([0, 1, 2].map((i) => `FORBIDDEN _entities.${i}.charityGrants`));
    for (const as of [OFFICER, { role: 'analyst' as const }, { role: 'auditor' as const }]) {
      const r = await h.request(q, { r: reps }, { ...as, subject: `reader-${as.role}` });
      expect(r.errors).toBeUndefined();
      // analysts get empty lists (classification health.charity: a grant's project and amount give the category and age)
      expect(r.data._entities.map((e: any) => e.charityGrants.length)).toEqual(
        as.role === 'analyst'
          ? [0, 0, 0]
          : [grants.filter((g) => g.personId === toPerson.personId).length, 0, grants.filter((g) => g.householdId === toHousehold.householdId).length],
      );
    }
    const log = await h.request(`{ charityAuditLog(first: 500) { edges { node { subject kind personIds detail } } } }`);
    const read = log.data.charityAuditLog.edges.map((e: any) => e.node).find((e: any) => e.subject === 'reader-auditor');
    expect(read.kind).toBe('read');
    // one entry: the persons (also the one without grants: that they have none is read too), the household, the coordinates
    expect([...read.personIds].sort()).toEqual([toPerson.personId, without.id].sort());
    const detail = JSON.parse(read.detail);
    expect(detail.households).toEqual([toHousehold.householdId]);
    expect(detail.fields).toEqual(expect.arrayContaining(['Person.charityGrants', 'Household.charityGrants', 'CharityGrant.amount', 'CharityGrant.project']));
    // the officer refused leaves a refusal entry per request, counting each refused field
    const refusal = log.data.charityAuditLog.edges.map((e: any) => e.node).find((e: any) => e.kind === 'refusal' && e.subject === 'refused-education');
    expect(JSON.parse(refusal.detail).map((r: any) => [r.coordinate, r.code, r.count]).sort()).toEqual([['Household.charityGrants', 'FORBIDDEN', 1], ['Person.charityGrants', 'FORBIDDEN', 2]]);
  });

  it('refuses other departments\' officers the charityGrants list; projects and donations, which name no recipient, stay open', async () => {
    for (const department of ['EDUCATION', 'MEDICAL_SECURITY', 'CIVIL_AFFAIRS', 'DISABLED_PERSONS_FEDERATION']) {
      const r = await h.request(`{ charityGrants(first: 3) { totalCount edges { node { amount project { name } } } } }`, undefined, { role: 'department_officer', department });
      expect({ department, code: r.errors?.[0].extensions?.code, data: r.data?.charityGrants ?? null }).toEqual({ department, code: 'FORBIDDEN', data: null });
    }
    const own = await h.request(`{ charityGrants(first: 3) { totalCount } }`, undefined, OFFICER);
    expect(own.data.charityGrants.totalCount).toBe(grants.length);
    const open = await h.request(`query($id: ID!) { charityProjects(first: 100) { totalCount } charityProject(id: $id) { id name } charityDonations(first: 1) { totalCount } }`, { id: grants[0].projectId }, EDUCATION);
    expect(open.errors).toBeUndefined();
    expect(open.data.charityProject.id).toBe(grants[0].projectId);
  });

  it('declares the grant\'s person and household nullable', async () => {
    const sdl: string = (await h.request(`{ _service { sdl } }`)).data._service.sdl;
    const type = /type CharityGrant[^{]*\{([\s\S]*?)\n\}/.exec(sdl)![1];
    expect(type).toMatch(/\n\s*person: Person\n/);
    expect(type).toMatch(/\n\s*household: Household\n/);
  });
});
