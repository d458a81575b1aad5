import { generatePopulation, type PersonRecord } from '@aidgraph/population';
import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { officer } from '../support/showcase';

const SEED = 'e2e-temporal';
const SIZE = 800;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);

/** Today and yesterday in China (the calendar the departments work by), ISO. */
const dayInChina = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const TODAY = dayInChina();
const YESTERDAY = dayInChina(-1);
const THIS_YEAR = Number(TODAY.slice(0, 4));
/** the past year whose claims the tests follow (the demo population's claims run to 2025-12-31) */
const PAST_YEAR = 2025;

const MEDICAL = officer('MEDICAL_SECURITY');
const CIVIL = officer('CIVIL_AFFAIRS');

const AID = `query($id: ID!, $y: Int) { person(id: $id) {
  assistanceCategory assistanceCategoryHistory { from to category }
  medicalAssistance(year: $y) {
    year category yearToDate annualCap remainingCap deductibleApplied totalCost insurancePaid outOfPocket
    claims { claim { id dischargeDate } category ratio deductibleApplied computedAid medicalAidPaid capReached outOfPocket }
    premiumSubsidy { year category residentPremium subsidy personalContribution }
  }
} }`;

/**
 * Issue 13 item 1, "the past changes when the present does": medical aid is computed with the category on each
 * claim's discharge date (and the premium subsidy with the category on 1 January), from civil affairs' category
 * history, through the gateway. Changing a person's category today — ending a dibao enrolment, enrolling someone —
 * leaves every past figure as it was, to the fen, while the current year's claims after the change follow it.
 */
