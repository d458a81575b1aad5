import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { testDatabaseKinds, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { operation } from '../support/operations';

/**
 * Household economic verification through the gateway (issue 9, items 1-2), on each database: a crafted household
 * whose verification draws its income items from civil affairs, its members' disability grades from the disability
 * subgraph's certificates and a grave illness from medical security's claims — the last two by @requires of internal
 * (@inaccessible) fields, with the caller's token — gets the right outcome with exact figures and its explanation; who
 * may not see health gets the outcome without it; the stored run keeps the health facts from its ticket with their
 * sources; and the one-window application passes its VERIFICATION step only with a run of the applicant's household.
 *
 * Figures (bundled tables: dibao standard 1150.00 from 2025-07-01, marginal factor 1.5): counted members head, spouse,
 * minor child and co-resident mother = 4. Income over the window of 2026-06-15 (the 12 months 2025-07..2026-06), each
 * item counted for its months inside the window and the sum averaged over the 12 months: the head's wages 64000.00 over
 * 2025-06..2026-05 (12 months, 11 inside) = 64000.00 x 11/12 = 58666.66... (exactly 17600000/3 fen); the mother's
 * pension 2000.00 in May 2026 (1 of 1 month) = 2000.00; in the window 60666.66... (exactly 18200000/3 fen); a month
 * 60666.66... / 12 = 5055.55... (exactly 4550000/9 fen); per capita / 4 = 1263.88... (exactly 1137500/9 fen), shown
 * 1263.89: not below 1150.00 (no dibao), below 1725.00 (marginal). Single-person coverage: the spouse (grade 1 physical
 * certificate in force), the mother (a claim critical-illness insurance paid, treated in March 2026); not the child
 * (a grade 1 visual certificate that expired before the date).
 */
const SEED = 'e2e-verification';
const SIZE = 400;
/** the verification's date and "today" of civil affairs and the service centre (AIDGRAPH_TODAY) */
const D = '2026-06-15';
const CLOCKED = ['civil-affairs', 'service-centre'];
const DISABILITY: TokenAs = { role: 'department_officer', department: 'DISABLED_PERSONS_FEDERATION', subject: 'federation-officer-sun' };
const MEDICAL: TokenAs = { role: 'department_officer', department: 'MEDICAL_SECURITY', subject: 'med-officer-zhou' };
const CIVIL: TokenAs = { role: 'department_officer', department: 'CIVIL_AFFAIRS', subject: 'civil-affairs-officer-qian' };

const HEALTH = 'memberHealth { personId disabilities { category grade source recordId } graveIllness graveIllnessSince graveIllnessSource graveIllnessRecordIds disabilityReading medicalReading }';
const RUN = `id on outcome countedMembers perCapitaIncome assetsWithinLimits dibaoAmount singlePersonCoverage tekun standards { standard marginalFactor } steps { rule met summary figures { name value } recordIds } ${HEALTH}`;
const VERIFICATION = `query($id: ID!, $on: String!) { household(id: $id) { id verification(on: $on) { ${RUN} healthTicket } } }`;
const STORE = `mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { ${RUN} recheckMatches } }`;
const APP = 'id step version verification { id outcome perCapitaIncome singlePersonCoverage }';
const m = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${APP} } }`;

let sequence = 300;
const idNumber = (birthDate: string, female = false) => makeIdNumber('370211', birthDate, 2 * sequence++ + (female ? 0 : 1));

describe.each(testDatabaseKinds())('household economic verification through the gateway on %s', (kind) => {
  let stack: Stack;
  let T: string;
  let V: string;
  let caseworker: TokenAs;
  let household: string;
  const member: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const idNumbers: Record<string, string> = {};

  async function run(doc: string, field: string, i: Record<string, unknown>, as: TokenAs) {
    const r = await stack.query(doc, { i }, as);
    if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
    return r.data[field];
  }

  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE, subgraphEnv: Object.fromEntries(CLOCKED.map((n) => [n, { AIDGRAPH_TODAY: D }])) });
    const someone = await stack.query(`{ people(first: 1) { edges { node { township { code } village { code } } } } }`);
    expect(someone.errors).toBeUndefined();
    T = someone.data.people.edges[0].node.township.code;
    V = someone.data.people.edges[0].node.village.code;
    caseworker = { role: 'caseworker', township: T, subject: 'caseworker-verification' };
    // the household, registered at the township window
    Object.assign(idNumbers, { head: idNumber('1980-03-14'), spouse: idNumber('1982-07-01', true), child: idNumber('2014-09-01', true), mother: idNumber('1950-05-05', true) });
    const reg = await stack.query(operation('register-household'), { input: {
      townshipCode: T, villageCode: V, address: '胶州市某村8号', reason: '申请低保', idempotencyKey: `e2e-${kind}-verification-register`, members: [
        { name: '孙建军', idNumber: idNumbers.head, relationToHead: 'HEAD' },
        { name: '赵丽', idNumber: idNumbers.spouse, relationToHead: 'SPOUSE' },
        { name: '孙小梅', idNumber: idNumbers.child, relationToHead: 'CHILD' },
        { name: '钱桂芳', idNumber: idNumbers.mother, relationToHead: 'PARENT' },
      ] } }, caseworker);
    expect(reg.errors).toBeUndefined();
    household = reg.data.registerHousehold.id;
    const byBirth = (b: string) => reg.data.registerHousehold.members.find((x: any) => x.birthDate === b).id;
    Object.assign(member, { head: byBirth('1980-03-14'), spouse: byBirth('1982-07-01'), child: byBirth('2014-09-01'), mother: byBirth('1950-05-05') });

    // income items in civil affairs
    const ITEM = `mutation($i: RecordVerificationItemInput!) { recordVerificationItem(input: $i) { id } }`;
    ids.wages = (await run(ITEM, 'recordVerificationItem', { personId: member.head, source: 'WAGES', origin: 'PARTNER_SOURCE', amount: '64000.00', periodFrom: '2025-06', periodTo: '2026-05', obtainedOn: '2026-06-01', reference: '税务 2025-06..2026-05', idempotencyKey: `e2e-${kind}-wages` }, caseworker)).id;
    ids.pension = (await run(ITEM, 'recordVerificationItem', { personId: member.mother, source: 'PENSION', origin: 'PARTNER_SOURCE', amount: '2000.00', periodFrom: '2026-05', periodTo: '2026-05', obtainedOn: '2026-06-02', idempotencyKey: `e2e-${kind}-pension` }, caseworker)).id;

    // certificates in the disability federation's subgraph: the spouse's grade 1 physical (in force), the child's expired one
    const ISSUE = `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id status } }`;
    ids.spouseCert = (await run(ISSUE, 'issueDisabilityCertificate', { personId: member.spouse, number: `${idNumbers.spouse}41`, category: 'PHYSICAL', grade: 'GRADE_1', issuedOn: '2020-04-01', expiresOn: '2030-03-31', townshipCode: T, idempotencyKey: `e2e-${kind}-cert-spouse` }, DISABILITY)).id;
    ids.childCert = (await run(ISSUE, 'issueDisabilityCertificate', { personId: member.child, number: `${idNumbers.child}11`, category: 'VISUAL', grade: 'GRADE_1', issuedOn: '2019-01-10', expiresOn: '2024-01-09', townshipCode: T, idempotencyKey: `e2e-${kind}-cert-child` }, DISABILITY)).id;
    // a hospital stay of the mother that critical-illness insurance paid part of (a grave illness), in medical's subgraph
    ids.claim = (await run(`mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`, 'recordMedicalClaim', {
      personId: member.mother, townshipCode: T, hospital: '青岛大学附属医院', diagnosis: '肺恶性肿瘤', careType: 'INPATIENT', admissionDate: '2026-03-02', dischargeDate: '2026-03-20',
      totalCost: '60000.00', basicInsurancePaid: '30000.00', criticalIllnessInsurancePaid: '6000.00', eligibleSelfPay: '15000.00', idempotencyKey: `e2e-${kind}-claim`,
    }, MEDICAL)).id;
  });
  afterAll(() => stack?.close());

  const step = (v: any, rule: string, who?: string) => v.steps.find((s: any) => s.rule === rule && (!who || s.summary.startsWith(who)));
  const fig = (s: any, name: string) => s.figures.find((f: any) => f.name === name)?.value;
  const healthOf = (v: any, who: string) => v.memberHealth.find((x: any) => x.personId === member[who]);

  it('a caseworker of the township gets the outcome drawn from civil affairs, the disability federation and medical security, with exact figures and the records', async () => {
    const r = await stack.query(VERIFICATION, { id: household, on: D }, caseworker);
    expect(r.errors).toBeUndefined();
    const v = r.data.household.verification;
    expect(v).toMatchObject({
      id: null, on: D, outcome: 'MARGINAL', countedMembers: 4, perCapitaIncome: '1263.89', assetsWithinLimits: true, dibaoAmount: null, tekun: [],
      standards: { standard: '1150.00', marginalFactor: '1.5' },
    });
    expect([...v.singlePersonCoverage].sort()).toEqual([member.spouse, member.mother].sort());
    // income from civil affairs' items, exactly
    const income = step(v, 'PER_CAPITA_INCOME');
    expect(fig(income, 'window')).toBe('2025-07..2026-06 (12 months)');
    expect(fig(income, 'income in the window')).toBe('60666.67 (exactly 18200000/3 fen)');
    expect(fig(income, 'total monthly income')).toBe('5055.56 (exactly 4550000/9 fen) (income in the window / 12)');
    expect(fig(income, 'per-capita monthly income')).toBe('1263.89 (exactly 1137500/9 fen)');
    expect(fig(income, `item ${ids.wages}`)).toBe('WAGES PARTNER_SOURCE 64000.00 over 2025-06..2026-05 (12 months), 11 counted in the window: 64000.00 x 11 / 12 = 58666.67 (exactly 17600000/3 fen)');
    expect([...income.recordIds].sort()).toEqual([ids.wages, ids.pension].sort());
    expect(step(v, 'DIBAO')).toMatchObject({ met: false, summary: 'per-capita income 1263.89 (exactly 1137500/9 fen) is not below the standard 1150.00' });
    expect(step(v, 'MARGINAL')).toMatchObject({ met: true, summary: 'per-capita income 1263.89 (exactly 1137500/9 fen) is below 1.5 x 1150.00 = 1725.00 and assets are within the limits' });
    // disability grades from the disability subgraph, the grave illness from medical, each explained with its record
    expect(step(v, 'SINGLE_PERSON_COVERAGE', member.spouse)).toMatchObject({ met: true, summary: `${member.spouse}: member of a marginal household with PHYSICAL disability grade 1`, recordIds: [ids.spouseCert] });
    expect(step(v, 'SINGLE_PERSON_COVERAGE', member.mother)).toMatchObject({ met: true, summary: `${member.mother}: member of a marginal household with a grave illness (重病)`, recordIds: [ids.claim] });
    expect(step(v, 'SINGLE_PERSON_COVERAGE', member.child)).toMatchObject({ met: false, summary: `${member.child}: no grade 1-2 disability, grade 3 intellectual or mental disability, or grave illness` });
    expect(healthOf(v, 'spouse')).toEqual({
      personId: member.spouse, disabilities: [{ category: 'PHYSICAL', grade: 1, source: 'DISABILITY_FEDERATION', recordId: ids.spouseCert }],
      graveIllness: false, graveIllnessSince: null, graveIllnessSource: null, graveIllnessRecordIds: [], disabilityReading: 'READ', medicalReading: 'READ',
    });
    expect(healthOf(v, 'mother')).toMatchObject({ disabilities: [], graveIllness: true, graveIllnessSince: '2026-03-02', graveIllnessSource: 'MEDICAL_SECURITY', graveIllnessRecordIds: [ids.claim] });
    expect(healthOf(v, 'child')).toMatchObject({ disabilities: [], graveIllness: false, disabilityReading: 'READ' }); // expired 2024-01-09
    // the spouse (44) cannot work by her grade; tekun fails on her supporters, not recorded
    expect(step(v, 'TEKUN', member.spouse).summary).toContain('no capacity to work: PHYSICAL disability grade 1');
    expect(typeof v.healthTicket).toBe('string');
  });

  it('the health facts are internal: not in the API schema, not selectable by any client', async () => {
    const t = await stack.query(`{ __type(name: "Person") { fields { name } } }`);
    const names = t.data.__type.fields.map((f: any) => f.name);
    expect(names).toEqual(expect.arrayContaining(['disabilityCertificates', 'medicalClaims']));
    expect(names).not.toContain('verificationDisabilityFacts');
    expect(names).not.toContain('verificationGraveIllnessFacts');
    expect((await stack.query(`{ __type(name: "VerificationDisabilityFact") { name } }`)).data.__type).toBeNull();
    const direct = await stack.query(`query($id: ID!) { household(id: $id) { members { verificationDisabilityFacts { grade } } } }`, { id: household });
    expect(direct.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('who may not see health gets no more than they may: a civil-affairs officer gets the income outcome without it; another township nothing', async () => {
    const r = await stack.query(VERIFICATION, { id: household, on: D }, CIVIL);
    const v = r.data.household.verification;
    expect(v).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1263.89', dibaoAmount: null, singlePersonCoverage: null, tekun: null, memberHealth: null });
    expect(v.steps.map((s: any) => s.rule)).toEqual(['COUNTED_MEMBERS', 'PER_CAPITA_INCOME', 'ASSETS_WITHIN_LIMITS', 'DIBAO', 'MARGINAL']);
    expect(JSON.stringify(v)).not.toMatch(/PHYSICAL|grave|重病|GRADE/);
    // the departments refused the officer's token for their internal fields: only FORBIDDEN errors, no data of theirs
    // (one per member and department, at the internal field's path: the officer learns why health is missing, not what it is)
    expect(r.errors).toHaveLength(8);
    for (const e of r.errors ?? []) expect(e.extensions?.code).toBe('FORBIDDEN');
    expect(new Set((r.errors ?? []).map((e: any) => `${e.extensions?.serviceName}:${e.path.at(-1)}`))).toEqual(new Set(['disability:verificationDisabilityFacts', 'medical:verificationGraveIllnessFacts']));
    const other = await stack.query(VERIFICATION, { id: household, on: D }, { role: 'caseworker', township: T === '370281001' ? '370281002' : '370281001' });
    // another township's household answers as no household (Query.household: an out-of-scope lookup is null), so nothing of it
    expect(other.errors).toBeUndefined();
    expect(other.data.household).toBeNull();
    const analyst = await stack.query(`query($id: ID!, $on: String!) { household(id: $id) { verification(on: $on) { outcome } } }`, { id: household, on: D }, { role: 'analyst' });
    expect(analyst.data?.household?.verification ?? null).toBeNull();
  });

  it('verifyHousehold stores the run with the health the graph delivered (its ticket), each fact\'s source recorded; the one-window VERIFICATION step names it', async () => {
    const q = await stack.query(VERIFICATION, { id: household, on: D }, caseworker);
    expect(q.errors).toBeUndefined();
    const stored = await run(STORE, 'verifyHousehold', { householdId: household, on: D, healthTicket: q.data.household.verification.healthTicket, idempotencyKey: `e2e-${kind}-verify` }, caseworker);
    expect(stored).toMatchObject({ on: D, outcome: 'MARGINAL', countedMembers: 4, perCapitaIncome: '1263.89', dibaoAmount: null, recheckMatches: true });
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect([...stored.singlePersonCoverage].sort()).toEqual([member.spouse, member.mother].sort());
    expect(healthOf(stored, 'spouse').disabilities).toEqual([{ category: 'PHYSICAL', grade: 1, source: 'DISABILITY_FEDERATION', recordId: ids.spouseCert }]);
    expect(healthOf(stored, 'mother')).toMatchObject({ graveIllness: true, graveIllnessSource: 'MEDICAL_SECURITY', graveIllnessRecordIds: [ids.claim] });
    // a ticket typed in is refused, nothing stored
    const forged = await stack.query(STORE, { i: { householdId: household, on: D, healthTicket: 'eyJncmFkZSI6MX0' } }, caseworker);
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.healthTicket', reason: 'BAD_TICKET' });

    // the one-window application of the household (dibao), through the investigation
    const a = await run(m('submitApplication', 'SubmitApplicationInput'), 'submitApplication', { applicantId: member.head, householdId: household, townshipCode: T, villageCode: V, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO'], idempotencyKey: `e2e-${kind}-verification-submit` }, caseworker);
    await run(m('acceptApplication', 'AcceptApplicationInput'), 'acceptApplication', { id: a.id, expectedVersion: 1, accepted: true }, caseworker);
    await run(m('recordHouseholdVisit', 'RecordHouseholdVisitInput'), 'recordHouseholdVisit', { id: a.id, expectedVersion: 2, visitedOn: D, staff: ['王芳'], findings: '家庭成员4人，配偶肢体残疾，母亲患重病。', idempotencyKey: `e2e-${kind}-verification-visit` }, caseworker);
    const atVerification = await run(m('completeInvestigation', 'ApplicationChangeInput'), 'completeInvestigation', { id: a.id, expectedVersion: 3 }, caseworker);
    expect(atVerification).toMatchObject({ step: 'VERIFICATION', version: 4, verification: null });
    const VERIFIED = m('recordVerification', 'RecordVerificationInput');
    const refused = async (i: Record<string, unknown>) => (await stack.query(VERIFIED, { i: { id: a.id, expectedVersion: 4, ...i } }, caseworker)).errors?.[0]?.extensions;
    expect(await refused({})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.verificationRunId', reason: 'REQUIRED' });
    expect(await refused({ verificationRunId: '00000000-0000-4000-8000-00000000000a' })).toMatchObject({ code: 'NOT_FOUND', reason: 'VERIFICATION_RUN_NOT_FOUND' });
    // another household's run of the township
    const others = await stack.query(`query($t: String!) { people(first: 50, filter: { townshipCode: $t }) { edges { node { household { id } } } } }`, { t: T }, caseworker);
    const otherHousehold = others.data.people.edges.map((e: any) => e.node.household?.id).find((x: string | undefined) => x && x !== household);
    const otherRun = await run(`mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id } }`, 'verifyHousehold', { householdId: otherHousehold, on: D, idempotencyKey: `e2e-${kind}-verify-other` }, caseworker);
    expect(await refused({ verificationRunId: otherRun.id })).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_APPLICANTS_HOUSEHOLD' });
    const unchanged = await stack.query(`query($id: ID!) { application(id: $id) { ${APP} } }`, { id: a.id }, caseworker);
    expect(unchanged.data.application).toMatchObject({ step: 'VERIFICATION', version: 4, verification: null });

    const verified = await run(VERIFIED, 'recordVerification', { id: a.id, expectedVersion: 4, verificationRunId: stored.id, verificationNote: '低保边缘家庭，配偶及母亲可单人保' }, caseworker);
    expect(verified).toMatchObject({ step: 'PRELIMINARY_REVIEW', version: 5, verification: { id: stored.id, outcome: 'MARGINAL', perCapitaIncome: '1263.89' } });
    expect([...verified.verification.singlePersonCoverage].sort()).toEqual([member.spouse, member.mother].sort());
    // a civil-affairs officer follows the application and sees the run's income figures, not the health-derived parts
    const officer = await stack.query(`query($id: ID!) { application(id: $id) { id verification { id outcome perCapitaIncome singlePersonCoverage } } }`, { id: a.id }, CIVIL);
    expect(officer.errors).toBeUndefined();
    expect(officer.data.application.verification).toEqual({ id: stored.id, outcome: 'MARGINAL', perCapitaIncome: '1263.89', singlePersonCoverage: null });
  });
});
