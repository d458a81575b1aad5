import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { officer } from '../support/showcase';

const SEED = 'e2e-disaster-relief';
const SIZE = 1500;
const EMERGENCY = officer('EMERGENCY_MANAGEMENT');
const EDUCATION = officer('EDUCATION');
const ANALYST = { role: 'analyst' as const };

/** One person across the departments, with their disaster relief and their household's assessments and grants. */
const PERSON = `query($id: ID!) {
  person(id: $id) {
    id name township { code }
    assistanceCategory
    enrolments { programme status }
    educationAids { aidType }
    medicalClaims { careType }
    housingAssistance { rentSubsidies { status } }
    disabilityCertificates { category }
    charityGrants { amount }
    legalAidCases { status }
    disasterReliefs { id reliefType amount status grantedOn event { name hazardType } assessment { damageLevel } household { id } }
    household {
      id
      disasterAssessments { damageLevel peopleAffected event { name } }
      disasterReliefs { id reliefType amount person { id name } }
    }
  }
}`;

/**
 * Disaster relief (市应急管理局) through the gateway: its grants on Person and its assessments and grants on Household
 * beside every other department's fields; an officer's event, assessment and grant (the registry check asks the stack's
 * civil affairs); and each role's outcome of the quasi.programme class (relief recipients are noticed, 救助对象公示):
 * EMERGENCY_MANAGEMENT, other departments' officers and auditors see the grants, caseworkers their township's, analysts a
 * bare count and empty fields; the events are public to every role.
 */
