import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { disability } from '../src/subgraph';
import { subsidyRateOn, subsidyRates } from '../src/modules/disability-subsidy/disability-subsidy.rates';
import { DisabilitySubsidyKind } from '../src/modules/disability-subsidy/disability-subsidy.enums';

/**
 * Issue 14, item 11: the disability federation's writes are checked for plausible dates (certificates: from 2000 to
 * 20 years ahead; subsidies: not before the rate table's first row, 2016-01-01, at most 92 days ahead; services: at
 * most 92 days ahead), for amounts (a subsidy's amount is the rate in force, never typed; a rehabilitation service at
 * most 100000.00) and for persons in civil affairs' registry. Each refusal changes nothing.
 */
const SEED = 'disability-plausibility';
const SIZE = 300;
const people = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const adults = people.filter((p) => !p.disability && p.age >= 30 && p.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const ISSUE = `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id } }`;
const CORRECT = `mutation($i: CorrectDisabilityCertificateInput!) { correctDisabilityCertificate(input: $i) { id } }`;
const GRANT = `mutation($i: GrantDisabilitySubsidyInput!) { grantDisabilitySubsidy(input: $i) { id monthlyAmount } }`;
const REHAB = `mutation($i: RecordRehabilitationServiceInput!) { recordRehabilitationService(input: $i) { id } }`;
const REHAB_FIX = `mutation($i: CorrectRehabilitationServiceInput!) { correctRehabilitationService(input: $i) { id } }`;

describe.each(testDatabaseKinds())('disability writes are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['disability_certificate', 'disability_subsidy', 'rehabilitation_service'])();

  it('certificates: dates in range, holders in the registry', async () => {
    const p = adults[0];
    const cert = (extra: Record<string, unknown> = {}) => ({
      i: { personId: p.id, number: `${p.idNumber}41`, category: 'PHYSICAL', grade: 'GRADE_1', issuedOn: '2025-03-01', expiresOn: '2035-02-28', townshipCode: p.townshipCode, ...extra },
    });
    await expectRefusedUnchanged(h, {
      mutation: ISSUE, as: OFFICER, snapshot,
      cases: [
        { name: 'issued in 1900', variables: cert({ issuedOn: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.issuedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'expires in 2999', variables: cert({ expiresOn: '2999-01-01' }), code: 'BAD_USER_INPUT', field: 'input.expiresOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'not a calendar date', variables: cert({ issuedOn: '2025-02-29' }), code: 'BAD_USER_INPUT', field: 'input.issuedOn', reason: 'BAD_DATE' },
        { name: 'a holder not in the registry', variables: { i: { ...cert().i, personId: UNKNOWN } }, code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(ISSUE, cert(), OFFICER);
    expect(ok.errors).toBeUndefined();
    const id = ok.data.issueDisabilityCertificate.id;
    await expectRefusedUnchanged(h, {
      mutation: CORRECT, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected to 1900', variables: { i: { id, issuedOn: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.issuedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'corrected to expire in 2999', variables: { i: { id, expiresOn: '2999-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.expiresOn', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });

    // the nursing subsidy of this grade 1 holder: its amount is the rate in force, never typed
    const grant = (extra: Record<string, unknown> = {}) => ({ i: { personId: p.id, kind: 'NURSING', startDate: '2025-04-01', townshipCode: p.townshipCode, ...extra } });
    await expectRefusedUnchanged(h, {
      mutation: GRANT, as: OFFICER, snapshot,
      cases: [
        { name: 'from 1900', variables: grant({ startDate: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'before the rate table', variables: grant({ startDate: '2015-12-31' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'BEFORE_PROGRAMME' },
        { name: 'far ahead', variables: grant({ startDate: '2999-01-01' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'a person not in the registry', variables: { i: { ...grant().i, personId: UNKNOWN } }, code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const granted = await h.request(GRANT, grant(), OFFICER);
    expect(granted.errors).toBeUndefined();
    // the amount equals the rate in force (the later of the start and today), whatever anyone would type
    const rate = subsidyRateOn(subsidyRates(), DisabilitySubsidyKind.NURSING, 1, new Date().toISOString().slice(0, 10))!;
    expect(granted.data.grantDisabilitySubsidy.monthlyAmount).toBe(rate.monthlyAmount);
  });

  it('rehabilitation services: amounts within the bound, dates in range, persons in the registry', async () => {
    const p = adults[1];
    const service = (extra: Record<string, unknown> = {}) => ({
      i: {
        personId: p.id, townshipCode: p.townshipCode, programme: 'ADULT_REHABILITATION', kind: 'REHABILITATION_TRAINING',
        provider: '胶州市残疾人康复中心', startDate: '2025-03-01', endDate: '2025-08-31', amount: '2000', ...extra,
      },
    });
    await expectRefusedUnchanged(h, {
      mutation: REHAB, as: OFFICER, snapshot,
      cases: [
        { name: 'absurd amount', variables: service({ amount: '9999999999999.99' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above', variables: service({ amount: '100000.01' }), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'from 1900', variables: service({ startDate: '1900-01-01' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'far ahead', variables: service({ startDate: '2999-01-01', endDate: '2999-02-01' }), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'a person not in the registry', variables: { i: { ...service().i, personId: UNKNOWN } }, code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
      ],
    });
    const ok = await h.request(REHAB, service({ amount: '100000.00' }), OFFICER);
    expect(ok.errors).toBeUndefined();
    const id = ok.data.recordRehabilitationService.id;
    await expectRefusedUnchanged(h, {
      mutation: REHAB_FIX, as: OFFICER, snapshot,
      cases: [
        { name: 'corrected far above', variables: { i: { id, amount: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'corrected to 1900', variables: { i: { id, startDate: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'ends far ahead', variables: { i: { id, endDate: '2999-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
  });
});
