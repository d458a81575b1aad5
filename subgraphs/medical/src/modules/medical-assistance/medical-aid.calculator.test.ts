import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, categoryOn, type CategoryPeriod } from '@aidgraph/subgraph-kit';
import { computeMedicalAid, computePremiumSubsidy, type ClaimFigures } from './medical-aid.calculator';
import { loadMedicalPolicy, parseMedicalPolicy, premiumRuleDate, type MedicalPolicy } from './medical-policy';
import { AssistanceCategory } from '../person/assistance-category.enum';
import { MedicalCareType } from '../medical-claim/medical-claim.enums';

const { TEKUN, DIBAO, MARGINAL, NONE } = AssistanceCategory;

/** A test table of its own, so that these hand-computed cases do not move when the bundled configuration does. */
const POLICY: MedicalPolicy = parseMedicalPolicy({
  medicalAid: [
    {
      effectiveFrom: '2024-07-01',
      annualCap: '60000.00',
      categories: {
        TEKUN: { inpatientRatio: '1.00', outpatientRatio: '0.90', deductible: '0.00' },
        DIBAO: { inpatientRatio: '0.75', outpatientRatio: '0.70', deductible: '0.00' },
        MARGINAL: { inpatientRatio: '0.65', outpatientRatio: '0.50', deductible: '1800.00' },
      },
    },
    {
      effectiveFrom: '2022-01-01',
      annualCap: '50000.00',
      categories: {
        TEKUN: { inpatientRatio: '1.00', outpatientRatio: '0.90', deductible: '0.00' },
        DIBAO: { inpatientRatio: '0.70', outpatientRatio: '0.70', deductible: '0.00' },
        MARGINAL: { inpatientRatio: '0.60', outpatientRatio: '0.50', deductible: '2000.00' },
      },
    },
  ],
  premiumSubsidy: [
    { effectiveFrom: '2023-01-01', residentPremium: '380.00', subsidies: { TEKUN: 'FULL', DIBAO: '200.00' } },
    { effectiveFrom: '2025-01-01', residentPremium: '400.00', subsidies: { TEKUN: 'FULL', DIBAO: '240.00' } },
  ],
});

let n = 0;
function claim(dischargeDate: string, eligibleSelfPay: string, o: Partial<ClaimFigures> = {}): ClaimFigures {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    careType: MedicalCareType.INPATIENT,
    admissionDate: dischargeDate,
    dischargeDate,
    totalCost: '100000.00',
    basicInsurancePaid: '40000.00',
    criticalIllnessInsurancePaid: '10000.00',
    eligibleSelfPay,
    ...o,
  };
}

