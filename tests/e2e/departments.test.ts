import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { operation } from '../support/operations';
import { completeRecords, seededPupil, type Showcase } from '../support/showcase';

const SEED = 'e2e-departments';
const SIZE = 1500;

/**
 * The six subgraphs together: one person's data from every department in one response, and any one department down
 * leaving the rest of the person intact.
 */
describe.each(testDatabaseKinds())('all six departments on %s', (kind) => {
  let stack: Stack;
  let person: Showcase;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
    person = await seededPupil(stack);
  });
  afterAll(() => stack?.close());

  it('returns one seeded person\'s data from all six subgraphs in one response', async () => {
    await completeRecords(stack, person);

    const r = await stack.query(operation('person-across-departments'), { id: person.id, year: 2025 });
    expect(r.errors).toBeUndefined();
    const p = r.data.person;
    expect(p.id).toBe(person.id);
    expect(p.idNumber).toBe(person.idNumber);
    expect(['DIBAO', 'TEKUN', 'MARGINAL']).toContain(p.assistanceCategory);
    expect(p.enrolments.length).toBeGreaterThan(0);
    expect(p.educationAids.length).toBeGreaterThan(0);
    expect(p.medicalClaims.length).toBeGreaterThan(0);
    expect(p.medicalAssistance.category).toBe(p.assistanceCategory);
    expect(Number(p.medicalAssistance.yearToDate)).toBeGreaterThan(0);
    expect(p.disabilityCertificates[0].number.slice(0, 18)).toBe(person.idNumber);
    expect(p.household.housingAssistance.currentRentSubsidy ?? p.household.housingAssistance.currentPublicRentalAllocation ?? p.household.housingAssistance.renovation).not.toBeNull();
    expect(p.charityGrants.length + p.household.charityGrants.length).toBeGreaterThan(0);
  });

  it.each(['education', 'medical', 'housing', 'disability', 'charity'])('keeps the rest of the person when %s is down, with an error naming it', async (name) => {
    const fields: Record<string, string> = { education: 'educationAids', medical: 'medicalClaims', housing: 'housingAssistance', disability: 'disabilityCertificates', charity: 'charityGrants' };
    await stack.stopSubgraph(name);
    try {
      const r = await stack.query(operation('person-across-departments'), { id: person.id, year: 2025 });
      expect(r.data.person.id).toBe(person.id);
      expect(r.data.person.idNumber).toBe(person.idNumber);
      expect(r.data.person.enrolments.length).toBeGreaterThan(0);
      expect(r.data.person[fields[name]]).toBeNull();
      for (const [other, field] of Object.entries(fields)) if (other !== name) expect(r.data.person[field]).not.toBeNull();
      const serviceNames = new Set(r.errors!.map((e) => e.extensions?.serviceName));
      expect([...serviceNames]).toEqual([name]);
      for (const e of r.errors!) expect(e.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    } finally {
      await stack.startSubgraph(name);
    }
  });

  it('keeps nothing but an error naming civil-affairs when the registry itself is down', async () => {
    await stack.stopSubgraph('civil-affairs');
    try {
      const r = await stack.query(`query($id: ID!) { person(id: $id) { id } }`, { id: person.id });
      expect(r.data?.person ?? null).toBeNull();
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'civil-affairs' });
    } finally {
      await stack.startSubgraph('civil-affairs');
    }
  });
});
