import { clockToday } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { housing } from '../src/subgraph';

/**
 * Issue 14, item 11: every housing write is checked against its limits table (bundled placeholders: a rent subsidy at
 * most 1500.00 a month; a renovation subsidy at most 25000.00 for grade C and 60000.00 for grade D; a public rental
 * rent at most 1500.00 a month, 10-60 m²), plausible date windows, and the applicant's place in civil affairs'
 * registry. Each refusal changes nothing.
 */
const SEED = 'housing-plausibility';
const SIZE = 400;
/** households with no seeded housing record, whose head (the applicant) is active */
const free = generatePopulation({ seed: SEED, size: SIZE }).households.filter(
  (h) => h.housing === 'OWNED' && h.category === 'NONE' && h.members[0].status === 'ACTIVE',
);
const rural = free.filter((h) => Number(h.villageCode.slice(9)) >= 200);
const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
/** `days` after the subgraph's today (the kit clock: the date in China, not UTC: from 16:00 UTC they differ) */
const ahead = (days: number) => new Date(Date.parse(clockToday()) + days * 86_400_000).toISOString().slice(0, 10);

const RENT = `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`;
const RENT_FIX = `mutation($i: CorrectRentSubsidyInput!) { correctRentSubsidy(input: $i) { id } }`;
const RENOVATION = `mutation($i: RecordDilapidatedHouseRenovationInput!) { recordDilapidatedHouseRenovation(input: $i) { id } }`;
const RENOVATION_FIX = `mutation($i: CorrectDilapidatedHouseRenovationInput!) { correctDilapidatedHouseRenovation(input: $i) { id } }`;
const RENTAL = `mutation($i: RecordPublicRentalAllocationInput!) { recordPublicRentalAllocation(input: $i) { id } }`;
const RENTAL_FIX = `mutation($i: CorrectPublicRentalAllocationInput!) { correctPublicRentalAllocation(input: $i) { id } }`;

