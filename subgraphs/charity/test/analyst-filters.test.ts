import { charity } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Charity grants are count-only for analysts (classification health.charity: a project's target groups give the
 * category, a 重阳 amount the age, the reason a date): no grant rows, Person/Household.charityGrants empty, and no filter
 * by date, person or household (assertFiltersAllowed), even for a bare count. Auditors and the federation keep all.
 */
const SEED = 'charity-analyst-filters';
const SIZE = 600;
const ANALYST = { role: 'analyst' as const };
const AUDITOR = { role: 'auditor' as const };
const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };

describe.each(testDatabaseKinds())('charity grants for analysts on %s', (kind) => {
  let h: SubgraphHarness;
  let grants: { personId: string | null; householdId: string | null; recipientKind: string; grantedOn: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
    grants = (await h.db.query(`SELECT "personId", "householdId", "recipientKind", "grantedOn" FROM charity_grant ORDER BY id`)).map((r: any) => ({
      ...r,
      grantedOn: r.grantedOn instanceof Date ? r.grantedOn.toISOString().slice(0, 10) : String(r.grantedOn),
    }));
    expect(grants.some((g) => g.personId)).toBe(true);
    expect(grants.some((g) => g.householdId)).toBe(true);
  });
  afterAll(() => h?.close());

  const ROWS = `query($f: CharityGrantFilter) { charityGrants(filter: $f, first: 500) { totalCount edges { node { amount reason project { name targetGroups } person { id } household { id } } } } }`;
  const COUNT = `query($f: CharityGrantFilter) { charityGrants(filter: $f) { totalCount } }`;
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id charityGrants { amount household { id } } } ... on Household { id charityGrants { amount household { id } } } } }`;

  it('answers analysts a bare count of grants, never rows, and no filter by date, person or household', async () => {
    const rows = await h.request(ROWS, { f: { recipientKind: 'PERSON' } }, ANALYST);
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(rows.data?.charityGrants ?? null).toBeNull();
    const person = grants.find((g) => g.personId)!;
    const household = grants.find((g) => g.householdId)!;
    for (const f of [{ grantedFrom: person.grantedOn }, { grantedTo: person.grantedOn }, { personId: person.personId }, { householdId: household.householdId }]) {
      const r = await h.request(COUNT, { f }, ANALYST);
      expect({ f, code: r.errors?.[0].extensions?.code }).toEqual({ f, code: 'FORBIDDEN' });
    }
    const ok = await h.request(COUNT, { f: { recipientKind: 'PERSON' } }, ANALYST);
    expect(ok.errors).toBeUndefined();
    // count-only for analysts: null whatever the count (counts come from the statistics queries)
    expect(grants.filter((g) => g.recipientKind === 'PERSON').length).toBeGreaterThan(0);
    expect(ok.data.charityGrants.totalCount).toBeNull();
  });

  it('gives analysts empty Person.charityGrants and Household.charityGrants; auditors and the federation get the grants and household ids', async () => {
    const person = grants.find((g) => g.personId)!;
    const household = grants.find((g) => g.householdId)!;
    const reps = [{ __typename: 'Person', id: person.personId }, { __typename: 'Household', id: household.householdId }];
    const a = await h.request(ENTITIES, { r: reps }, ANALYST);
    expect(a.errors).toBeUndefined();
    expect(a.data._entities.map((e: any) => e.charityGrants)).toEqual([[], []]);
    for (const as of [AUDITOR, OFFICER]) {
      const r = await h.request(ENTITIES, { r: reps }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data._entities[0].charityGrants).toHaveLength(grants.filter((g) => g.personId === person.personId).length);
      expect(r.data._entities[1].charityGrants.map((g: any) => g.household.id)).toEqual(
        grants.filter((g) => g.householdId === household.householdId).map(() => household.householdId),
      );
    }
  });

  it('keeps rows and every filter for auditors and the federation', async () => {
    const person = grants.find((g) => g.personId)!;
    for (const as of [AUDITOR, OFFICER]) {
      const r = await h.request(ROWS, { f: { recipientKind: 'PERSON', grantedFrom: person.grantedOn, grantedTo: person.grantedOn } }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.charityGrants.totalCount).toBe(grants.filter((g) => g.recipientKind === 'PERSON' && g.grantedOn === person.grantedOn).length);
      const byPerson = await h.request(COUNT, { f: { personId: person.personId } }, as);
      expect(byPerson.data.charityGrants.totalCount).toBe(grants.filter((g) => g.personId === person.personId).length);
    }
  });
});