describe('computeMedicalAid', () => {
  it('pays a dibao recipient 70% of the eligible remainder; out of pocket is what the insurances and the aid leave', () => {
    const c = claim('2023-05-10', '10000.00', { totalCost: '30000.00', basicInsurancePaid: '15000.00', criticalIllnessInsurancePaid: '2000.00' });
    const r = computeMedicalAid(DIBAO, [c], 2023, POLICY);
    expect(r.claims).toHaveLength(1);
    // 10000.00 x 0.70 = 7000.00; 30000 - 15000 - 2000 - 7000 = 6000.00
    expect(r.claims[0]).toMatchObject({ policyEffectiveFrom: '2022-01-01', ratio: '0.70', deductibleApplied: '0.00', aidBase: '10000.00', computedAid: '7000.00', medicalAidPaid: '7000.00', capReached: false, outOfPocket: '6000.00' });
    expect(r).toMatchObject({ yearToDate: '7000.00', annualCap: '50000.00', remainingCap: '43000.00', totalCost: '30000.00', insurancePaid: '17000.00', eligibleSelfPay: '10000.00', outOfPocket: '6000.00' });
  });

  it('uses the outpatient ratio for outpatient care and rounds half-up to the fen', () => {
    // tekun outpatient 0.90: 0.05 x 0.90 = 0.045 -> 0.05 (half-up; banker's rounding would give 0.04)
    const out = claim('2023-03-01', '0.05', { careType: MedicalCareType.OUTPATIENT, totalCost: '0.10', basicInsurancePaid: '0.05', criticalIllnessInsurancePaid: '0.00' });
    // dibao inpatient 0.70: 333.33 x 0.70 = 233.331 -> 233.33
    const inp = claim('2023-04-01', '333.33', { totalCost: '1000.00', basicInsurancePaid: '600.00', criticalIllnessInsurancePaid: '0.00' });
    expect(computeMedicalAid(TEKUN, [out], 2023, POLICY).claims[0]).toMatchObject({ ratio: '0.90', medicalAidPaid: '0.05', outOfPocket: '0.00' });
    expect(computeMedicalAid(DIBAO, [inp], 2023, POLICY).claims[0]).toMatchObject({ ratio: '0.70', medicalAidPaid: '233.33', outOfPocket: '166.67' });
  });

  it('reaches the annual cap in the middle of a claim: that claim gets what is left, later ones nothing', () => {
    // tekun 100%, cap 50000 (entry of 2022): 30000, then 20000 of 30000, then 0 of 5000 — given out of order
    const third = claim('2023-09-01', '5000.00');
    const first = claim('2023-03-01', '30000.00');
    const second = claim('2023-06-01', '30000.00');
    const r = computeMedicalAid(TEKUN, [third, first, second], 2023, POLICY);
    expect(r.claims.map((l) => l.claim.id)).toEqual([first.id, second.id, third.id]);
    expect(r.claims.map((l) => [l.computedAid, l.medicalAidPaid, l.capReached])).toEqual([
      ['30000.00', '30000.00', false],
      ['30000.00', '20000.00', true],
      ['5000.00', '0.00', true],
    ]);
    // 100000 - 50000 - 20000 = 30000.00 for the second claim
    expect(r.claims[1].outOfPocket).toBe('30000.00');
    expect(r).toMatchObject({ yearToDate: '50000.00', annualCap: '50000.00', remainingCap: '0.00' });
  });

  it('applies a marginal member\'s yearly deductible across claims before the lower ratio', () => {
    const a = claim('2023-02-01', '1500.00');
    const b = claim('2023-08-01', '4000.00');
    const c = claim('2023-11-01', '1000.00', { careType: MedicalCareType.OUTPATIENT });
    const r = computeMedicalAid(MARGINAL, [a, b, c], 2023, POLICY);
    // entry of 2022 (cap 50000), deductible 2000: a fills 1500 of it (no aid); b fills the other 500, then 3500 x 0.60 = 2100.00;
    // c (outpatient) needs no deductible any more: 1000 x 0.50 = 500.00
    expect(r.claims.map((l) => [l.deductibleApplied, l.aidBase, l.medicalAidPaid])).toEqual([
      ['1500.00', '0.00', '0.00'],
      ['500.00', '3500.00', '2100.00'],
      ['0.00', '1000.00', '500.00'],
    ]);
    expect(r).toMatchObject({ deductibleApplied: '2000.00', yearToDate: '2600.00', remainingCap: '47400.00' });
  });

  it('starts the deductible and the cap afresh each calendar year and ignores other years\' claims', () => {
    const old = claim('2022-12-31', '50000.00', { admissionDate: '2022-12-20' });
    const next = claim('2023-01-01', '1000.00', { admissionDate: '2022-12-31' });
    const r = computeMedicalAid(MARGINAL, [old, next], 2023, POLICY);
    expect(r.claims.map((l) => l.claim.id)).toEqual([next.id]);
    expect(r.claims[0]).toMatchObject({ deductibleApplied: '1000.00', medicalAidPaid: '0.00' });
    expect(computeMedicalAid(TEKUN, [old, next], 2022, POLICY).yearToDate).toBe('50000.00');
    expect(computeMedicalAid(TEKUN, [old, next], 2023, POLICY).yearToDate).toBe('1000.00');
  });

  it('applies the entry in force on each claim\'s discharge date when the policy changes', () => {
    const before = claim('2024-06-30', '10000.00', { admissionDate: '2024-06-20' });
    const on = claim('2024-07-01', '10000.00', { admissionDate: '2024-06-25' });
    const r = computeMedicalAid(DIBAO, [on, before], 2024, POLICY);
    expect(r.claims.map((l) => [l.policyEffectiveFrom, l.ratio, l.medicalAidPaid])).toEqual([
      ['2022-01-01', '0.70', '7000.00'],
      ['2024-07-01', '0.75', '7500.00'],
    ]);
    // the year's cap is the one in force on 31 December (60000)
    expect(r).toMatchObject({ yearToDate: '14500.00', annualCap: '60000.00', remainingCap: '45500.00' });
  });

  it('counts aid paid under the old cap against the new one after a mid-year change', () => {
    // tekun: 48000 before the change (cap 50000), then 15000 after it (cap 60000): 12000 left
    const a = claim('2024-05-01', '48000.00');
    const b = claim('2024-09-01', '15000.00');
    const r = computeMedicalAid(TEKUN, [a, b], 2024, POLICY);
    expect(r.claims.map((l) => l.medicalAidPaid)).toEqual(['48000.00', '12000.00']);
    expect(r).toMatchObject({ yearToDate: '60000.00', remainingCap: '0.00' });
  });

  it('gives nothing to a person with no category (NONE) and no cap', () => {
    const r = computeMedicalAid(NONE, [claim('2023-05-01', '8000.00', { totalCost: '20000.00', basicInsurancePaid: '10000.00', criticalIllnessInsurancePaid: '0.00' })], 2023, POLICY);
    expect(r.claims[0]).toMatchObject({ ratio: null, medicalAidPaid: '0.00', computedAid: '0.00', outOfPocket: '10000.00' });
    expect(r).toMatchObject({ yearToDate: '0.00', annualCap: null, remainingCap: null });
  });

  it('gives nothing before the first policy entry, and an empty year is all zeros', () => {
    const r = computeMedicalAid(DIBAO, [claim('2021-06-01', '8000.00')], 2021, POLICY);
    expect(r.claims[0]).toMatchObject({ policyEffectiveFrom: null, medicalAidPaid: '0.00' });
    expect(r).toMatchObject({ annualCap: null, remainingCap: null });
    expect(computeMedicalAid(DIBAO, [], 2025, POLICY)).toMatchObject({ claims: [], yearToDate: '0.00', annualCap: '60000.00', remainingCap: '60000.00', totalCost: '0.00' });
  });
});

