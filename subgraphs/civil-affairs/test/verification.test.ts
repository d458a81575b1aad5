import { civilAffairs } from '../src/subgraph';
import { Household } from '../src/modules/household/household.entity';
import { MemberCircumstance, VerificationItem, VerificationRun } from '../src/modules/verification/verification.entity';
import { makeIdNumber } from '@aidgraph/subgraph-kit';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import { assertIdempotentCreation, auditedWritesOf, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Household economic verification (issue 9 items 1-2) through the subgraph: recording items and circumstances, the
 * stored run and the computed one, idempotent retry, access per role, bad input; the same answers on both databases.
 * Standards: the bundled tables (2025-07-01: 1150.00 urban and rural, marginal factor 1.5, placeholders).
 */
const SEED = 'civil-affairs-verification';
const SIZE = 100;
const seeded = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const villages = generateVillages(SEED);
const T = seeded[0].townshipCode;
const OTHER_T = seeded.find((p) => p.townshipCode !== T)!.townshipCode;
const V = villages.find((v) => v.townshipCode === T)!.code;

const caseworker = (township = T, subject?: string): TokenAs => ({ role: 'caseworker', township, ...(subject ? { subject } : {}) });
const officer = (department: string): TokenAs => ({ role: 'department_officer', department });
const assistant: TokenAs = { role: 'village_assistant', village: V, township: T };
const ON = '2026-06-15';

let next = 1;
const idNumber = (birthDate: string, female = false) => makeIdNumber('370281', birthDate, 2 * next++ + (female ? 0 : 1));

const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id members { id relationToHead birthDate } } }`;
const ITEM = `mutation($i: RecordVerificationItemInput!) { recordVerificationItem(input: $i) { id source origin amount periodFrom periodTo obtainedOn person { id } } }`;
const CIRC = `mutation($i: RecordMemberCircumstancesInput!) { recordMemberCircumstances(input: $i) { id effectiveFrom confinement fullTimeStudent } }`;
const RUN_FIELDS = `id on outcome countedMembers perCapitaIncome assetsWithinLimits dibaoAmount singlePersonCoverage tekun rulesVersion verifiedBy
  standards { area standard standardFrom marginalFactor depositMonthsPerPerson maxVehicles maxRealEstate maxBusinessRegistrations }
  steps { rule met summary figures { name value } recordIds } recheckMatches`;
const VERIFY = `mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { ${RUN_FIELDS} household { id perCapitaMonthlyIncome assetsWithinRules } } }`;
const VERIFY_ID = `mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id } }`;
const COMPUTE = `query($id: ID!, $on: String!, $health: [MemberHealthInput!]) { household(id: $id) { id verification(on: $on, declaredHealth: $health) { ${RUN_FIELDS} } } }`;
const HEALTH_FIELDS = `memberHealth { personId disabilities { category grade source recordId } graveIllness graveIllnessSince graveIllnessSource graveIllnessRecordIds disabilityReading medicalReading }`;
/** Household.verification as the gateway resolves it after the @requires fetches: an _entities call with the members' facts */
const ENTITY = `query($r: [_Any!]!, $on: String!) { _entities(representations: $r) { ... on Household { id verification(on: $on) { ${RUN_FIELDS} ${HEALTH_FIELDS} healthTicket } } } }`;
const VERIFY_HEALTH = `mutation($i: VerifyHouseholdInput!) { verifyHousehold(input: $i) { id outcome singlePersonCoverage tekun ${HEALTH_FIELDS} steps { rule summary recordIds } } }`;
const LIST = `query($id: ID!) { household(id: $id) { verifications(first: 10) { totalCount edges { node { id on outcome dibaoAmount } } } verificationItems(first: 20) { totalCount } } }`;

/** answers per database, compared at the end */
const answers: Record<string, unknown> = {};

describe.each(testDatabaseKinds())('household economic verification on %s', (kind) => {
  let h: SubgraphHarness;
  let household: string;
  const m: Record<string, string> = {};
  const items: Record<string, string> = {};
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
    // head 1975, spouse 1977, child 2012 (minor), son 1996 (in prison), grandmother 1950 (co-resident parent)
    const r = await h.request(REGISTER, {
      i: {
        townshipCode: T, villageCode: V, reason: '申请低保', members: [
          { name: '张建华', idNumber: idNumber('1975-03-14'), relationToHead: 'HEAD' },
          { name: '刘秀英', idNumber: idNumber('1977-08-02', true), relationToHead: 'SPOUSE' },
          { name: '张小雨', idNumber: idNumber('2012-11-30', true), relationToHead: 'CHILD' },
          { name: '张伟', idNumber: idNumber('1996-01-20'), relationToHead: 'CHILD' },
          { name: '王桂兰', idNumber: idNumber('1950-05-05', true), relationToHead: 'PARENT' },
        ],
      },
    }, caseworker());
    expect(r.errors).toBeUndefined();
    household = r.data.registerHousehold.id;
    const [head, spouse, child, son, grandmother] = ['1975-03-14', '1977-08-02', '2012-11-30', '1996-01-20', '1950-05-05'].map(
      (b) => r.data.registerHousehold.members.find((x: any) => x.birthDate === b).id,
    );
    Object.assign(m, { head, spouse, child, son, grandmother });
    const add = async (key: string, i: Record<string, unknown>) => {
      const x = await h.request(ITEM, { i: { obtainedOn: '2026-06-01', periodFrom: '2026-05', periodTo: '2026-05', origin: 'PARTNER_SOURCE', ...i } }, caseworker());
      expect(x.errors).toBeUndefined();
      items[key] = x.data.recordVerificationItem.id;
    };
    await add('headWages', { personId: head, source: 'WAGES', amount: '1500.00' });
    await add('spouseWages', { personId: spouse, source: 'WAGES', amount: '900.00', periodFrom: '2026-03', origin: 'DECLARED' }); // 300.00 a month
    await add('sonWages', { personId: son, source: 'WAGES', amount: '5000.00' });
    await add('pension', { personId: grandmother, source: 'PENSION', amount: '600.00' });
    await add('home', { personId: head, source: 'REAL_ESTATE', amount: '280000.00', periodFrom: '2026-06', periodTo: '2026-06' });
    await add('later', { personId: head, source: 'WAGES', amount: '9999.00', obtainedOn: '2026-07-01', periodFrom: '2026-06', periodTo: '2026-06' });
    const c = await h.request(CIRC, { i: { personId: son, effectiveFrom: '2026-01-01', confinement: 'PRISON' } }, officer('CIVIL_AFFAIRS'));
    expect(c.errors).toBeUndefined();
    expect(c.data.recordMemberCircumstances).toMatchObject({ effectiveFrom: '2026-01-01', confinement: 'PRISON', fullTimeStudent: false });
    items.prison = c.data.recordMemberCircumstances.id;
  });
  afterAll(() => h?.close());

  it('verifyHousehold stores the run: counted members without the prisoner, per-capita income, the dibao amount, each test explained', async () => {
    const r = await h.request(VERIFY, { i: { householdId: household, on: ON } }, caseworker());
    expect(r.errors).toBeUndefined();
    const run = r.data.verifyHousehold;
    // counted: head, spouse, child, grandmother = 4. Window of 2026-06-15: 2025-07..2026-06 (12 months). Income in the
    // window: head's wages 1500.00 (2026-05, 1 of 1 month) + spouse's 900.00 (2026-03..05, 3 of 3) + pension 600.00
    // (2026-05) = 3000.00 (the son's 5000.00 is the prisoner's; the 9999.00 was obtained after the date); monthly
    // 3000.00 / 12 = 250.00; per capita 250.00 / 4 = 62.50; dibao (1150.00 - 62.50) x 4 = 4600.00 - 250.00 = 4350.00
    expect(run).toMatchObject({
      on: ON, outcome: 'DIBAO', countedMembers: 4, perCapitaIncome: '62.50', assetsWithinLimits: true, dibaoAmount: '4350.00', singlePersonCoverage: [], tekun: [],
      verifiedBy: 'test-caseworker', recheckMatches: true,
      standards: { area: expect.stringMatching(/^(URBAN|RURAL)$/), standard: '1150.00', standardFrom: '2025-07-01', marginalFactor: '1.5', depositMonthsPerPerson: '24', maxVehicles: 0, maxRealEstate: 1, maxBusinessRegistrations: 0 },
      household: { id: household, perCapitaMonthlyIncome: '62.50', assetsWithinRules: true },
    });
    expect(run.rulesVersion).toMatch(/^household-verification\/2 .*dibao standard from 2025-07-01; limits from 2020-07-01 placeholder-limits$/);
    const step = (rule: string) => run.steps.find((s: any) => s.rule === rule);
    const fig = (rule: string, name: string) => step(rule).figures.find((f: any) => f.name === name)?.value;
    expect(fig('COUNTED_MEMBERS', `member ${m.son}`)).toBe('EXCLUDED.PRISON');
    expect(fig('COUNTED_MEMBERS', `member ${m.grandmother}`)).toBe('MEMBER.CO_RESIDENT_SUPPORT_DUTY');
    expect(fig('COUNTED_MEMBERS', `member ${m.child}`)).toBe('MEMBER.MINOR_CHILD');
    expect(step('COUNTED_MEMBERS').recordIds).toEqual([items.prison]);
    expect(step('PER_CAPITA_INCOME').recordIds.sort()).toEqual([items.headWages, items.spouseWages, items.pension].sort());
    expect(fig('PER_CAPITA_INCOME', 'income in the window')).toBe('3000.00');
    expect(fig('PER_CAPITA_INCOME', 'total monthly income')).toBe('250.00 (income in the window / 12)');
    expect(fig('PER_CAPITA_INCOME', `item ${items.spouseWages}`)).toBe('WAGES DECLARED 900.00 over 2026-03..2026-05 (3 months), 3 counted in the window: 900.00 x 3 / 3 = 900.00');
    expect(step('ASSETS_WITHIN_LIMITS').recordIds).toEqual([items.home]);
    expect(step('DIBAO')).toMatchObject({ met: true, summary: expect.stringContaining('(1150.00 - per-capita income) x 4 = 4350.00 a month') });
    expect(step('MARGINAL')).toMatchObject({ met: false, summary: 'eligible for dibao: not a marginal household' });
    const stored = await h.db.getRepository(VerificationRun).findOneByOrFail({ id: run.id });
    expect(stored).toMatchObject({ householdId: household, on: ON, outcome: 'DIBAO', perCapitaIncome: '62.50', dibaoAmount: '4350.00', townshipCode: T, villageCode: V });
    expect(JSON.parse(stored.inputsJson).members).toHaveLength(5);
    const [write] = await auditedWritesOf(h, 'VerificationRun', run.id);
    expect(write).toMatchObject({ action: 'create' });
    // the household's verified figures: a derived figure, audited with the run that set it; not a registry change
    // (Household.version counts the composition's changes: still 1 after registration)
    const householdWrites = (await auditedWritesOf(h, 'Household', household)).filter((w) => w.action === 'update');
    expect(householdWrites).toEqual([expect.objectContaining({ action: 'update', changes: expect.objectContaining({ perCapitaMonthlyIncome: [null, '62.50'], verificationRun: [null, run.id] }) })]);
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: household })).version).toBe(1);
    // the same answer with each id named by its role (ids are random per database), figures and records in name order
    const named = (text: string) => Object.entries({ ...m, ...items, household }).reduce((t, [name, id]) => t.split(id).join(name), text);
    const steps = (JSON.parse(named(JSON.stringify(run.steps))) as any[]).map((s) => ({
      ...s, figures: [...s.figures].sort((a: any, b: any) => a.name.localeCompare(b.name)), recordIds: [...s.recordIds].sort(),
    }));
    answers[kind] = { ...run, id: null, verifiedBy: null, household: null, steps: steps.sort((a, b) => (a.rule + a.summary).localeCompare(b.rule + b.summary)) };
  });

  it('Household.verification computes the same without storing; verifications lists the stored runs', async () => {
    const before = await h.db.getRepository(VerificationRun).count();
    const r = await h.request(COMPUTE, { id: household, on: ON }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.household.verification).toMatchObject({ id: null, outcome: 'DIBAO', countedMembers: 4, perCapitaIncome: '62.50', dibaoAmount: '4350.00', verifiedBy: null, recheckMatches: true });
    expect(await h.db.getRepository(VerificationRun).count()).toBe(before);
    // the wages obtained on 2026-07-01 count from that date. Window 2025-08..2026-07: 3000.00 + 9999.00 (2026-06) =
    // 12999.00; / 12 = 1083.25 a month; / 4 = 270.8125 -> 270.81; dibao (1150 - 270.8125) x 4 = 4600 - 1083.25 = 3516.75
    const later = await h.request(COMPUTE, { id: household, on: '2026-07-01' }, caseworker());
    expect(later.data.household.verification).toMatchObject({ outcome: 'DIBAO', perCapitaIncome: '270.81', dibaoAmount: '3516.75' });
    const list = await h.request(LIST, { id: household }, officer('CIVIL_AFFAIRS'));
    expect(list.errors).toBeUndefined();
    expect(list.data.household.verifications.edges.map((e: any) => [e.node.on, e.node.outcome, e.node.dibaoAmount])).toContainEqual([ON, 'DIBAO', '4350.00']);
    expect(list.data.household.verificationItems.totalCount).toBe(6);
    const FILTERED = `query($id: ID!, $rf: VerificationRunFilter, $if: VerificationItemFilter) { household(id: $id) {
      verifications(filter: $rf) { totalCount } verificationItems(filter: $if) { totalCount edges { node { id } } } } }`;
    const count = async (rf: unknown, f: unknown) => {
      const r = await h.request(FILTERED, { id: household, rf, if: f }, caseworker());
      expect(r.errors).toBeUndefined();
      return [r.data.household.verifications.totalCount, r.data.household.verificationItems.totalCount];
    };
    expect(await count({ outcome: 'DIBAO' }, { source: 'WAGES' })).toEqual([1, 4]);
    expect(await count({ outcome: 'NOT_ELIGIBLE' }, { origin: 'DECLARED' })).toEqual([0, 1]);
    expect(await count({ onFrom: ON, onTo: ON }, { personId: m.head })).toEqual([1, 3]);
    expect(await count({ onFrom: '2026-06-16' }, { personId: m.child })).toEqual([0, 0]);
    const bad = await h.request(FILTERED, { id: household, rf: { onFrom: '2026-02-30' } }, caseworker());
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.onFrom', reason: 'BAD_DATE' });
  });

  it('single-person coverage and tekun from declared health (labelled DECLARED)', async () => {
    // grandmother (76) with no able supporter recorded as false and a pension under the standard: tekun
    const c = await h.request(CIRC, { i: { personId: m.grandmother, effectiveFrom: '2026-02-01', hasAbleLegalSupporter: false } }, caseworker());
    expect(c.errors).toBeUndefined();
    const r = await h.request(COMPUTE, { id: household, on: ON, health: [{ personId: m.spouse, disabilities: [{ category: 'MENTAL', grade: 3 }] }] }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.household.verification).toMatchObject({ outcome: 'DIBAO', tekun: [m.grandmother], singlePersonCoverage: [] });
  });

  it('draws health from the graph (@requires representation): certificates and grave illness in force on the date, sources recorded, a sealed ticket stores them', async () => {
    // what the gateway sends after fetching the members' internal fields from the disability and medical subgraphs
    const facts = (extra: Record<string, unknown> = {}) => [
      { verificationDisabilityFacts: [{ personId: m.spouse, certificateId: '11111111-1111-4111-8111-111111111111', category: 'PHYSICAL', grade: 1, validFrom: '2020-01-01', validTo: '2030-01-01' },
        { personId: m.spouse, certificateId: '22222222-2222-4222-8222-222222222222', category: 'VISUAL', grade: 2, validFrom: '2010-01-01', validTo: '2026-06-14' }], // expired the day before
        verificationGraveIllnessFacts: [], ...extra },
      { verificationDisabilityFacts: [], verificationGraveIllnessFacts: [{ personId: m.grandmother, claimId: '33333333-3333-4333-8333-333333333333', since: '2026-03-02', lastTreatedOn: '2026-04-10' }] },
      { verificationDisabilityFacts: [], verificationGraveIllnessFacts: [] },
      { verificationDisabilityFacts: [], verificationGraveIllnessFacts: [] },
      { verificationDisabilityFacts: [{ personId: seeded[0].id, certificateId: '44444444-4444-4444-8444-444444444444', category: 'MENTAL', grade: 1, validFrom: '2020-01-01', validTo: '2030-01-01' }], verificationGraveIllnessFacts: [] }, // not a member: ignored
    ];
    const rep = (members: unknown) => ({ r: [{ __typename: 'Household', id: household, members }], on: ON });
    const r = await h.request(ENTITY, rep(facts()), caseworker());
    expect(r.errors).toBeUndefined();
    const v = r.data._entities[0].verification;
    expect(v).toMatchObject({ id: null, outcome: 'DIBAO', perCapitaIncome: '62.50', dibaoAmount: '4350.00' });
    const mh = Object.fromEntries(v.memberHealth.map((x: any) => [x.personId, x]));
    expect(mh[m.spouse]).toEqual({
      personId: m.spouse, disabilities: [{ category: 'PHYSICAL', grade: 1, source: 'DISABILITY_FEDERATION', recordId: '11111111-1111-4111-8111-111111111111' }],
      graveIllness: false, graveIllnessSince: null, graveIllnessSource: null, graveIllnessRecordIds: [], disabilityReading: 'READ', medicalReading: 'READ',
    });
    expect(mh[m.grandmother]).toMatchObject({ disabilities: [], graveIllness: true, graveIllnessSince: '2026-03-02', graveIllnessSource: 'MEDICAL_SECURITY', graveIllnessRecordIds: ['33333333-3333-4333-8333-333333333333'] });
    // the spouse (46) cannot work by her grade 1 physical disability; the tekun explanation names the certificate
    const spouseTekun = v.steps.find((s: any) => s.rule === 'TEKUN' && s.summary.startsWith(m.spouse));
    expect(spouseTekun.summary).toContain('no capacity to work: PHYSICAL disability grade 1');
    expect(spouseTekun.recordIds).toContain('11111111-1111-4111-8111-111111111111');
    expect(typeof v.healthTicket).toBe('string');

    // the stored run takes the health from the ticket (not typed in), and records each source
    const stored = await h.request(VERIFY_HEALTH, { i: { householdId: household, on: ON, healthTicket: v.healthTicket, declaredHealth: [{ personId: m.child, graveIllness: true }] } }, caseworker());
    expect(stored.errors).toBeUndefined();
    const smh = Object.fromEntries(stored.data.verifyHousehold.memberHealth.map((x: any) => [x.personId, x]));
    expect(smh[m.spouse]).toMatchObject({ disabilities: [{ category: 'PHYSICAL', grade: 1, source: 'DISABILITY_FEDERATION' }], disabilityReading: 'READ' });
    expect(smh[m.grandmother]).toMatchObject({ graveIllness: true, graveIllnessSource: 'MEDICAL_SECURITY' });
    expect(smh[m.child]).toMatchObject({ graveIllness: true, graveIllnessSource: 'DECLARED', disabilityReading: 'READ' });
    const run = await h.db.getRepository(VerificationRun).findOneByOrFail({ id: stored.data.verifyHousehold.id });
    expect(JSON.parse(run.inputsJson).members.find((x: any) => x.personId === m.spouse).health.disabilities[0]).toMatchObject({ source: 'DISABILITY_FEDERATION', recordId: '11111111-1111-4111-8111-111111111111' });

    // a ticket is bound to its caller, household and date
    const runs = await h.db.getRepository(VerificationRun).count();
    for (const [as, i] of [
      [caseworker(T, 'someone-else'), { householdId: household, on: ON }],
      [caseworker(), { householdId: household, on: '2026-06-14' }],
    ] as const) {
      const bad = await h.request(VERIFY, { i: { ...i, healthTicket: v.healthTicket } }, as);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.healthTicket', reason: 'BAD_TICKET' });
    }
    expect(await h.db.getRepository(VerificationRun).count()).toBe(runs);

    // without a ticket the stored run says health was NOT_READ
    const plain = await h.request(VERIFY_HEALTH, { i: { householdId: household, on: ON } }, caseworker());
    expect(plain.data.verifyHousehold.memberHealth.every((x: any) => x.disabilityReading === 'NOT_READ' && x.medicalReading === 'NOT_READ')).toBe(true);
    // a department that did not answer (null for a member): UNAVAILABLE for the household, nothing of it used
    const down = await h.request(ENTITY, rep(facts({ verificationDisabilityFacts: null })), caseworker());
    expect(down.errors).toBeUndefined();
    expect(down.data._entities[0].verification.memberHealth.every((x: any) => x.disabilityReading === 'UNAVAILABLE' && x.disabilities.length === 0)).toBe(true);
    expect(down.data._entities[0].verification.memberHealth.find((x: any) => x.personId === m.grandmother)).toMatchObject({ medicalReading: 'READ', graveIllness: true });
  });

  it('who may not see health (a civil-affairs officer) gets the income outcome without it: facts WITHHELD, health-derived parts null', async () => {
    const members = [{ verificationDisabilityFacts: [{ personId: m.spouse, certificateId: '11111111-1111-4111-8111-111111111111', category: 'PHYSICAL', grade: 1, validFrom: '2020-01-01', validTo: '2030-01-01' }], verificationGraveIllnessFacts: [] }];
    const r = await h.request(ENTITY, { r: [{ __typename: 'Household', id: household, members }], on: ON }, officer('CIVIL_AFFAIRS'));
    expect(r.errors).toBeUndefined();
    const v = r.data._entities[0].verification;
    expect(v).toMatchObject({ outcome: 'DIBAO', perCapitaIncome: '62.50', dibaoAmount: '4350.00', singlePersonCoverage: null, tekun: null, memberHealth: null });
    expect(v.steps.map((s: any) => s.rule)).toEqual(['COUNTED_MEMBERS', 'PER_CAPITA_INCOME', 'ASSETS_WITHIN_LIMITS', 'DIBAO', 'MARGINAL']);
    expect(JSON.stringify(v)).not.toContain('PHYSICAL');
    // the same run read by a caseworker of the township: the facts were withheld from the officer, not used
    const stored = await h.request(VERIFY_HEALTH, { i: { householdId: household, on: ON, healthTicket: v.healthTicket } }, officer('CIVIL_AFFAIRS'));
    expect(stored.errors).toBeUndefined();
    const read = await h.request(`query($id: ID!) { verificationRun(id: $id) { id outcome ${HEALTH_FIELDS} } }`, { id: stored.data.verifyHousehold.id }, caseworker());
    expect(read.errors).toBeUndefined();
    expect(read.data.verificationRun.memberHealth.every((x: any) => x.disabilityReading === 'WITHHELD' && x.medicalReading === 'WITHHELD' && !x.disabilities.length)).toBe(true);
  });

  it('VerificationRun is an entity (@key id): verificationRun(id) and _entities answer it under the class income', async () => {
    const run = (await h.request(VERIFY_ID, { i: { householdId: household, on: ON } }, caseworker())).data.verifyHousehold.id;
    const byId = `query($id: ID!) { verificationRun(id: $id) { id on outcome household { id } } }`;
    expect((await h.request(byId, { id: run }, caseworker())).data.verificationRun).toEqual({ id: run, on: ON, outcome: 'DIBAO', household: { id: household } });
    expect((await h.request(byId, { id: '00000000-0000-4000-8000-000000000000' }, caseworker())).data.verificationRun).toBeNull();
    // another township's run answers as no one (null, as an unknown id)
    const elsewhere = await h.request(byId, { id: run }, caseworker(OTHER_T));
    expect({ errors: elsewhere.errors, data: elsewhere.data }).toEqual({ errors: undefined, data: { verificationRun: null } });
    expect((await h.request(byId, { id: run }, officer('EDUCATION'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(byId, { id: run }, { role: 'analyst' })).data.verificationRun).toBeNull();
    const ent = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on VerificationRun { id outcome dibaoAmount } } }`, { r: [{ __typename: 'VerificationRun', id: run }] }, caseworker());
    expect(ent.data._entities).toEqual([{ id: run, outcome: 'DIBAO', dibaoAmount: '4350.00' }]);
  });

  it('boundaries through the database, exact: exactly the standard is not below it, exactly 1.5 x is not below it', async () => {
    const r = await h.request(REGISTER, { i: { townshipCode: T, villageCode: V, reason: '边界', members: [
      { name: '周明', idNumber: idNumber('1981-02-03'), relationToHead: 'HEAD' },
      { name: '吴芳', idNumber: idNumber('1983-04-05', true), relationToHead: 'SPOUSE' },
      { name: '周乐', idNumber: idNumber('2015-06-07', true), relationToHead: 'CHILD' },
    ] } }, caseworker());
    expect(r.errors).toBeUndefined();
    const hh = r.data.registerHousehold.id;
    const head = r.data.registerHousehold.members.find((x: any) => x.relationToHead === 'HEAD').id;
    const add = async (amount: string, obtainedOn: string, source: string) => {
      // over the whole window of the June dates (2025-07..2026-06, 12 months): 12 x the monthly figure; each of another
      // source (items of one member and source over the same months do not add up: the later-obtained one counts)
      const x = await h.request(ITEM, { i: { personId: head, source, origin: 'PARTNER_SOURCE', amount, periodFrom: '2025-07', periodTo: '2026-06', obtainedOn } }, caseworker());
      expect(x.errors).toBeUndefined();
    };
    const on = async (date: string) => (await h.request(COMPUTE, { id: hh, on: date }, caseworker())).data.household.verification;
    await add('41399.88', '2026-06-01', 'WAGES'); // 41399.88 / 12 = 3449.99 a month; / 3 = 1149.996666... < 1150: dibao of (1150 - 3449.99/3) x 3 = 0.01 exactly
    expect(await on('2026-06-01')).toMatchObject({ outcome: 'DIBAO', perCapitaIncome: '1150.00', dibaoAmount: '0.01' });
    await add('0.12', '2026-06-02', 'PENSION'); // (41399.88 + 0.12) / 12 = 3450.00; / 3 = 1150.00 exactly: not below the standard
    expect(await on('2026-06-02')).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1150.00', dibaoAmount: null });
    await add('20699.88', '2026-06-03', 'BUSINESS_INCOME'); // + 20699.88 / 12 = 1724.99: 5174.99 / 3 = 1724.996...: below 1725.00
    expect(await on('2026-06-03')).toMatchObject({ outcome: 'MARGINAL', perCapitaIncome: '1725.00' });
    await add('0.12', '2026-06-04', 'OTHER_INCOME'); // + 0.12 / 12 = 0.01: 5175.00 / 3 = 1725.00 = 1.5 x 1150.00 exactly: not below
    const at = await on('2026-06-04');
    expect(at).toMatchObject({ outcome: 'NOT_ELIGIBLE', perCapitaIncome: '1725.00', dibaoAmount: null });
    expect(at.steps.find((x: any) => x.rule === 'MARGINAL').summary).toBe('per-capita income 1725.00 is not below 1.5 x 1150.00 = 1725.00');
  });

  it('a run whose figures do not fit an amount is refused before anything is written (items stored before the bound existed)', async () => {
    const r = await h.request(REGISTER, { i: { townshipCode: T, villageCode: V, reason: '过大', members: [
      { name: '孙强', idNumber: idNumber('1970-09-09'), relationToHead: 'HEAD' },
      { name: '李梅', idNumber: idNumber('1972-10-10', true), relationToHead: 'SPOUSE' },
    ] } }, caseworker());
    expect(r.errors).toBeUndefined();
    const hh = r.data.registerHousehold.id;
    const head = r.data.registerHousehold.members.find((x: any) => x.relationToHead === 'HEAD').id;
    // items of the largest Yuan (9999999999999.99), written past the API as legacy rows would be (the API now refuses
    // them: AMOUNT_ABOVE_LIMIT): one per month of the window 2025-07..2026-06 for each of three sources = 36 items
    for (let k = 0; k < 12 * 3; k++) {
      const month = `20${25 + Math.floor((6 + (k % 12)) / 12)}-${String(((6 + (k % 12)) % 12) + 1).padStart(2, '0')}`;
      await h.db.getRepository(VerificationItem).insert({
        id: `00000000-0000-4000-8000-${String(k + 1).padStart(12, '0')}`, personId: head, householdId: hh, townshipCode: T, villageCode: V,
        source: (['WAGES', 'PENSION', 'BUSINESS_INCOME'] as const)[Math.floor(k / 12)], origin: 'PARTNER_SOURCE', amount: '9999999999999.99',
        periodFrom: month, periodTo: month, obtainedOn: '2026-06-01', reference: null, subject: 'legacy', recordedAt: new Date().toISOString(),
      } as any);
    }
    // income in the window 36 x 9999999999999.99; / 12 = 3 x 9999999999999.99 a month; / 2 = 14999999999999.985: 14 digits of yuan
    const runs = await h.db.getRepository(VerificationRun).count();
    const before = await h.db.getRepository(Household).findOneByOrFail({ id: hh });
    const v = await h.request(VERIFY, { i: { householdId: hh, on: ON } }, caseworker());
    expect(v.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIGURE_OUT_OF_RANGE' });
    expect(v.data?.verifyHousehold ?? null).toBeNull();
    expect(await h.db.getRepository(VerificationRun).count()).toBe(runs);
    const after = await h.db.getRepository(Household).findOneByOrFail({ id: hh });
    expect(after).toMatchObject({ perCapitaMonthlyIncome: before.perCapitaMonthlyIncome, version: before.version });
    const read = await h.request(COMPUTE, { id: hh, on: ON }, caseworker());
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'FIGURE_OUT_OF_RANGE' });
    // the household stays readable
    const hread = await h.request(`query($id: ID!) { household(id: $id) { perCapitaMonthlyIncome verifications(first: 5) { totalCount } } }`, { id: hh }, caseworker());
    expect(hread.errors).toBeUndefined();
    expect(hread.data.household).toEqual({ perCapitaMonthlyIncome: null, verifications: { totalCount: 0 } });
  });

  it('a verification on a past date counts only those born by then', async () => {
    const r = await h.request(REGISTER, { i: { townshipCode: T, villageCode: V, reason: '新生儿', members: [
      { name: '郑刚', idNumber: idNumber('1990-01-15'), relationToHead: 'HEAD' },
      { name: '冯丽', idNumber: idNumber('1992-02-20', true), relationToHead: 'SPOUSE' },
      { name: '郑安', idNumber: idNumber('2026-06-20'), relationToHead: 'CHILD' },
    ] } }, caseworker());
    expect(r.errors).toBeUndefined();
    const hh = r.data.registerHousehold.id;
    const on = async (date: string) => (await h.request(COMPUTE, { id: hh, on: date }, caseworker())).data.household.verification;
    // no income: on 2026-06-15 the child (born 2026-06-20) is not yet a member: (1150.00 - 0) x 2 = 2300.00
    const past = await on('2026-06-15');
    expect(past).toMatchObject({ outcome: 'DIBAO', countedMembers: 2, dibaoAmount: '2300.00' });
    expect(past.steps.find((x: any) => x.rule === 'COUNTED_MEMBERS').figures).toContainEqual({ name: `member ${r.data.registerHousehold.members.find((x: any) => x.birthDate === '2026-06-20').id}`, value: 'EXCLUDED.NOT_YET_BORN' });
    // on 2026-06-30: three, 3450.00
    expect(await on('2026-06-30')).toMatchObject({ outcome: 'DIBAO', countedMembers: 3, dibaoAmount: '3450.00' });
  });

  it('a retry with the same idempotency key stores one run and answers it', async () => {
    const dates = ['2026-06-15', '2026-05-15', '2026-04-15'];
    await assertIdempotentCreation(h, {
      mutation: VERIFY_ID, field: 'verifyHousehold', as: caseworker(T, 'alice'), other: caseworker(T, 'bob'),
      sameSubject: { forbidden: [{ role: 'caseworker', township: OTHER_T }, assistant], mayWrite: [officer('CIVIL_AFFAIRS')] },
      variables: (variant, key) => ({ i: { householdId: household, on: dates[variant], idempotencyKey: key } }),
      count: () => h.db.getRepository(VerificationRun).count(),
      n: 10,
    });
  });

  it('recording items and circumstances is idempotent too', async () => {
    const ITEM_ID = `mutation($i: RecordVerificationItemInput!) { recordVerificationItem(input: $i) { id } }`;
    const CIRC_ID = `mutation($i: RecordMemberCircumstancesInput!) { recordMemberCircumstances(input: $i) { id } }`;
    await assertIdempotentCreation(h, {
      mutation: ITEM_ID, field: 'recordVerificationItem', as: caseworker(T, 'alice'), other: caseworker(T, 'bob'),
      sameSubject: { forbidden: [{ role: 'caseworker', township: OTHER_T }, assistant] },
      variables: (variant, key) => ({ i: { personId: m.head, source: 'DEPOSIT', origin: 'DECLARED', amount: `${variant + 1}.00`, periodFrom: '2025-01', periodTo: '2025-01', obtainedOn: '2025-02-01', idempotencyKey: key } }),
      count: () => h.db.getRepository(VerificationItem).count(),
      n: 10,
    });
    await assertIdempotentCreation(h, {
      mutation: CIRC_ID, field: 'recordMemberCircumstances', as: caseworker(T, 'alice'), other: caseworker(T, 'bob'),
      sameSubject: { forbidden: [{ role: 'caseworker', township: OTHER_T }, assistant] },
      variables: (variant, key) => ({ i: { personId: m.child, effectiveFrom: `2020-0${variant + 1}-01`, idempotencyKey: key } }),
      count: () => h.db.getRepository(MemberCircumstance).count(),
      n: 10,
    });
  });

  it('access: civil affairs, caseworkers in scope and auditors see it; other departments, village assistants, other townships FORBIDDEN; analysts null', async () => {
    for (const as of [caseworker(), officer('CIVIL_AFFAIRS'), { role: 'auditor' } as TokenAs, { role: 'township_approver', township: T } as TokenAs]) {
      const r = await h.request(COMPUTE, { id: household, on: ON }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.household.verification.dibaoAmount).toBe('4350.00');
    }
    for (const as of [officer('EDUCATION'), assistant]) {
      const r = await h.request(COMPUTE, { id: household, on: ON }, as);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.household?.verification ?? null).toBeNull();
    }
    // another township's household answers as no one (null, as an unknown id), not FORBIDDEN
    const out = await h.request(COMPUTE, { id: household, on: ON }, caseworker(OTHER_T));
    expect(out.errors).toBeUndefined();
    expect(out.data.household).toBeNull();
    const analyst = await h.request(COMPUTE, { id: household, on: ON }, { role: 'analyst' });
    expect(analyst.errors).toBeUndefined();
    expect(analyst.data.household.verification).toBeNull();
    const analystList = await h.request(LIST, { id: household }, { role: 'analyst' });
    expect(analystList.data.household).toMatchObject({ verifications: null, verificationItems: null });
    // writes: FORBIDDEN for every role but caseworkers in scope and civil-affairs officers; nothing is written
    const runs = await h.db.getRepository(VerificationRun).count();
    const its = await h.db.getRepository(VerificationItem).count();
    for (const as of [caseworker(OTHER_T), officer('EDUCATION'), assistant, { role: 'auditor' } as TokenAs, { role: 'analyst' } as TokenAs, { role: 'township_approver', township: T } as TokenAs]) {
      const v = await h.request(VERIFY, { i: { householdId: household, on: ON } }, as);
      expect(v.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const i = await h.request(ITEM, { i: { personId: m.head, source: 'WAGES', origin: 'DECLARED', amount: '1.00', periodFrom: '2026-05', periodTo: '2026-05', obtainedOn: '2026-06-01' } }, as);
      expect(i.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await h.db.getRepository(VerificationRun).count()).toBe(runs);
    expect(await h.db.getRepository(VerificationItem).count()).toBe(its);
  });

  it('bad input is BAD_USER_INPUT with the field path and reason, and writes nothing', async () => {
    const runs = await h.db.getRepository(VerificationRun).count();
    const its = await h.db.getRepository(VerificationItem).count();
    const circs = await h.db.getRepository(MemberCircumstance).count();
    const expectBad = async (query: string, variables: Record<string, unknown>, field: string, reason: string) => {
      const r = await h.request(query, variables, caseworker());
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
    };
    await expectBad(VERIFY, { i: { householdId: household, on: '2026-02-30' } }, 'input.on', 'BAD_DATE');
    await expectBad(VERIFY, { i: { householdId: household, on: '2099-01-01' } }, 'input.on', 'DATE_OUT_OF_RANGE');
    await expectBad(VERIFY, { i: { householdId: household, on: '2019-01-01' } }, 'input.on', 'BEFORE_PROGRAMME');
    await expectBad(VERIFY, { i: { householdId: 'nope', on: ON } }, 'input.householdId', 'BAD_ID');
    await expectBad(VERIFY, { i: { householdId: household, on: ON, declaredHealth: [{ personId: seeded[0].id }] } }, 'input.declaredHealth[0].personId', 'NOT_A_MEMBER');
    await expectBad(VERIFY, { i: { householdId: household, on: ON, declaredHealth: [{ personId: m.head, disabilities: [{ category: 'PHYSICAL', grade: 5 }] }] } }, 'input.declaredHealth[0].disabilities[0].grade', 'OUT_OF_RANGE');
    await expectBad(VERIFY, { i: { householdId: household, on: ON, healthTicket: 'not-a-ticket' } }, 'input.healthTicket', 'BAD_TICKET');
    await expectBad(COMPUTE, { id: household, on: '2026-13-01' }, 'on', 'BAD_DATE');
    const item = { personId: m.head, source: 'WAGES', origin: 'DECLARED', amount: '100.00', periodFrom: '2026-05', periodTo: '2026-05', obtainedOn: '2026-06-01' };
    await expectBad(ITEM, { i: { ...item, amount: '-5.00' } }, 'input.amount', 'BAD_AMOUNT');
    // the plausible bound of one item (VERIFICATION_STANDARDS_FILE maxItemAmount, 100000000.00): the message names the bound, not the value
    await expectBad(ITEM, { i: { ...item, amount: '9999999999999.99' } }, 'input.amount', 'AMOUNT_ABOVE_LIMIT');
    const above = await h.request(ITEM, { i: { ...item, amount: '100000000.01' } }, caseworker());
    expect(above.errors?.[0]?.message).toMatch(/above the limit of 100000000\.00 yuan/);
    expect(above.errors?.[0]?.message).not.toMatch(/100000000\.01/);
    await expectBad(ITEM, { i: { ...item, periodFrom: '2026-5' } }, 'input.periodFrom', 'BAD_MONTH');
    await expectBad(ITEM, { i: { ...item, periodFrom: '2026-05', periodTo: '2026-04' } }, 'input.periodTo', 'BEFORE_START');
    await expectBad(ITEM, { i: { ...item, periodFrom: '2023-01', periodTo: '2026-01' } }, 'input.periodTo', 'PERIOD_TOO_LONG');
    await expectBad(ITEM, { i: { ...item, obtainedOn: '2099-01-01' } }, 'input.obtainedOn', 'DATE_OUT_OF_RANGE');
    await expectBad(CIRC, { i: { personId: m.son, effectiveFrom: '2026-01-01', clergyAwaySince: '2026-02-01' } }, 'input.clergyAwaySince', 'AFTER_EFFECTIVE');
    const unknown = await h.request(VERIFY, { i: { householdId: '00000000-0000-4000-8000-000000000000', on: ON } }, caseworker());
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await h.db.getRepository(VerificationRun).count()).toBe(runs);
    expect(await h.db.getRepository(VerificationItem).count()).toBe(its);
    expect(await h.db.getRepository(MemberCircumstance).count()).toBe(circs);
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: household })).perCapitaMonthlyIncome).toBe('62.50');
  });
});

describe('household economic verification on both databases', () => {
  it('gives the same answer on SQLite and PostgreSQL', () => {
    const kinds = Object.keys(answers);
    if (kinds.length < 2) return; // one database configured (TEST_DATABASES)
    expect(answers[kinds[1]]).toEqual(answers[kinds[0]]);
  });
});