describe.each(testDatabaseKinds())('housing writes are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['rent_subsidy', 'dilapidated_house_renovation', 'public_rental_allocation'])();
  const who = (x: (typeof free)[number]) => ({ householdId: x.id, applicantId: x.members[0].id, townshipCode: x.townshipCode });
  const unknown = (x: (typeof free)[number]) => ({ ...who(x), applicantId: UNKNOWN });

  it('rent subsidies: amounts within the monthly limit, months in range, applicants in the registry', async () => {
    const x = free[0];
    const rent = (extra: Record<string, unknown> = {}) => ({ i: { ...who(x), monthlyAmount: '500', startMonth: '2025-01', endMonth: '2025-12', ...extra } });
    await expectRefusedUnchanged(h, {
      mutation: RENT, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd amount', variables: rent({ monthlyAmount: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.monthlyAmount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above', variables: rent({ monthlyAmount: '1500.01' }), code: 'BAD_USER_INPUT', field: 'input.monthlyAmount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'from 1900', variables: rent({ startMonth: '1900-01', endMonth: '1900-12' }), code: 'BAD_USER_INPUT', field: 'input.startMonth', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'before the table', variables: rent({ startMonth: '2010-01', endMonth: '2010-12' }), code: 'BAD_USER_INPUT', field: 'input.startMonth', reason: 'BEFORE_PROGRAMME' },
        { name: 'far ahead', variables: rent({ startMonth: '2999-01', endMonth: '2999-12' }), code: 'BAD_USER_INPUT', field: 'input.startMonth', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'unknown applicant', variables: { i: { ...rent().i, ...unknown(x) } }, code: 'NOT_FOUND', field: 'applicantId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(RENT, rent({ monthlyAmount: '1500.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    const id = ok.data.recordRentSubsidy.id;
    await expectRefusedUnchanged(h, {
      mutation: RENT_FIX, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected far above', variables: { i: { id, monthlyAmount: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.monthlyAmount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'corrected one fen above', variables: { i: { id, monthlyAmount: '1500.01' } }, code: 'BAD_USER_INPUT', field: 'input.monthlyAmount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'corrected to 1900', variables: { i: { id, startMonth: '1900-01', endMonth: '1900-12' } }, code: 'BAD_USER_INPUT', field: 'input.startMonth', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
  });

  it('renovations: subsidies within the grade\'s limit, assessed in range, applicants in the registry', async () => {
    const x = rural[0];
    const renovation = (extra: Record<string, unknown> = {}) => ({
      i: { ...who(x), villageCode: x.villageCode, grade: 'C', subsidy: '15000', assessedOn: '2024-04-01', ...extra },
    });
    await expectRefusedUnchanged(h, {
      mutation: RENOVATION, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd subsidy', variables: renovation({ subsidy: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'grade C one fen above', variables: renovation({ subsidy: '25000.01' }), code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'assessed in 1900', variables: renovation({ assessedOn: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.assessedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'assessed in the future', variables: renovation({ assessedOn: ahead(1) }), code: 'BAD_USER_INPUT', field: 'input.assessedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'completed far ahead', variables: renovation({ completedOn: '2999-01-01' }), code: 'BAD_USER_INPUT', field: 'input.completedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'unknown applicant', variables: { i: { ...renovation().i, ...unknown(x) } }, code: 'NOT_FOUND', field: 'applicantId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(RENOVATION, renovation({ grade: 'D', subsidy: '60000.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    const id = ok.data.recordDilapidatedHouseRenovation.id;
    await expectRefusedUnchanged(h, {
      mutation: RENOVATION_FIX, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected far above', variables: { i: { id, subsidy: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'regraded C above its limit', variables: { i: { id, grade: 'C' } }, code: 'BAD_USER_INPUT', field: 'input.subsidy', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'assessed in 1900', variables: { i: { id, assessedOn: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.assessedOn', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
  });

  it('public rentals: rent and area within the table, lease dates in range, applicants in the registry', async () => {
    const x = free[1];
    const rental = (extra: Record<string, unknown> = {}) => ({
      i: { ...who(x), dwellingAddress: '胶州市测试小区1号楼1单元101室', area: '45.00', monthlyRent: '200', leaseStart: '2025-01-01', leaseEnd: '2027-12-31', ...extra },
    });
    await expectRefusedUnchanged(h, {
      mutation: RENTAL, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd rent', variables: rental({ monthlyRent: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.monthlyRent', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'rent one fen above', variables: rental({ monthlyRent: '1500.01' }), code: 'BAD_USER_INPUT', field: 'input.monthlyRent', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'a palace', variables: rental({ area: '9999.00' }), code: 'BAD_USER_INPUT', field: 'input.area', reason: 'AREA_OUT_OF_RANGE' },
        { name: 'leased from 1900', variables: rental({ leaseStart: '1900-01-01', leaseEnd: '1902-12-31' }), code: 'BAD_USER_INPUT', field: 'input.leaseStart', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'leased far ahead', variables: rental({ leaseStart: '2999-01-01', leaseEnd: '2999-12-31' }), code: 'BAD_USER_INPUT', field: 'input.leaseStart', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'unknown applicant', variables: { i: { ...rental().i, ...unknown(x) } }, code: 'NOT_FOUND', field: 'applicantId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(RENTAL, rental({ monthlyRent: '1500.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    const id = ok.data.recordPublicRentalAllocation.id;
    await expectRefusedUnchanged(h, {
      mutation: RENTAL_FIX, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected far above', variables: { i: { id, monthlyRent: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.monthlyRent', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'lease end far ahead', variables: { i: { id, leaseEnd: '2999-12-31' } }, code: 'BAD_USER_INPUT', field: 'input.leaseEnd', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'lease start in 1900', variables: { i: { id, leaseStart: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.leaseStart', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
  });
});