describe('computeMedicalAid with the category on each claim\'s date', () => {
  const history = (...periods: CategoryPeriod[]) => (date: string) => categoryOn(periods, date);

  it('aids each claim with the category in force on its discharge date, not the category at the end', () => {
    // dibao ended on 30 June: the May claim keeps its aid, the August one gets none
    const may = claim('2023-05-10', '10000.00');
    const aug = claim('2023-08-01', '4000.00');
    const r = computeMedicalAid(history({ from: '2022-03-01', to: '2023-06-30', category: DIBAO }), [aug, may], 2023, POLICY);
    expect(r.claims.map((l) => [l.claim.dischargeDate, l.category, l.ratio, l.medicalAidPaid])).toEqual([
      ['2023-05-10', DIBAO, '0.70', '7000.00'],
      ['2023-08-01', NONE, null, '0.00'],
    ]);
    // the summary's category is the one on 31 December; the cap still applies to the aid paid in the year
    expect(r).toMatchObject({ category: NONE, yearToDate: '7000.00', annualCap: '50000.00', remainingCap: '43000.00' });
    expect(computeMedicalAid(history({ from: '2022-03-01', to: '2023-06-30', category: DIBAO }), [may], 2023, POLICY, '2023-06-01').category).toBe(DIBAO);
  });

  it('leaves a past year unchanged when the category changes later (ended, or a new enrolment)', () => {
    const claims = [claim('2023-02-01', '5000.00'), claim('2023-11-30', '2500.00', { careType: MedicalCareType.OUTPATIENT })];
    const before = computeMedicalAid(history({ from: '2020-01-01', to: null, category: DIBAO }), claims, 2023, POLICY);
    expect(before.yearToDate).toBe('5250.00');
    // ended on 2 December 2025, and enrolled in tekun from 3 December 2025
    const after = computeMedicalAid(
      history({ from: '2020-01-01', to: '2025-12-02', category: DIBAO }, { from: '2025-12-03', to: null, category: TEKUN }), claims, 2023, POLICY,
    );
    expect(after).toEqual(before);
    // a person enrolled only today gets nothing for last year's claims, and the cap is null (NONE all year)
    const newcomer = computeMedicalAid(history({ from: '2025-12-02', to: null, category: DIBAO }), claims, 2023, POLICY);
    expect(newcomer).toMatchObject({ category: NONE, yearToDate: '0.00', annualCap: null, remainingCap: null });
  });

  it('consumes a marginal deductible before a move to dibao, and the dibao claims then pay from the first yuan', () => {
    const m1 = claim('2023-02-15', '1500.00');
    const d1 = claim('2023-05-01', '3000.00');
    const r = computeMedicalAid(
      history({ from: '2021-01-01', to: '2023-03-31', category: MARGINAL }, { from: '2023-04-01', to: null, category: DIBAO }), [d1, m1], 2023, POLICY,
    );
    expect(r.claims.map((l) => [l.category, l.deductibleApplied, l.medicalAidPaid])).toEqual([
      [MARGINAL, '1500.00', '0.00'],
      [DIBAO, '0.00', '2100.00'],
    ]);
    expect(r).toMatchObject({ category: DIBAO, deductibleApplied: '1500.00', yearToDate: '2100.00' });
  });

  it('gives the premium subsidy of a year for the category on 1 January of that year', () => {
    const on = history({ from: '2024-03-01', to: null, category: DIBAO });
    expect(premiumRuleDate(2024)).toBe('2024-01-01');
    expect(computePremiumSubsidy(on(premiumRuleDate(2024)), 2024, POLICY)).toMatchObject({ category: NONE, subsidy: '0.00', personalContribution: '380.00' });
    expect(computePremiumSubsidy(on(premiumRuleDate(2025)), 2025, POLICY)).toMatchObject({ category: DIBAO, subsidy: '240.00', personalContribution: '160.00' });
  });
});