describe.each(testDatabaseKinds())('medical aid over time on %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
  });
  afterAll(() => stack?.close());

  async function aid(id: string, year: number, as: Parameters<Stack['query']>[2] = MEDICAL) {
    const r = await stack.query(AID, { id, y: year }, as);
    expect(r.errors).toBeUndefined();
    return r.data.person;
  }
  async function mutate(query: string, i: Record<string, unknown>, as: Parameters<Stack['query']>[2]) {
    const r = await stack.query(query, { i }, as);
    expect(r.errors).toBeUndefined();
    return r.data;
  }
  const recordEnrolment = async (personId: string, programme: string, startDate: string, amount: string): Promise<string> =>
    (await mutate(`mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`, { personId, programme, startDate, amount }, CIVIL)).recordEnrolment.id;
  const endEnrolment = (enrolmentId: string, endDate: string) =>
    mutate(`mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate } }`, { enrolmentId, endDate }, CIVIL);
  const recordClaim = async (p: PersonRecord, careType: string, admissionDate: string, dischargeDate: string, figures: [string, string, string]): Promise<string> => {
    const [totalCost, basicInsurancePaid, eligibleSelfPay] = figures;
    const i = {
      personId: p.id, townshipCode: p.townshipCode, hospital: '胶州市人民医院', diagnosis: '社区获得性肺炎', careType, admissionDate, dischargeDate,
      totalCost, basicInsurancePaid, criticalIllnessInsurancePaid: '0', eligibleSelfPay,
    };
    return (await mutate(`mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`, i, MEDICAL)).recordMedicalClaim.id;
  };
  /** active people with no enrolment at all (category NONE on every date) */
  const unassisted = persons.filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0 && p.age >= 18);

  it('keeps a seeded dibao recipient\'s past-year aid when the enrolment ends today', async () => {
    // a seeded recipient with an active DIBAO enrolment and aided claims in the past year
    const candidates = persons.filter((p) => p.status === 'ACTIVE' && p.enrolments.some((e) => e.programme === 'DIBAO' && e.status === 'ACTIVE'));
    let chosen: { p: PersonRecord; before: any } | undefined;
    for (const p of candidates) {
      const before = await aid(p.id, PAST_YEAR);
      if (before.assistanceCategory === 'DIBAO' && before.medicalAssistance.claims.length >= 2 && Number(before.medicalAssistance.yearToDate) > 0) {
        chosen = { p, before };
        break;
      }
    }
    expect(chosen).toBeDefined();
    const { p, before } = chosen!;
    expect(before.medicalAssistance.claims.every((l: any) => l.category === 'DIBAO' || l.category === 'MARGINAL')).toBe(true);
    const dibao = (await stack.query(`query($id: ID!) { person(id: $id) { enrolments { id programme status } } }`, { id: p.id }, CIVIL)).data.person.enrolments
      .find((e: any) => e.programme === 'DIBAO' && e.status === 'ACTIVE');
    await endEnrolment(dibao.id, YESTERDAY);

    const after = await aid(p.id, PAST_YEAR);
    // today the person is no longer a dibao recipient...
    expect(after.assistanceCategory).not.toBe('DIBAO');
    expect(after.assistanceCategoryHistory.find((x: any) => x.category === 'DIBAO' && x.to === YESTERDAY)).toBeDefined();
    // ...and the past year is exactly what it was, claim by claim, to the fen (with the auditor's view too)
    expect(after.medicalAssistance).toEqual(before.medicalAssistance);
    expect((await aid(p.id, PAST_YEAR, { role: 'auditor' })).medicalAssistance.yearToDate).toBe(before.medicalAssistance.yearToDate);
  });

  it('computes hand-worked figures, keeps the past year when dibao ends, and stops aid for the claims after the end', async () => {
    const p = unassisted[0];
    const enrolment = await recordEnrolment(p.id, 'DIBAO', '2024-01-01', '500.00');
    // two claims of the past year under the bundled policy table (entry of 2024-07-01: DIBAO inpatient 0.75,
    // outpatient 0.70, no deductible, cap 60000) and one discharged today
    const c1 = await recordClaim(p, 'INPATIENT', '2025-03-01', '2025-03-10', ['30000.00', '15000.00', '10000.00']);
    const c2 = await recordClaim(p, 'OUTPATIENT', '2025-09-05', '2025-09-05', ['2000.00', '1000.00', '800.00']);
    const c3 = await recordClaim(p, 'INPATIENT', TODAY, TODAY, ['5000.00', '2500.00', '2000.00']);

    const past = {
      year: PAST_YEAR, category: 'DIBAO', yearToDate: '8060.00', annualCap: '60000.00', remainingCap: '51940.00', deductibleApplied: '0.00',
      totalCost: '32000.00', insurancePaid: '16000.00', outOfPocket: '7940.00',
      claims: [
        { claim: { id: c1, dischargeDate: '2025-03-10' }, category: 'DIBAO', ratio: '0.75', deductibleApplied: '0.00', computedAid: '7500.00', medicalAidPaid: '7500.00', capReached: false, outOfPocket: '7500.00' },
        { claim: { id: c2, dischargeDate: '2025-09-05' }, category: 'DIBAO', ratio: '0.70', deductibleApplied: '0.00', computedAid: '560.00', medicalAidPaid: '560.00', capReached: false, outOfPocket: '440.00' },
      ],
      premiumSubsidy: { year: PAST_YEAR, category: 'DIBAO', residentPremium: '400.00', subsidy: '240.00', personalContribution: '160.00' },
    };
    const before = await aid(p.id, PAST_YEAR);
    expect(before.assistanceCategory).toBe('DIBAO');
    expect(before.assistanceCategoryHistory).toEqual([{ from: '2024-01-01', to: null, category: 'DIBAO' }]);
    expect(before.medicalAssistance).toEqual(past);
    const nowBefore = (await aid(p.id, THIS_YEAR)).medicalAssistance;
    expect(nowBefore.claims.map((l: any) => [l.claim.id, l.category, l.medicalAidPaid])).toEqual([[c3, 'DIBAO', '1500.00']]);

    // dibao ends yesterday (停保): today the person has no category
    await endEnrolment(enrolment, YESTERDAY);
    const after = await aid(p.id, PAST_YEAR);
    expect(after.assistanceCategory).toBe('NONE');
    expect(after.assistanceCategoryHistory).toEqual([{ from: '2024-01-01', to: YESTERDAY, category: 'DIBAO' }]);
    // the past year does not move
    expect(after.medicalAssistance).toEqual(past);
    // the claim discharged today, after the end, gets no aid; the year's premium subsidy follows 1 January
    const nowAfter = (await aid(p.id, THIS_YEAR)).medicalAssistance;
    expect(nowAfter.claims.map((l: any) => [l.claim.id, l.category, l.ratio, l.medicalAidPaid, l.outOfPocket])).toEqual([[c3, 'NONE', null, '0.00', '2500.00']]);
    expect(nowAfter).toMatchObject({ category: 'NONE', yearToDate: '0.00' });
    const coveredOnJan1 = YESTERDAY >= `${THIS_YEAR}-01-01`;
    expect(nowAfter.premiumSubsidy).toMatchObject({ category: coveredOnJan1 ? 'DIBAO' : 'NONE', subsidy: coveredOnJan1 ? '240.00' : '0.00' });
    expect(nowAfter.premiumSubsidy).toEqual(nowBefore.premiumSubsidy);
  });

  it('gives no aid to old claims of someone enrolled today, and aids the claims from today on', async () => {
    const p = unassisted[1];
    const old = await recordClaim(p, 'INPATIENT', '2025-06-01', '2025-06-08', ['20000.00', '12000.00', '6000.00']);
    const now = await recordClaim(p, 'INPATIENT', TODAY, TODAY, ['8000.00', '4000.00', '3000.00']);
    const past = {
      year: PAST_YEAR, category: 'NONE', yearToDate: '0.00', annualCap: null, remainingCap: null, deductibleApplied: '0.00',
      totalCost: '20000.00', insurancePaid: '12000.00', outOfPocket: '8000.00',
      claims: [
        { claim: { id: old, dischargeDate: '2025-06-08' }, category: 'NONE', ratio: null, deductibleApplied: '0.00', computedAid: '0.00', medicalAidPaid: '0.00', capReached: false, outOfPocket: '8000.00' },
      ],
      premiumSubsidy: { year: PAST_YEAR, category: 'NONE', residentPremium: '400.00', subsidy: '0.00', personalContribution: '400.00' },
    };
    const before = await aid(p.id, PAST_YEAR);
    expect(before.assistanceCategory).toBe('NONE');
    expect(before.assistanceCategoryHistory).toEqual([]);
    expect(before.medicalAssistance).toEqual(past);
    const nowBefore = (await aid(p.id, THIS_YEAR)).medicalAssistance;
    expect(nowBefore.claims.map((l: any) => [l.claim.id, l.category, l.medicalAidPaid])).toEqual([[now, 'NONE', '0.00']]);

    // enrolled in dibao from today (the registry's recordEnrolment, as a civil-affairs officer)
    await recordEnrolment(p.id, 'DIBAO', TODAY, '400.00');
    const after = await aid(p.id, PAST_YEAR);
    expect(after.assistanceCategory).toBe('DIBAO');
    expect(after.assistanceCategoryHistory).toEqual([{ from: TODAY, to: null, category: 'DIBAO' }]);
    expect(after.medicalAssistance).toEqual(past);
    // today's claim is aided at the DIBAO inpatient ratio: 3000 x 0.75; the premium subsidy of the year follows 1 January
    const nowAfter = (await aid(p.id, THIS_YEAR)).medicalAssistance;
    expect(nowAfter.claims.map((l: any) => [l.claim.id, l.category, l.ratio, l.medicalAidPaid, l.outOfPocket])).toEqual([[now, 'DIBAO', '0.75', '2250.00', '1750.00']]);
    expect(nowAfter).toMatchObject({ category: 'DIBAO', yearToDate: '2250.00', annualCap: '60000.00', remainingCap: '57750.00' });
    const enrolledOnJan1 = TODAY === `${THIS_YEAR}-01-01`;
    expect(nowAfter.premiumSubsidy).toMatchObject({ category: enrolledOnJan1 ? 'DIBAO' : 'NONE', subsidy: enrolledOnJan1 ? '240.00' : '0.00' });
  });

  it('gives analysts neither the history nor aid computed from it, and other departments the collapsed history', async () => {
    const p = unassisted[0];
    const a = await stack.query(`query($id: ID!) { person(id: $id) { assistanceCategory assistanceCategoryHistory { category } medicalAssistance(year: ${PAST_YEAR}) { yearToDate } } }`, { id: p.id }, { role: 'analyst' });
    expect(a.errors).toBeUndefined();
    expect(a.data.person).toEqual({ assistanceCategory: null, assistanceCategoryHistory: null, medicalAssistance: null });
    const e = await stack.query(`query($id: ID!) { person(id: $id) { assistanceCategoryHistory { from to category } } }`, { id: p.id }, officer('EDUCATION'));
    expect(e.errors).toBeUndefined();
    expect(e.data.person.assistanceCategoryHistory).toEqual([{ from: '2024-01-01', to: YESTERDAY, category: 'DIBAO' }]);
  });
});
