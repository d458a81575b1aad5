import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { medical } from '../src/subgraph';

/**
 * Issue 14, item 11: claims are checked against the plausible maximum of medical-claim-limits.json (bundled: one
 * inpatient claim at most 3,000,000.00), the medical policy table's first date (2022-01-01) and the calendar, and
 * recorded only for persons in civil affairs' registry. Each refusal changes nothing.
 */
const SEED = 'medical-plausibility';
const SIZE = 200;
const people = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((m) => m.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'MEDICAL_SECURITY' };
const RECORD = `mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id totalCost } }`;
const CORRECT = `mutation($i: CorrectMedicalClaimInput!) { correctMedicalClaim(input: $i) { id totalCost } }`;

describe.each(testDatabaseKinds())('medical writes are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['medical_claim'])();
  const claim = (p = people[0], extra: Record<string, unknown> = {}) => ({
    i: {
      personId: p.id, townshipCode: p.townshipCode, hospital: '胶州市中心医院', diagnosis: '社区获得性肺炎', careType: 'INPATIENT',
      admissionDate: '2025-03-01', dischargeDate: '2025-03-09', totalCost: '12000.50', basicInsurancePaid: '7000', eligibleSelfPay: '3000', ...extra,
    },
  });

  it('refuses implausible amounts, out-of-range dates and persons not in the registry, and changes nothing', async () => {
    await expectRefusedUnchanged(h, {
      mutation: RECORD, as: OFFICER, snapshot,
      cases: [
        { name: 'an absurd total', variables: claim(people[1], { totalCost: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.totalCost', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above the inpatient maximum', variables: claim(people[1], { totalCost: '3000000.01' }), code: 'BAD_USER_INPUT', field: 'input.totalCost', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'outpatient above its maximum', variables: claim(people[1], { careType: 'OUTPATIENT', totalCost: '500000.01' }), code: 'BAD_USER_INPUT', field: 'input.totalCost', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'insurance above the total', variables: claim(people[1], { basicInsurancePaid: '12000.51' }), code: 'BAD_USER_INPUT', field: 'input.basicInsurancePaid', reason: 'INSURANCE_ABOVE_TOTAL' },
        { name: 'admitted in 1900', variables: claim(people[1], { admissionDate: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.admissionDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'discharged far in the future', variables: claim(people[1], { dischargeDate: '2999-01-01' }), code: 'BAD_USER_INPUT', field: 'input.dischargeDate', reason: 'FUTURE_DATE' },
        { name: 'discharged before the policy table', variables: claim(people[1], { admissionDate: '2021-12-20', dischargeDate: '2021-12-31' }), code: 'BAD_USER_INPUT', field: 'input.dischargeDate', reason: 'BEFORE_PROGRAMME' },
        { name: 'a person not in the registry', variables: claim({ ...people[1], id: '00000000-0000-4000-8000-00000000dead' }), code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
  });

  it('accepts exactly the maximum, and refuses corrections beyond it or out of range', async () => {
    const ok = await h.request(RECORD, claim(people[2], { totalCost: '3000000.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordMedicalClaim.totalCost).toBe('3000000.00');
    const id = ok.data.recordMedicalClaim.id;
    await expectRefusedUnchanged(h, {
      mutation: CORRECT, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected one fen above', variables: { i: { id, totalCost: '3000000.01' } }, code: 'BAD_USER_INPUT', field: 'input.totalCost', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'corrected far above', variables: { i: { id, totalCost: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.totalCost', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'admission in 1900', variables: { i: { id, admissionDate: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.admissionDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'discharge far ahead', variables: { i: { id, dischargeDate: '2999-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.dischargeDate', reason: 'FUTURE_DATE' },
      ],
    });
  });
});
