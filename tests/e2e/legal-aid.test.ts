import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { officer } from '../support/showcase';

const SEED = 'e2e-legal-aid';
const SIZE = 1500;
const JUSTICE = officer('JUSTICE');
const EDUCATION = officer('EDUCATION');
const ANALYST = { role: 'analyst' as const };

/** One person across the departments, with their legal aid cases (the README's example operation's departments). */
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
    legalAidCases { id status aidType matter eligibility appliedOn provider { name kind } outcome subsidy }
  }
}`;

/**
 * Legal aid (市司法局) through the gateway: its cases on Person beside every other department's fields, written by a
 * JUSTICE officer (the registry check asks the stack's civil affairs), and each role's outcome of the legal.aid class:
 * JUSTICE and auditors everything, caseworkers their township's cases, other departments' officers FORBIDDEN (the rest
 * of the person stands), analysts a bare count and an empty Person field.
 */
describe.each(testDatabaseKinds())('legal aid through the gateway on %s', (kind) => {
  let stack: Stack;
  let target: { caseId: string; personId: string; township: string };
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
    const r = await stack.query(`{ legalAidCases(first: 1, filter: { status: CLOSED }) { edges { node { id person { id township { code } } } } } }`);
    const node = r.data.legalAidCases.edges[0].node;
    target = { caseId: node.id, personId: node.person.id, township: node.person.township.code };
  });
  afterAll(() => stack?.close());

  it('answers a person\'s legal aid cases in one query with the other departments', async () => {
    const r = await stack.query(PERSON, { id: target.personId });
    expect(r.errors).toBeUndefined();
    const p = r.data.person;
    expect(p.id).toBe(target.personId);
    expect(typeof p.name).toBe('string');
    for (const f of ['enrolments', 'educationAids', 'medicalClaims', 'disabilityCertificates', 'charityGrants']) expect(Array.isArray(p[f])).toBe(true);
    expect(p.housingAssistance).not.toBeNull();
    const c = p.legalAidCases.find((x: { id: string }) => x.id === target.caseId);
    expect(c).toMatchObject({ status: 'CLOSED', provider: { name: expect.any(String) }, subsidy: expect.stringMatching(/^\d+\.\d{2}$/) });
  });

  it('lets a JUSTICE officer apply, accept, assign and close a case for a registry person; it shows on Person', async () => {
    const people = await stack.query(`query($t: String!) { people(first: 50, filter: { townshipCode: $t }) { edges { node { id status ageBand } } } }`, { t: target.township });
    const personId = people.data.people.edges.map((e: any) => e.node).find((n: any) => n.status === 'ACTIVE' && n.ageBand !== 'AGE_0_17' && n.id !== target.personId).id;
    const apply = await stack.query(
      `mutation($i: ApplyForLegalAidInput!) { applyForLegalAid(input: $i) { id status } }`,
      { i: { personId, appliedOn: '2025-09-01', aidType: 'CIVIL_REPRESENTATION', matter: 'DOMESTIC_VIOLENCE', eligibility: 'DOMESTIC_VIOLENCE_VICTIM', townshipCode: target.township, idempotencyKey: `e2e-legal-aid-${kind}-1` } },
      JUSTICE,
    );
    expect(apply.errors).toBeUndefined();
    const id = apply.data.applyForLegalAid.id;
    const providers = await stack.query(`{ legalServiceProviders(kind: LAW_FIRM) { id name } }`, undefined, EDUCATION);
    expect(providers.data.legalServiceProviders.length).toBeGreaterThan(0);
    const steps = [
      [`mutation($i: AcceptLegalAidCaseInput!) { acceptLegalAidCase(input: $i) { status } }`, { id, decidedOn: '2025-09-03' }, 'ACCEPTED'],
      [`mutation($i: AssignLegalAidCaseInput!) { assignLegalAidCase(input: $i) { status } }`, { id, providerId: providers.data.legalServiceProviders[0].id, assignedOn: '2025-09-04' }, 'ASSIGNED'],
      [`mutation($i: CloseLegalAidCaseInput!) { closeLegalAidCase(input: $i) { status } }`, { id, closedOn: '2025-11-20', outcome: 'WON', subsidy: '2000' }, 'CLOSED'],
    ] as const;
    for (const [doc, i, status] of steps) {
      const r = await stack.query(doc, { i }, JUSTICE);
      expect(r.errors).toBeUndefined();
      expect(Object.values(r.data)[0]).toEqual({ status });
    }
    const again = await stack.query(steps[2][0], { i: steps[2][1] }, JUSTICE);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const seen = await stack.query(`query($id: ID!) { person(id: $id) { legalAidCases { id status outcome subsidy provider { name } } } }`, { id: personId }, JUSTICE);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.person.legalAidCases).toContainEqual({ id, status: 'CLOSED', outcome: 'WON', subsidy: '2000.00', provider: { name: providers.data.legalServiceProviders[0].name } });
    const nobody = await stack.query(
      `mutation($i: ApplyForLegalAidInput!) { applyForLegalAid(input: $i) { id } }`,
      { i: { personId: '00000000-0000-4000-8000-000000000000', appliedOn: '2025-09-01', aidType: 'LEGAL_DOCUMENT', matter: 'OTHER', eligibility: 'ECONOMIC_HARDSHIP', townshipCode: target.township } },
      JUSTICE,
    );
    expect(nobody.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_IN_REGISTRY' });
  });

  it('refuses another department\'s officer the cases (FORBIDDEN), and the rest of the person stands', async () => {
    const r = await stack.query(`query($id: ID!) { person(id: $id) { id educationAids { aidType } legalAidCases { id } } }`, { id: target.personId }, EDUCATION);
    expect(r.data.person.id).toBe(target.personId);
    expect(Array.isArray(r.data.person.educationAids)).toBe(true);
    expect(r.data.person.legalAidCases).toBeNull();
    expect(r.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'person.legalAidCases']]);
    const list = await stack.query(`{ legalAidCases(first: 0) { totalCount } }`, undefined, EDUCATION);
    expect(list.data.legalAidCases).toBeNull();
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('gives analysts an empty Person field and a bare count, never a row', async () => {
    const all = (await stack.query(`{ legalAidCases(first: 0, filter: { status: CLOSED }) { totalCount } }`, undefined, JUSTICE)).data.legalAidCases.totalCount;
    const count = await stack.query(`{ legalAidCases(first: 0, filter: { status: CLOSED }) { totalCount } }`, undefined, ANALYST);
    expect(count.errors).toBeUndefined();
    // a count-only count is null for analysts whatever it is (counts come from legalAidStatistics)
    expect(all).toBeGreaterThan(0);
    expect(count.data.legalAidCases.totalCount).toBeNull();
    const person = await stack.query(`query($id: ID!) { person(id: $id) { id legalAidCases { id } } }`, { id: target.personId }, ANALYST);
    expect(person.errors).toBeUndefined();
    expect(person.data.person.legalAidCases).toEqual([]);
    const rows = await stack.query(`{ legalAidCases(first: 5) { edges { node { id } } } }`, undefined, ANALYST);
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(rows.data?.legalAidCases ?? null).toBeNull();
  });

  it('shows a caseworker the cases of their township and leaves the others out', async () => {
    const own = await stack.query(`{ legalAidCases(first: 500) { totalCount edges { node { id township { code } } } } }`, undefined, { role: 'caseworker', township: target.township });
    expect(own.errors).toBeUndefined();
    expect(own.data.legalAidCases.edges.map((e: any) => e.node.id)).toContain(target.caseId);
    for (const e of own.data.legalAidCases.edges) expect(e.node.township.code).toBe(target.township);
    const other = target.township === '370281001' ? '370281002' : '370281001';
    const elsewhere = await stack.query(`{ legalAidCases(first: 500) { totalCount edges { node { id } } } }`, undefined, { role: 'caseworker', township: other });
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data.legalAidCases.edges.map((e: any) => e.node.id)).not.toContain(target.caseId);
    const total = (await stack.query(`{ legalAidCases(first: 0) { totalCount } }`, undefined, JUSTICE)).data.legalAidCases.totalCount;
    expect(own.data.legalAidCases.totalCount + elsewhere.data.legalAidCases.totalCount).toBeLessThanOrEqual(total);
    const person = await stack.query(`query($id: ID!) { person(id: $id) { legalAidCases { id } } }`, { id: target.personId }, { role: 'caseworker', township: target.township });
    expect(person.data.person.legalAidCases.map((c: { id: string }) => c.id)).toContain(target.caseId);
  });
});