describe('computePremiumSubsidy', () => {
  it('pays the full premium for tekun, the fixed amount for dibao, nothing for others, by the entry of 1 January', () => {
    expect(computePremiumSubsidy(TEKUN, 2024, POLICY)).toEqual({ year: 2024, category: TEKUN, policyEffectiveFrom: '2023-01-01', residentPremium: '380.00', subsidy: '380.00', personalContribution: '0.00' });
    expect(computePremiumSubsidy(DIBAO, 2025, POLICY)).toMatchObject({ policyEffectiveFrom: '2025-01-01', residentPremium: '400.00', subsidy: '240.00', personalContribution: '160.00' });
    expect(computePremiumSubsidy(MARGINAL, 2025, POLICY)).toMatchObject({ subsidy: '0.00', personalContribution: '400.00' });
    expect(computePremiumSubsidy(NONE, 2023, POLICY)).toMatchObject({ subsidy: '0.00', personalContribution: '380.00' });
    expect(computePremiumSubsidy(TEKUN, 2022, POLICY)).toBeNull();
  });
});

describe('the policy table', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medical-policy-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, body: unknown) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, JSON.stringify(body));
    return f;
  };

  it('bundles a valid table with the 70% floor for dibao and tekun', () => {
    const t = loadMedicalPolicy(undefined);
    expect(t.medicalAid.length).toBeGreaterThan(0);
    for (const e of t.medicalAid)
      for (const c of ['TEKUN', 'DIBAO'] as const) expect(Number(e.categories[c]!.inpatientRatio)).toBeGreaterThanOrEqual(0.7);
  });

  it('reads an override file (MEDICAL_POLICY_FILE) and sorts it by effective date', () => {
    const f = write('ok.json', { medicalAid: [...POLICY.medicalAid].reverse(), premiumSubsidy: POLICY.premiumSubsidy });
    const t = loadMedicalPolicy(f);
    expect(t.medicalAid.map((e) => e.effectiveFrom)).toEqual(['2022-01-01', '2024-07-01']);
  });

  it('refuses a table below the 70% floor, naming NONE, with a bad amount or a duplicate date, listing every problem', () => {
    const bad = structuredClone(POLICY) as any;
    bad.medicalAid[0].categories.DIBAO.inpatientRatio = '0.60';
    bad.medicalAid[0].categories.NONE = { inpatientRatio: '0.10', outpatientRatio: '0.10', deductible: '0.00' };
    bad.medicalAid[1].annualCap = '5e4';
    bad.premiumSubsidy[1].effectiveFrom = '2023-01-01';
    bad.premiumSubsidy[0].subsidies.DIBAO = '500.00';
    let error: unknown;
    try {
      loadMedicalPolicy(write('bad.json', bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/medicalAid\.0\.categories\.DIBAO\.inpatientRatio: DIBAO is aided at no less than 70%/);
    expect(issues).toMatch(/medicalAid\.0\.categories.*NONE/);
    expect(issues).toMatch(/medicalAid\.1\.annualCap/);
    expect(issues).toMatch(/premiumSubsidy\.1\.effectiveFrom/);
    expect(issues).toMatch(/premiumSubsidy\.0\.subsidies\.DIBAO: a fixed subsidy cannot exceed the premium/);
  });

  it('refuses a missing file without echoing its content', () => {
    expect(() => loadMedicalPolicy(path.join(tmp, 'missing.json'))).toThrow(ConfigError);
  });
});
