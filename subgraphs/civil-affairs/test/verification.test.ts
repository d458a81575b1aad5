import { civilAffairs } from '../src/subgraph';
import { Household } from '../src/modules/household/household.entity';
import { MemberCircumstance, VerificationItem, VerificationRun } from '../src/modules/verification/verification.entity';
import { generatePopulation, generateVillages, makeIdNumber } from '@aidgraph/subgraph-kit';
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
const COMPUTE = `query($id: ID!, $on: String!, $health: [MemberHealthInput!]) { household(id: $id) { id verification(on: $on, health: $health) { ${RUN_FIELDS} } } }`;
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
    // counted: head, spouse, child, grandmother = 4; income 1500 + 300 + 600 = 2400; 2400 / 4 = 600.00; (1150 - 600) x 4 = 2200.00
    expect(run).toMatchObject({
      on: ON, outcome: 'DIBAO', countedMembers: 4, perCapitaIncome: '600.00', assetsWithinLimits: true, dibaoAmount: '2200.00', singlePersonCoverage: [], tekun: [],
      verifiedBy: 'test-caseworker', recheckMatches: true,
      standards: { area: expect.stringMatching(/^(URBAN|RURAL)$/), standard: '1150.00', standardFrom: '2025-07-01', marginalFactor: '1.5', depositMonthsPerPerson: '24', maxVehicles: 0, maxRealEstate: 1, maxBusinessRegistrations: 0 },
      household: { id: household, perCapitaMonthlyIncome: '600.00', assetsWithinRules: true },
    });
    expect(run.rulesVersion).toMatch(/^household-verification\/1 .*dibao standard from 2025-07-01; limits from 2020-07-01 placeholder-limits$/);
    const step = (rule: string) => run.steps.find((s: any) => s.rule === rule);
    const fig = (rule: string, name: string) => step(rule).figures.find((f: any) => f.name === name)?.value;
    expect(fig('COUNTED_MEMBERS', `member ${m.son}`)).toBe('EXCLUDED.PRISON');
    expect(fig('COUNTED_MEMBERS', `member ${m.grandmother}`)).toBe('MEMBER.CO_RESIDENT_SUPPORT_DUTY');
    expect(fig('COUNTED_MEMBERS', `member ${m.child}`)).toBe('MEMBER.MINOR_CHILD');
    expect(step('COUNTED_MEMBERS').recordIds).toEqual([items.prison]);
    expect(step('PER_CAPITA_INCOME').recordIds.sort()).toEqual([items.headWages, items.spouseWages, items.pension].sort());
    expect(fig('PER_CAPITA_INCOME', 'total monthly income')).toBe('2400.00');
    expect(step('ASSETS_WITHIN_LIMITS').recordIds).toEqual([items.home]);
    expect(step('DIBAO')).toMatchObject({ met: true, summary: expect.stringContaining('(1150.00 - per-capita income) x 4 = 2200.00 a month') });
    expect(step('MARGINAL')).toMatchObject({ met: false, summary: 'eligible for dibao: not a marginal household' });
    const stored = await h.db.getRepository(VerificationRun).findOneByOrFail({ id: run.id });
    expect(stored).toMatchObject({ householdId: household, on: ON, outcome: 'DIBAO', perCapitaIncome: '600.00', dibaoAmount: '2200.00', townshipCode: T, villageCode: V });
    expect(JSON.parse(stored.inputsJson).members).toHaveLength(5);
    const [write] = await auditedWritesOf(h, 'VerificationRun', run.id);
    expect(write).toMatchObject({ action: 'create' });
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
    expect(r.data.household.verification).toMatchObject({ id: null, outcome: 'DIBAO', countedMembers: 4, perCapitaIncome: '600.00', dibaoAmount: '2200.00', verifiedBy: null, recheckMatches: true });
    expect(await h.db.getRepository(VerificationRun).count()).toBe(before);
    // the wages obtained on 2026-07-01 count from that date: 2400 + 9999 (June) = 12399 / 4 = 3099.75: not eligible
    const later = await h.request(COMPUTE, { id: household, on: '2026-07-01' }, caseworker());
    expect(later.data.household.verification).toMatchObject({ outcome: 'NOT_ELIGIBLE', perCapitaIncome: '3099.75', dibaoAmount: null });
    const list = await h.request(LIST, { id: household }, officer('CIVIL_AFFAIRS'));
    expect(list.errors).toBeUndefined();
    expect(list.data.household.verifications.edges.map((e: any) => [e.node.on, e.node.outcome, e.node.dibaoAmount])).toContainEqual([ON, 'DIBAO', '2200.00']);
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

  it('single-person coverage and tekun from the health input', async () => {
    // grandmother (76) with no able supporter recorded as false and a pension under the standard: tekun
    const c = await h.request(CIRC, { i: { personId: m.grandmother, effectiveFrom: '2026-02-01', hasAbleLegalSupporter: false } }, caseworker());
    expect(c.errors).toBeUndefined();
    const r = await h.request(COMPUTE, { id: household, on: ON, health: [{ personId: m.spouse, disabilities: [{ category: 'MENTAL', grade: 3 }] }] }, caseworker());
    expect(r.errors).toBeUndefined();
    expect(r.data.household.verification).toMatchObject({ outcome: 'DIBAO', tekun: [m.grandmother], singlePersonCoverage: [] });
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
      expect(r.data.household.verification.dibaoAmount).toBe('2200.00');
    }
    for (const as of [officer('EDUCATION'), assistant]) {
      const r = await h.request(COMPUTE, { id: household, on: ON }, as);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.household?.verification ?? null).toBeNull();
    }
    const out = await h.request(COMPUTE, { id: household, on: ON }, caseworker(OTHER_T));
    expect(out.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
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
    await expectBad(VERIFY, { i: { householdId: household, on: ON, health: [{ personId: seeded[0].id }] } }, 'input.health[0].personId', 'NOT_A_MEMBER');
    await expectBad(VERIFY, { i: { householdId: household, on: ON, health: [{ personId: m.head, disabilities: [{ category: 'PHYSICAL', grade: 5 }] }] } }, 'input.health[0].disabilities[0].grade', 'OUT_OF_RANGE');
    await expectBad(COMPUTE, { id: household, on: '2026-13-01' }, 'on', 'BAD_DATE');
    const item = { personId: m.head, source: 'WAGES', origin: 'DECLARED', amount: '100.00', periodFrom: '2026-05', periodTo: '2026-05', obtainedOn: '2026-06-01' };
    await expectBad(ITEM, { i: { ...item, amount: '-5.00' } }, 'input.amount', 'BAD_AMOUNT');
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
    expect((await h.db.getRepository(Household).findOneByOrFail({ id: household })).perCapitaMonthlyIncome).toBe('600.00');
  });
});

describe('household economic verification on both databases', () => {
  it('gives the same answer on SQLite and PostgreSQL', () => {
    const kinds = Object.keys(answers);
    if (kinds.length < 2) return; // one database configured (TEST_DATABASES)
    expect(answers[kinds[1]]).toEqual(answers[kinds[0]]);
  });
});