describe.each(testDatabaseKinds())('disaster relief through the gateway on %s', (kind) => {
  let stack: Stack;
  let target: { reliefId: string; personId: string; householdId: string; township: string; event: string };
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
    const r = await stack.query(`{ disasterReliefs(first: 1, filter: { reliefType: HOUSE_REBUILD }) { edges { node { id person { id } household { id } township { code } event { name } } } } }`);
    const node = r.data.disasterReliefs.edges[0].node;
    target = { reliefId: node.id, personId: node.person.id, householdId: node.household.id, township: node.township.code, event: node.event.name };
  });
  afterAll(() => stack?.close());

  it('answers a person\'s disaster relief in one query with the other departments, and the household\'s assessments and grants', async () => {
    const r = await stack.query(PERSON, { id: target.personId });
    expect(r.errors).toBeUndefined();
    const p = r.data.person;
    expect(p.id).toBe(target.personId);
    expect(typeof p.name).toBe('string');
    for (const f of ['enrolments', 'educationAids', 'medicalClaims', 'disabilityCertificates', 'charityGrants', 'legalAidCases']) expect(Array.isArray(p[f])).toBe(true);
    const rebuild = p.disasterReliefs.find((x: { id: string }) => x.id === target.reliefId);
    expect(rebuild).toMatchObject({ reliefType: 'HOUSE_REBUILD', amount: expect.stringMatching(/^\d+\.00$/), event: { name: target.event }, household: { id: target.householdId } });
    expect(['COLLAPSED', 'SEVERELY_DAMAGED']).toContain(rebuild.assessment.damageLevel);
    expect(p.household.id).toBe(target.householdId);
    expect(p.household.disasterAssessments).toEqual([expect.objectContaining({ damageLevel: rebuild.assessment.damageLevel, event: { name: target.event } })]);
    // the household's grants are the person's (the recipient is the head), each naming the recipient by the registry's name
    expect(p.household.disasterReliefs.map((x: { id: string }) => x.id).sort()).toEqual(p.disasterReliefs.map((x: { id: string }) => x.id).sort());
    for (const g of p.household.disasterReliefs) expect(g.person).toEqual({ id: p.id, name: p.name });
  });

  it('gives each role its outcome: officers of every department see the grants, caseworkers their township\'s, analysts counts only', async () => {
    const q = `query($id: ID!) { person(id: $id) { id disasterReliefs { id grantedOn } household { disasterReliefs { id } } } }`;
    const own = await stack.query(q, { id: target.personId }, EMERGENCY);
    expect(own.errors).toBeUndefined();
    const n = own.data.person.disasterReliefs.length;
    expect(n).toBeGreaterThan(0);
    const other = await stack.query(q, { id: target.personId }, EDUCATION);
    expect(other.errors).toBeUndefined();
    expect(other.data.person.disasterReliefs).toHaveLength(n);
    const caseworker = await stack.query(q, { id: target.personId }, { role: 'caseworker', township: target.township });
    expect(caseworker.errors).toBeUndefined();
    expect(caseworker.data.person.disasterReliefs).toHaveLength(n);
    const analyst = await stack.query(`query($id: ID!) { person(id: $id) { id disasterReliefs { id } } }`, { id: target.personId }, ANALYST);
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data.person.disasterReliefs).toEqual([]);
    const rows = await stack.query(`{ disasterReliefs(first: 5) { totalCount edges { node { id } } } }`, undefined, ANALYST);
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const all = await stack.query(`{ disasterReliefs(first: 0, filter: { reliefType: HOUSE_REBUILD }) { totalCount } }`);
    const count = await stack.query(`{ disasterReliefs(filter: { reliefType: HOUSE_REBUILD }) { totalCount } }`, undefined, ANALYST);
    expect(count.errors).toBeUndefined();
    // a count-only count is null for analysts whatever it is (counts come from the statistics queries)
    expect(all.data.disasterReliefs.totalCount).toBeGreaterThan(0);
    expect(count.data.disasterReliefs.totalCount).toBeNull();
    const events = await stack.query(`{ disasterEvents(orderBy: { field: START_DATE }) { totalCount edges { node { name hazardType affectedTownships { name } } } } }`, undefined, ANALYST);
    expect(events.errors).toBeUndefined();
    expect(events.data.disasterEvents.edges.map((e: any) => e.node.hazardType)).toEqual(['HAIL', 'FLOOD', 'TYPHOON']);
  });

  it('lets an EMERGENCY_MANAGEMENT officer record an event, assess a household and grant relief; it shows on Person and Household', async () => {
    const people = await stack.query(`{ people(first: 100, filter: { townshipCode: "370281001" }) { edges { node { id status household { id head { id status } } } } } }`);
    const head = people.data.people.edges.map((e: any) => e.node).find((n: any) => n.status === 'ACTIVE' && n.household?.head?.id === n.id);
    const householdId = head.household.id;
    const ev = await stack.query(
      `mutation($i: RecordDisasterEventInput!) { recordDisasterEvent(input: $i) { id name } }`,
      { i: { name: `2025年9月阜安内涝-${kind}`, hazardType: 'FLOOD', startDate: '2025-09-10', endDate: '2025-09-11', affectedTownshipCodes: ['370281001'], idempotencyKey: `e2e-disaster-${kind}-event` } },
      EMERGENCY,
    );
    expect(ev.errors).toBeUndefined();
    const eventId = ev.data.recordDisasterEvent.id;
    const grant = { eventId, householdId, personId: head.id, reliefType: 'EMERGENCY_LIVING', amount: '800', grantedOn: '2025-09-13' };
    const early = await stack.query(`mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id } }`, { i: grant }, EMERGENCY);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ASSESSED' });
    const a = await stack.query(
      `mutation($i: AssessDisasterHouseholdInput!) { assessDisasterHousehold(input: $i) { id damageLevel } }`,
      { i: { eventId, householdId, townshipCode: '370281001', damageLevel: 'GENERALLY_DAMAGED', peopleAffected: 2, assessedOn: '2025-09-12' } },
      EMERGENCY,
    );
    expect(a.errors).toBeUndefined();
    const ghost = await stack.query(`mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id } }`, { i: { ...grant, personId: '00000000-0000-4000-8000-00000000dead' } }, EMERGENCY);
    expect(ghost.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY', field: 'personId' });
    const other = await stack.query(`mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id } }`, { i: grant }, EDUCATION);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const g = await stack.query(`mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id amount status township { code } } }`, { i: { ...grant, idempotencyKey: `e2e-disaster-${kind}-grant` } }, EMERGENCY);
    expect(g.errors).toBeUndefined();
    expect(g.data.grantDisasterRelief).toMatchObject({ amount: '800.00', status: 'GRANTED', township: { code: '370281001' } });
    // the officer is refused the other departments' sensitive fields (FORBIDDEN, named by service); the rest stands
    const seen = await stack.query(PERSON, { id: head.id }, EMERGENCY);
    expect([...new Set(seen.errors!.map((e) => `${e.extensions?.serviceName}:${e.extensions?.code}`))].sort()).toEqual(['charity:FORBIDDEN', 'disability:FORBIDDEN', 'legal-aid:FORBIDDEN', 'medical:FORBIDDEN']);
    expect(seen.data.person.disasterReliefs.map((x: any) => [x.id, x.reliefType, x.event.name])).toContainEqual([g.data.grantDisasterRelief.id, 'EMERGENCY_LIVING', `2025年9月阜安内涝-${kind}`]);
    expect(seen.data.person.household.disasterAssessments).toContainEqual({ damageLevel: 'GENERALLY_DAMAGED', peopleAffected: 2, event: { name: `2025年9月阜安内涝-${kind}` } });
  });
});
