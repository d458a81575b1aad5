import { graphqlPersonRegistry, staticPersonRegistry } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { education } from '../src/subgraph';

/**
 * Issue 14, item 11: every write of education is checked against the limits table and plausible date windows, and
 * for a person in civil affairs' registry. Each refusal changes nothing.
 */
const SEED = 'education-plausibility';
const SIZE = 200;
const people = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((m) => m.status === 'ACTIVE');
const OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const RECORD = `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id amount } }`;
const CORRECT = `mutation($i: CorrectEducationAidInput!) { correctEducationAid(input: $i) { id amount } }`;
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const DECEASED = '00000000-0000-4000-8000-0000000000de';

describe.each(testDatabaseKinds())('education writes are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
    h.setRegistry(staticPersonRegistry([...h.registryPeople, { id: DECEASED, status: 'DECEASED' }]));
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['education_aid'])();
  // the bundled table: primary living subsidy at most 1500.00 a year from 2019-09-01
  const input = (p = people[0], extra: Record<string, unknown> = {}) => ({
    personId: p.id, schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'LIVING_SUBSIDY', academicYear: '2019-2020', amount: '1000',
    approvedOn: '2019-10-01', townshipCode: p.townshipCode, ...extra,
  });

  it('refuses implausible amounts, out-of-range dates and persons not (or no longer) in the registry, and changes nothing', async () => {
    await expectRefusedUnchanged(h, {
      mutation: RECORD, as: OFFICER, snapshot,
      cases: [
        { name: 'a dibao-sized typo', variables: { i: input(people[1], { amount: '9999999999999.99' }) }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'one fen above the table', variables: { i: input(people[1], { amount: '1500.01' }) }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'approved in 1900', variables: { i: input(people[1], { approvedOn: '1900-01-01' }) }, code: 'BAD_USER_INPUT', field: 'input.approvedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'approved far in the future', variables: { i: input(people[1], { approvedOn: '2999-01-01' }) }, code: 'BAD_USER_INPUT', field: 'input.approvedOn', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'academic year 1900', variables: { i: input(people[1], { academicYear: '1900-1901' }) }, code: 'BAD_USER_INPUT', field: 'input.academicYear', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'before the limits table', variables: { i: input(people[1], { academicYear: '2015-2016', approvedOn: '2015-10-01' }) }, code: 'BAD_USER_INPUT', field: 'input.academicYear', reason: 'BEFORE_PROGRAMME' },
        { name: 'academic year far ahead', variables: { i: input(people[1], { academicYear: '2999-3000' }) }, code: 'BAD_USER_INPUT', field: 'input.academicYear', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'not a calendar date', variables: { i: input(people[1], { approvedOn: '2019-02-30' }) }, code: 'BAD_USER_INPUT', field: 'input.approvedOn', reason: 'BAD_DATE' },
        { name: 'a person not in the registry', variables: { i: { ...input(people[1]), personId: UNKNOWN } }, code: 'NOT_FOUND', field: 'personId', reason: 'NOT_IN_REGISTRY' },
        { name: 'a deceased person', variables: { i: { ...input(people[1]), personId: DECEASED } }, code: 'CONFLICT', field: 'personId', reason: 'PERSON_NOT_ACTIVE' },
      ],
    });
  });

  it('accepts exactly the limit, and a correction one fen above it is refused, the far-above one too', async () => {
    const ok = await h.request(RECORD, { i: input(people[2], { amount: '1500.00' }) }, OFFICER);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordEducationAid.amount).toBe('1500.00');
    const id = ok.data.recordEducationAid.id;
    await expectRefusedUnchanged(h, {
      mutation: CORRECT, as: OFFICER, snapshot,
      cases: [
        { name: 'correction one fen above', variables: { i: { id, amount: '1500.01' } }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'correction far above', variables: { i: { id, amount: '9999999999999.99' } }, code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
      ],
    });
    const lower = await h.request(CORRECT, { i: { id, amount: '1200' } }, OFFICER);
    expect(lower.data.correctEducationAid.amount).toBe('1200.00');
  });

  it('writes nothing when the registry cannot be asked (REGISTRY_UNAVAILABLE)', async () => {
    const registry = h.registry;
    h.setRegistry(graphqlPersonRegistry({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 500 }));
    try {
      await expectRefusedUnchanged(h, {
        mutation: RECORD, as: OFFICER, snapshot,
        cases: [{ name: 'registry down', variables: { i: input(people[3]) }, code: 'REGISTRY_UNAVAILABLE' }],
      });
    } finally {
      h.setRegistry(registry);
    }
    const ok = await h.request(RECORD, { i: input(people[3]) }, OFFICER);
    expect(ok.errors).toBeUndefined();
  });
});
