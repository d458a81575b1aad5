import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decimal, staticPersonRegistry } from '@aidgraph/subgraph-kit';
import { generateHouseholds, generatePopulation, type PersonRecord } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { medical } from '../src/subgraph';
import { MedicalClaim } from '../src/modules/medical-claim/medical-claim.entity';
import { medicalSeeder } from '../src/seed/seed';

/** A federation representation of a person whose civil-affairs category has been `category` since 2000 (NONE: no period). */
function personWith(id: string, category: string) {
  return { __typename: 'Person', id, assistanceCategoryHistory: category === 'NONE' ? [] : [{ from: '2000-01-01', to: null, category }] };
}

const SEED = 'medical-test';
const SIZE = 1500;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const byId = new Map(persons.map((p) => [p.id, p]));
const OFFICER = { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' };

/** Civil affairs' rule for the category, written out again: TEKUN, then DIBAO, then MARGINAL among active enrolments. */
function categoryOf(p: PersonRecord): string {
  const active = new Set<string>(p.enrolments.filter((e) => e.status === 'ACTIVE').map((e) => e.programme));
  return active.has('TEKUN') ? 'TEKUN' : active.has('DIBAO') ? 'DIBAO' : active.has('MARGINAL') ? 'MARGINAL' : 'NONE';
}

/** The test's own policy table, given through MEDICAL_POLICY_FILE: the figures below are hand-computed from it. */
const POLICY = {
  medicalAid: [
    {
      effectiveFrom: '2022-01-01',
      annualCap: '50000.00',
      categories: {
        TEKUN: { inpatientRatio: '1.00', outpatientRatio: '0.90', deductible: '0.00' },
        DIBAO: { inpatientRatio: '0.70', outpatientRatio: '0.70', deductible: '0.00' },
        MARGINAL: { inpatientRatio: '0.60', outpatientRatio: '0.50', deductible: '2000.00' },
      },
    },
    {
      effectiveFrom: '2024-07-01',
      annualCap: '60000.00',
      categories: {
        TEKUN: { inpatientRatio: '1.00', outpatientRatio: '0.90', deductible: '0.00' },
        DIBAO: { inpatientRatio: '0.75', outpatientRatio: '0.70', deductible: '0.00' },
        MARGINAL: { inpatientRatio: '0.65', outpatientRatio: '0.50', deductible: '1800.00' },
      },
    },
  ],
  premiumSubsidy: [
    { effectiveFrom: '2023-01-01', residentPremium: '380.00', subsidies: { TEKUN: 'FULL', DIBAO: '200.00' } },
    { effectiveFrom: '2025-01-01', residentPremium: '400.00', subsidies: { TEKUN: 'FULL', DIBAO: '240.00' } },
  ],
};
const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medical-test-'));
const previousPolicyFile = process.env.MEDICAL_POLICY_FILE;
process.env.MEDICAL_POLICY_FILE = path.join(policyDir, 'policy.json');
fs.writeFileSync(process.env.MEDICAL_POLICY_FILE, JSON.stringify(POLICY));
afterAll(() => {
  if (previousPolicyFile === undefined) delete process.env.MEDICAL_POLICY_FILE;
  else process.env.MEDICAL_POLICY_FILE = previousPolicyFile;
  fs.rmSync(policyDir, { recursive: true, force: true });
});

const SUMMARY = `medicalAssistance(year: $y) {
  year category yearToDate annualCap remainingCap deductibleApplied totalCost insurancePaid outOfPocket
  claims { claim { id dischargeDate admissionDate careType totalCost basicInsurancePaid criticalIllnessInsurancePaid eligibleSelfPay }
    category policyEffectiveFrom ratio deductibleApplied computedAid medicalAidPaid capReached outOfPocket }
  premiumSubsidy { year category residentPremium subsidy personalContribution }
}`;
const ENTITIES = `query($r: [_Any!]!, $y: Int) { _entities(representations: $r) { ... on Person { id ${SUMMARY} } } }`;
const RECORD = `mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id status totalCost criticalIllnessInsurancePaid outsidePolicyCost } }`;
const CORRECT = `mutation($i: CorrectMedicalClaimInput!) { correctMedicalClaim(input: $i) { id eligibleSelfPay hospital } }`;
const WITHDRAW = `mutation($i: WithdrawMedicalClaimInput!) { withdrawMedicalClaim(input: $i) { id status withdrawnOn withdrawalReason } }`;

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed(2);

it('seeds deterministically: the same seed gives the same claims', () => {
  const run = () => {
    const rows: unknown[] = [];
    const seeder = medicalSeeder('determinism');
    for (const hh of generateHouseholds({ seed: 'determinism', size: 600 })) seeder.household(hh, (_entity, row) => rows.push(row));
    return rows;
  };
  const first = run();
  expect(first.length).toBeGreaterThan(0);
  expect(run()).toEqual(first);
});

describe.each(testDatabaseKinds())('medical subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let claims: MedicalClaim[];
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
    claims = await h.db.getRepository(MedicalClaim).find({ order: { id: 'ASC' } });
  });
  afterAll(() => h?.close());

  const count = async () => Number((await h.db.query('SELECT COUNT(*) AS n FROM medical_claim'))[0].n);
  const ask = (reps: object[], year: number, as?: Parameters<SubgraphHarness['request']>[2]) => h.request(ENTITIES, { r: reps, y: year }, as);

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds claims only for covered people, mostly the seriously ill, over 2023-2025, with realistic figures', () => {
    expect(claims.length).toBeGreaterThan(30);
    let ill = 0;
    const years = new Set<string>();
    for (const c of claims) {
      const p = byId.get(c.personId)!;
      expect(p).toBeDefined();
      expect(categoryOf(p)).not.toBe('NONE');
      expect(c.townshipCode).toBe(p.townshipCode);
      if (p.seriousIllness) ill++;
      years.add(c.dischargeDate.slice(0, 4));
      expect(c.admissionDate <= c.dischargeDate).toBe(true);
      expect(c.dischargeDate >= '2023-01-01' && c.dischargeDate <= '2025-12-31').toBe(true);
      const total = new Decimal(c.totalCost);
      const insurance = new Decimal(c.basicInsurancePaid).plus(c.criticalIllnessInsurancePaid);
      const share = insurance.dividedBy(total).toNumber();
      expect(share).toBeGreaterThanOrEqual(0.4999);
      expect(share).toBeLessThanOrEqual(0.7001);
      expect(new Decimal(c.eligibleSelfPay).lessThanOrEqualTo(total.minus(insurance))).toBe(true);
      expect(new Decimal(c.criticalIllnessInsurancePaid).isNegative()).toBe(false);
      if (c.careType === 'INPATIENT') expect(total.toNumber()).toBeGreaterThanOrEqual(3000);
      expect(total.toNumber()).toBeLessThanOrEqual(120000);
    }
    expect(ill).toBeGreaterThan(claims.length / 2);
    expect(claims.some((c) => !byId.get(c.personId)!.seriousIllness)).toBe(true);
    expect([...years].sort()).toEqual(['2023', '2024', '2025']);
  });

  it('computes a seeded person\'s aid from the category in the representation (@requires), in chronological order', async () => {
    // the person-year with the most recorded claims
    const counted = claims.filter((c) => c.status === 'RECORDED');
    const groups = new Map<string, MedicalClaim[]>();
    for (const c of counted) {
      const k = `${c.personId}|${c.dischargeDate.slice(0, 4)}`;
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    const [key, mine] = [...groups].sort((a, b) => b[1].length - a[1].length)[0];
    const [personId, y] = key.split('|');
    const year = Number(y);
    mine.sort((a, b) => a.dischargeDate.localeCompare(b.dischargeDate) || a.admissionDate.localeCompare(b.admissionDate) || a.id.localeCompare(b.id));
    const r = await ask(['DIBAO', 'TEKUN', 'NONE'].map((c) => personWith(personId, c)), year);
    expect(r.errors).toBeUndefined();
    const [dibao, tekun, none] = r.data._entities.map((e: any) => e.medicalAssistance);

    // DIBAO, computed here independently: 70% (75% inpatient from 2024-07-01), cap 50000 (60000 from 2024-07-01)
    let paid = new Decimal(0);
    const expected = mine.map((c) => {
      const late = c.dischargeDate >= '2024-07-01';
      const ratio = c.careType === 'INPATIENT' && late ? '0.75' : '0.70';
      const cap = new Decimal(late ? '60000' : '50000');
      const full = new Decimal(c.eligibleSelfPay).times(ratio).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      const aid = Decimal.min(full, Decimal.max(0, cap.minus(paid)));
      paid = paid.plus(aid);
      return { id: c.id, aid: aid.toFixed(2) };
    });
    expect(dibao.category).toBe('DIBAO');
    expect(dibao.claims.map((l: any) => ({ id: l.claim.id, aid: l.medicalAidPaid }))).toEqual(expected);
    expect(dibao.yearToDate).toBe(paid.toFixed(2));
    for (const s of [dibao, tekun]) {
      expect(s.yearToDate).toBe(sum(s.claims.map((l: any) => l.medicalAidPaid)));
      expect(new Decimal(s.remainingCap).equals(Decimal.max(0, new Decimal(s.annualCap).minus(s.yearToDate)))).toBe(true);
      for (const l of s.claims) {
        const c = l.claim;
        expect(l.outOfPocket).toBe(new Decimal(c.totalCost).minus(c.basicInsurancePaid).minus(c.criticalIllnessInsurancePaid).minus(l.medicalAidPaid).toFixed(2));
        expect(new Decimal(l.medicalAidPaid).lessThanOrEqualTo(l.computedAid)).toBe(true);
      }
    }
    expect(new Decimal(tekun.yearToDate).greaterThanOrEqualTo(dibao.yearToDate)).toBe(true);
    expect(none).toMatchObject({ category: 'NONE', yearToDate: '0.00', annualCap: null, remainingCap: null });
    expect(none.claims.every((l: any) => l.medicalAidPaid === '0.00' && l.ratio === null)).toBe(true);
    expect(none.totalCost).toBe(sum(mine.map((c) => c.totalCost)));
  });

  it('answers null for medicalAssistance when the representation lacks the category, and still lists the claims', async () => {
    const c = claims.find((x) => x.status === 'RECORDED')!;
    const r = await h.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id medicalClaims { id } medicalAssistance(year: 2024) { yearToDate } } } }`,
      { r: [{ __typename: 'Person', id: c.personId }, personWith(persons[0].id, 'NOT_A_CATEGORY')] },
    );
    expect(r.errors).toBeUndefined();
    const expectedIds = claims.filter((x) => x.personId === c.personId && x.status === 'RECORDED').map((x) => x.id).sort();
    expect(r.data._entities[0].medicalClaims.map((x: any) => x.id).sort()).toEqual(expectedIds);
    expect(r.data._entities[0].medicalAssistance).toBeNull();
    expect(r.data._entities[1].medicalAssistance).toBeNull();
  });

  it('costs one SQL statement for the claims and aid of 100 people, whatever the number', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id medicalClaims { id } medicalAssistance(year: 2024) { yearToDate claims { medicalAidPaid } } } } }`;
    const withClaims = [...new Set(claims.map((c) => c.personId))];
    const people = [...withClaims, ...persons.map((p) => p.id).filter((id) => !withClaims.includes(id))];
    const run = async (n: number) => {
      h.statements.reset();
      const r = await h.request(q, { r: people.slice(0, n).map((id) => (personWith(id, categoryOf(byId.get(id)!)))) });
      expect(r.errors).toBeUndefined();
      expect(r.data._entities).toHaveLength(n);
      return h.statements.count;
    };
    expect(await run(100)).toBe(1);
    expect(await run(7)).toBe(1);
  });

  it('records claims and computes the hand-worked year: cap reached mid-claim, policy change, deductible, premium', async () => {
    const personId = '00000000-0000-4000-8000-0000000000a1';
    // a person of no seeded claims: registered for this test only (the harness's registry is the demo population)
    h.setRegistry(staticPersonRegistry([...h.registryPeople, { id: personId, status: 'ACTIVE', townshipCode: '370281001' }]));
    const base = { personId, townshipCode: '370281001', hospital: '胶州市人民医院', diagnosis: '肺恶性肿瘤', careType: 'INPATIENT' };
    const ids: string[] = [];
    for (const i of [
      { admissionDate: '2024-03-01', dischargeDate: '2024-03-10', totalCost: '80000', basicInsurancePaid: '40000', criticalIllnessInsurancePaid: '8000', eligibleSelfPay: '30000' },
      { admissionDate: '2024-06-20', dischargeDate: '2024-06-30', totalCost: '60000', basicInsurancePaid: '30000', criticalIllnessInsurancePaid: '5000', eligibleSelfPay: '20000' },
      { admissionDate: '2024-08-01', dischargeDate: '2024-08-15', totalCost: '100000', basicInsurancePaid: '50000', criticalIllnessInsurancePaid: '10000', eligibleSelfPay: '40000' },
      { careType: 'OUTPATIENT', admissionDate: '2024-10-01', dischargeDate: '2024-10-01', totalCost: '1000', basicInsurancePaid: '500', eligibleSelfPay: '400' },
    ]) {
      const r = await h.request(RECORD, { i: { ...base, ...i } }, OFFICER);
      expect(r.errors).toBeUndefined();
      ids.push(r.data.recordMedicalClaim.id);
    }
    const year = async (category: string) => {
      const r = await ask([personWith(personId, category)], 2024);
      expect(r.errors).toBeUndefined();
      return r.data._entities[0].medicalAssistance;
    };
    // (the test table's premium for 2024 is 380.00 where the bundled one has 400.00: the override is in force)
    // DIBAO: 30000 x .70 = 21000; 20000 x .70 = 14000; 40000 x .75 = 30000 cut to 60000 - 35000 = 25000; 400 x .70 = 280 cut to 0
    const dibao = await year('DIBAO');
    expect(dibao.claims.map((l: any) => [l.claim.id, l.policyEffectiveFrom, l.ratio, l.computedAid, l.medicalAidPaid, l.capReached])).toEqual([
      [ids[0], '2022-01-01', '0.70', '21000.00', '21000.00', false],
      [ids[1], '2022-01-01', '0.70', '14000.00', '14000.00', false],
      [ids[2], '2024-07-01', '0.75', '30000.00', '25000.00', true],
      [ids[3], '2024-07-01', '0.70', '280.00', '0.00', true],
    ]);
    expect(dibao.claims[2].outOfPocket).toBe('15000.00'); // 100000 - 50000 - 10000 - 25000
    expect(dibao.claims[3].outOfPocket).toBe('500.00');
    expect(dibao).toMatchObject({ yearToDate: '60000.00', annualCap: '60000.00', remainingCap: '0.00', totalCost: '241000.00', insurancePaid: '143500.00', outOfPocket: '37500.00' });
    expect(dibao.premiumSubsidy).toEqual({ year: 2024, category: 'DIBAO', residentPremium: '380.00', subsidy: '200.00', personalContribution: '180.00' });
    // MARGINAL: deductible 2000 from the first claim: 28000 x .60 = 16800; 20000 x .60 = 12000; 40000 x .65 = 26000; 400 x .50 = 200
    const marginal = await year('MARGINAL');
    expect(marginal.claims.map((l: any) => [l.deductibleApplied, l.medicalAidPaid])).toEqual([
      ['2000.00', '16800.00'], ['0.00', '12000.00'], ['0.00', '26000.00'], ['0.00', '200.00'],
    ]);
    expect(marginal).toMatchObject({ deductibleApplied: '2000.00', yearToDate: '55000.00', remainingCap: '5000.00' });
    expect(marginal.premiumSubsidy).toMatchObject({ subsidy: '0.00', personalContribution: '380.00' });
    // TEKUN: 30000; 30000 cut to 50000 - 30000 = 20000 (cap of the entry in force on 2024-06-30); 40000 cut to 60000 - 50000; 360 cut to 0
    const tekun = await year('TEKUN');
    expect(tekun.claims.map((l: any) => l.medicalAidPaid)).toEqual(['30000.00', '20000.00', '10000.00', '0.00']);
    expect(tekun.premiumSubsidy).toMatchObject({ subsidy: '380.00', personalContribution: '0.00' });
    const none = await year('NONE');
    expect(none).toMatchObject({ yearToDate: '0.00', annualCap: null, remainingCap: null, outOfPocket: '97500.00' });

    // the category on each claim's discharge date: dibao ended on 30 June 2024 -> the first two claims keep their
    // aid, the later two get none; the premium subsidy follows the category on 1 January (DIBAO)
    const history = async (...periods: { from: string; to: string | null; category: string }[]) => {
      const r = await ask([{ __typename: 'Person', id: personId, assistanceCategoryHistory: periods }], 2024);
      expect(r.errors).toBeUndefined();
      return r.data._entities[0].medicalAssistance;
    };
    const ended = await history({ from: '2020-01-01', to: '2024-06-30', category: 'DIBAO' });
    expect(ended.claims.map((l: any) => [l.category, l.medicalAidPaid])).toEqual([['DIBAO', '21000.00'], ['DIBAO', '14000.00'], ['NONE', '0.00'], ['NONE', '0.00']]);
    expect(ended).toMatchObject({ category: 'NONE', yearToDate: '35000.00', annualCap: '60000.00', remainingCap: '25000.00' });
    expect(ended.premiumSubsidy).toMatchObject({ category: 'DIBAO', subsidy: '200.00' });
    // tekun from 1 July 2024: 40000 x 1.00 and 400 x .90; no premium subsidy (NONE on 1 January)
    const later = await history({ from: '2024-07-01', to: null, category: 'TEKUN' });
    expect(later.claims.map((l: any) => [l.category, l.medicalAidPaid])).toEqual([['NONE', '0.00'], ['NONE', '0.00'], ['TEKUN', '40000.00'], ['TEKUN', '360.00']]);
    expect(later).toMatchObject({ category: 'TEKUN', yearToDate: '40360.00' });
    expect(later.premiumSubsidy).toMatchObject({ category: 'NONE', subsidy: '0.00', personalContribution: '380.00' });

    // withdrawing the second claim frees the cap: 21000 + 30000 + 280
    const w = await h.request(WITHDRAW, { i: { id: ids[1], reason: '重复录入' } }, OFFICER);
    expect(w.errors).toBeUndefined();
    expect(w.data.withdrawMedicalClaim).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '重复录入' });
    expect(w.data.withdrawMedicalClaim.withdrawnOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await year('DIBAO'))).toMatchObject({ yearToDate: '51280.00', remainingCap: '8720.00' });
    // correcting the first claim's eligible remainder: 7000 + 30000 + 280
    const c = await h.request(CORRECT, { i: { id: ids[0], eligibleSelfPay: '10000' } }, OFFICER);
    expect(c.errors).toBeUndefined();
    expect(c.data.correctMedicalClaim.eligibleSelfPay).toBe('10000.00');
    const after = await year('DIBAO');
    expect(after.claims.map((l: any) => l.medicalAidPaid)).toEqual(['7000.00', '30000.00', '280.00']);
    expect(after).toMatchObject({ yearToDate: '37280.00', remainingCap: '22720.00' });

    // the person's claims on Person, with and without the withdrawn one
    const list = await h.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { a: medicalClaims(year: 2024) { id } b: medicalClaims(includeWithdrawn: true) { id status } c: medicalClaims(year: 2023) { id } } } }`,
      { r: [{ __typename: 'Person', id: personId }] },
    );
    expect(list.data._entities[0].a.map((x: any) => x.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect(list.data._entities[0].b.map((x: any) => x.id)).toEqual(ids);
    expect(list.data._entities[0].c).toEqual([]);
  });

  it('validates records with clear errors and changes nothing on a refused write', async () => {
    const p = persons.find((x) => categoryOf(x) === 'DIBAO')!;
    const good = {
      personId: p.id, townshipCode: p.townshipCode, hospital: '胶州市中心医院', diagnosis: '社区获得性肺炎', careType: 'INPATIENT',
      admissionDate: '2025-03-01', dischargeDate: '2025-03-09', totalCost: '12000.50', basicInsurancePaid: '7000', eligibleSelfPay: '3000',
    };
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ dischargeDate: '2025-02-28' }, 'input.dischargeDate', 'DISCHARGE_BEFORE_ADMISSION'],
      [{ dischargeDate: '2025-02-30' }, 'input.dischargeDate', 'BAD_DATE'],
      [{ admissionDate: '2999-01-01', dischargeDate: '2999-01-02' }, 'input.dischargeDate', 'FUTURE_DATE'],
      [{ basicInsurancePaid: '13000' }, 'input.basicInsurancePaid', 'INSURANCE_ABOVE_TOTAL'],
      [{ criticalIllnessInsurancePaid: '5000.51' }, 'input.criticalIllnessInsurancePaid', 'INSURANCE_ABOVE_TOTAL'],
      [{ eligibleSelfPay: '5000.51' }, 'input.eligibleSelfPay', 'ELIGIBLE_ABOVE_REMAINDER'],
      [{ basicInsurancePaid: '-1' }, 'input.basicInsurancePaid', 'NEGATIVE_AMOUNT'],
      [{ totalCost: '0' }, 'input.totalCost', 'BAD_AMOUNT'],
      [{ townshipCode: '370281999' }, 'input.townshipCode', 'UNKNOWN_TOWNSHIP'],
      [{ personId: 'not-a-uuid' }, 'input.personId', 'BAD_ID'], // the kit's id check: the path from the argument
      [{ hospital: '  ' }, 'input.hospital', 'BAD_LENGTH'],
    ];
    for (const [patch, field, reason] of cases) {
      const r = await h.request(RECORD, { i: { ...good, ...patch } }, OFFICER);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      expect(r.errors?.[0].message).not.toMatch(/SELECT|INSERT|at \w+ \(/);
    }
    for (const who of [{ role: 'analyst' as const }, { role: 'department_officer' as const, department: 'EDUCATION' }, { role: 'caseworker' as const, township: p.townshipCode }]) {
      const r = await h.request(RECORD, { i: good }, who);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await count()).toBe(before);

    const ok = await h.request(RECORD, { i: good }, OFFICER);
    expect(ok.errors).toBeUndefined();
    // 12000.50 - 7000 - 0 - 3000 = 2000.50 outside the policy scope
    expect(ok.data.recordMedicalClaim).toMatchObject({ status: 'RECORDED', totalCost: '12000.50', criticalIllnessInsurancePaid: '0.00', outsidePolicyCost: '2000.50' });
    const dup = await h.request(RECORD, { i: { ...good, hospital: ' 胶州市中心医院 ' } }, OFFICER);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_CLAIM' });
    const id = ok.data.recordMedicalClaim.id;

    const badFix = await h.request(CORRECT, { i: { id, eligibleSelfPay: '6000' } }, OFFICER);
    expect(badFix.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.eligibleSelfPay' });
    const badDates = await h.request(CORRECT, { i: { id, admissionDate: '2025-03-10' } }, OFFICER);
    expect(badDates.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dischargeDate' });
    const unchanged = await h.db.getRepository(MedicalClaim).findOneByOrFail({ id });
    expect([unchanged.eligibleSelfPay, unchanged.admissionDate]).toEqual(['3000.00', '2025-03-01']);
    const missing = await h.request(CORRECT, { i: { id: '00000000-0000-4000-8000-000000000000', hospital: 'x' } }, OFFICER);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const fixed = await h.request(CORRECT, { i: { id, hospital: '胶州市人民医院' } }, OFFICER);
    expect(fixed.data.correctMedicalClaim).toMatchObject({ hospital: '胶州市人民医院', eligibleSelfPay: '3000.00' });

    expect((await h.request(WITHDRAW, { i: { id, reason: '' } }, OFFICER)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect((await h.request(WITHDRAW, { i: { id, reason: '信息录入错误' } }, OFFICER)).errors).toBeUndefined();
    expect((await h.request(WITHDRAW, { i: { id, reason: '信息录入错误' } }, OFFICER)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_WITHDRAWN' });
    expect((await h.request(CORRECT, { i: { id, hospital: 'x' } }, OFFICER)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CLAIM_WITHDRAWN' });
    expect((await h.request(WITHDRAW, { i: { id: 'nope', reason: 'x' } }, OFFICER)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id', reason: 'BAD_ID' });
    expect(await count()).toBe(before + 1);
  });

  it('lists claims with filters, a total and stable pages', async () => {
    const all = await h.db.getRepository(MedicalClaim).find();
    const q = `query($f: MedicalClaimFilter, $first: Int, $after: String) { medicalClaims(first: $first, after: $after, filter: $f) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id careType dischargeDate hospital status township { code } person { id } } } } }`;
    const t = all[0].townshipCode;
    const inPeoplesHospitals = all.filter((c) => c.hospital.includes('人民医院'));
    const filters: [Record<string, unknown>, (c: MedicalClaim) => boolean][] = [
      [{ year: 2024, careType: 'INPATIENT' }, (c) => c.dischargeDate.startsWith('2024-') && c.careType === 'INPATIENT'],
      [{ townshipCode: t }, (c) => c.townshipCode === t],
      [{ hospital: '人民医院' }, (c) => c.hospital.includes('人民医院')],
      [{ hospital: '%' }, (c) => c.hospital.includes('%')],
      [{ personId: all[0].personId.toUpperCase() }, (c) => c.personId === all[0].personId],
      [{ status: 'WITHDRAWN' }, (c) => c.status === 'WITHDRAWN'],
    ];
    expect(inPeoplesHospitals.length).toBeGreaterThan(0);
    for (const [f, keep] of filters) {
      const expected = all.filter(keep).map((c) => c.id).sort();
      const r = await h.request(q, { f, first: 500 });
      expect(r.errors).toBeUndefined();
      expect(r.data.medicalClaims.totalCount).toBe(expected.length);
      expect(r.data.medicalClaims.edges.map((e: any) => e.node.id)).toEqual(expected);
    }
    const p1 = await h.request(q, { first: 10 });
    const p2 = await h.request(q, { first: 10, after: p1.data.medicalClaims.pageInfo.endCursor });
    const ids = [...p1.data.medicalClaims.edges, ...p2.data.medicalClaims.edges].map((e: any) => e.node.id);
    expect(ids).toEqual(all.map((c) => c.id).sort().slice(0, 20));
    expect(p1.data.medicalClaims.edges[0].node.person.id).toBe(all.find((c) => c.id === ids[0])!.personId);
    for (const [f, field] of [[{ townshipCode: '123' }, 'filter.townshipCode'], [{ year: 1899 }, 'filter.year'], [{ personId: 'x' }, 'filter.personId']] as const) {
      const r = await h.request(q, { f });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('shows a caseworker only the claims of their township, on the list and on Person', async () => {
    const all = await h.db.getRepository(MedicalClaim).find();
    const t = all[0].townshipCode;
    const cw = { role: 'caseworker' as const, township: t };
    const r = await h.request(`{ medicalClaims(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, cw);
    expect(r.data.medicalClaims.totalCount).toBe(all.filter((c) => c.townshipCode === t).length);
    for (const e of r.data.medicalClaims.edges) expect(e.node.township.code).toBe(t);
    const other = all.find((c) => c.townshipCode !== t && c.status === 'RECORDED')!;
    const year = Number(other.dischargeDate.slice(0, 4));
    const q = `query($r: [_Any!]!, $y: Int) { _entities(representations: $r) { ... on Person { medicalClaims { id } medicalAssistance(year: $y) { yearToDate claims { medicalAidPaid } } } } }`;
    const rep = [personWith(other.personId, 'DIBAO')];
    const seen = await h.request(q, { r: rep, y: year }, cw);
    const full = await h.request(q, { r: rep, y: year });
    expect(seen.data._entities[0].medicalClaims).toEqual([]);
    expect(seen.data._entities[0].medicalAssistance.claims).toEqual([]);
    // every figure counts only the claims the caseworker may see (a total of hidden claims would reveal them)
    expect(seen.data._entities[0].medicalAssistance.yearToDate).toBe('0.00');
    expect(full.data._entities[0].medicalAssistance.claims.length).toBeGreaterThan(0);
    expect(full.data._entities[0].medicalAssistance.yearToDate).not.toBe('0.00');
  });

  it('shows the claims and diagnosis to medical security and caseworkers, only a count to analysts, never to another department', async () => {
    const c = claims[0];
    const q = `query($f: MedicalClaimFilter) { medicalClaims(first: 1, filter: $f) { edges { node { id hospital diagnosis } } } }`;
    const f = { personId: c.personId };
    const mine = claims.filter((x) => x.personId === c.personId).sort((a, b) => a.id.localeCompare(b.id))[0];
    for (const who of [OFFICER, { role: 'caseworker' as const, township: c.townshipCode }]) {
      const r = await h.request(q, { f }, who);
      expect(r.errors).toBeUndefined();
      expect(r.data.medicalClaims.edges[0].node.diagnosis).toBe(mine.diagnosis);
    }
    // analysts get no rows (every claimant is a recipient whom gender, age band and township single out): a bare count
    // only, and never by person (one person's claims: assertFiltersAllowed)
    const byTownship = `query($f: MedicalClaimFilter) { medicalClaims(first: 500, filter: $f) { edges { node { id hospital diagnosis } } } }`;
    const a = await h.request(byTownship, { f: { townshipCode: c.townshipCode } }, { role: 'analyst' });
    expect(a.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(a.data?.medicalClaims ?? null).toBeNull();
    expect(JSON.stringify(a)).not.toContain(mine.diagnosis);
    const count = await h.request(`query($f: MedicalClaimFilter) { medicalClaims(filter: $f) { totalCount } }`, { f: { townshipCode: c.townshipCode } }, { role: 'analyst' });
    expect(count.errors).toBeUndefined();
    const inTownship = (await h.db.query(`SELECT "townshipCode" FROM medical_claim`)).filter((x: any) => x.townshipCode === c.townshipCode).length;
    expect(inTownship).toBeGreaterThan(0);
    // count-only: null whatever the count (counts come from the statistics queries)
    expect(count.data.medicalClaims.totalCount).toBeNull();
    expect((await h.request(q, { f }, { role: 'analyst' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // the whole list, not only the diagnosis: a hospital (a psychiatric one) reveals an illness too
    const r = await h.request(q, { f }, { role: 'department_officer', department: 'EDUCATION' });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(r.data?.medicalClaims ?? null).toBeNull();
    expect(JSON.stringify(r)).not.toContain(mine.hospital);
  });

  it('audits writes (the diagnosis never in clear) and reads of the diagnosis; only auditors read the log', async () => {
    const p = persons.find((x) => categoryOf(x) === 'TEKUN') ?? persons.find((x) => categoryOf(x) !== 'NONE')!;
    const input = {
      personId: p.id, townshipCode: p.townshipCode, hospital: '胶州市中医医院', diagnosis: '腰椎间盘突出症', careType: 'INPATIENT',
      admissionDate: '2025-05-01', dischargeDate: '2025-05-12', totalCost: '9000', basicInsurancePaid: '5400', eligibleSelfPay: '2500',
    };
    const rec = await h.request(`mutation Rec($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`, { i: input }, { ...OFFICER, subject: 'med-1' });
    expect(rec.errors).toBeUndefined();
    const id = rec.data.recordMedicalClaim.id;
    // a caseworker of the township reads the person's claims through the Person entity
    await h.request(`query Look($r: [_Any!]!) { _entities(representations: $r) { ... on Person { medicalClaims { id diagnosis } } } }`, { r: [personWith(p.id, 'TEKUN')] }, { role: 'caseworker', township: p.townshipCode, subject: 'ana-1' });
    const log = await h.request(`{ medicalAuditLog(first: 500) { edges { node { subject kind operation personIds detail } } } }`);
    expect(log.errors).toBeUndefined();
    const entries = log.data.medicalAuditLog.edges.map((e: any) => e.node);
    const write = entries.find((e: any) => e.subject === 'med-1');
    expect(write).toMatchObject({ kind: 'write', operation: 'Rec', personIds: [p.id] });
    const detail = JSON.parse(write.detail);
    expect(detail).toMatchObject({ entity: 'MedicalClaim', key: id, action: 'create' });
    expect(detail.changes.diagnosis).toEqual([null, '(sensitive)']);
    expect(write.detail).not.toContain('腰椎间盘突出症');
    const read = entries.find((e: any) => e.subject === 'ana-1');
    expect(read).toMatchObject({ kind: 'read', personIds: [p.id] });
    expect(JSON.parse(read.detail)).toEqual({ fields: ['MedicalClaim.diagnosis', 'Person.medicalClaims'] });
    const refused = await h.request(`{ medicalAuditLog(first: 1) { totalCount } }`, undefined, OFFICER);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
