import { civilAffairs } from '../src/subgraph';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';
import { generatePopulation } from '@aidgraph/subgraph-kit';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/** The kit's concurrency harness on every civil-affairs mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'civil-affairs-concurrency';
const SIZE = 200;
const free = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0);
const RECORD = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id status endDate } }`;
const END = `mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate } }`;
const caseworker = (p: (typeof free)[number], subject?: string) => ({ role: 'caseworker' as const, township: p.townshipCode, ...(subject ? { subject } : {}) });

describe.each(testDatabaseKinds())('civil-affairs mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const enrolmentsOf = (personId: string) => h.db.getRepository(Enrolment).countBy({ personId });

  it('recordEnrolment: of 50 concurrent DIBAO enrolments of one person exactly one is recorded (ALREADY_ENROLLED)', async () => {
    const p = free[0];
    await runConcurrently(h, {
      mutation: RECORD, field: 'recordEnrolment', as: caseworker(p),
      variables: (i) => ({ i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: `${300 + (i % 5)}.00` } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_ENROLLED'], records: { count: () => enrolmentsOf(p.id), equals: 1 } },
    });
  });

  it('endEnrolment: of 50 concurrent ends with different dates exactly one applies (ALREADY_ENDED), and it is the one stored', async () => {
    const p = free[1];
    const id = (await h.request(RECORD, { i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: '300.00' } }, caseworker(p))).data.recordEnrolment.id;
    const endDate = (i: number) => `2026-${String(2 + (i % 10)).padStart(2, '0')}-${String(1 + Math.floor(i / 10)).padStart(2, '0')}`;
    const out = await runConcurrently(h, {
      mutation: END, field: 'endEnrolment', as: caseworker(p), variables: (i) => ({ i: { enrolmentId: id, endDate: endDate(i) } }),
      expect: {
        succeed: 1, conflictReasons: ['ALREADY_ENDED'],
        chain: {
          entity: 'Enrolment', key: id, sets: (i) => ({ status: 'ENDED', endDate: endDate(i) }),
          stored: async () => {
            const e = await h.db.getRepository(Enrolment).findOneByOrFail({ id });
            return { status: e.status, endDate: e.endDate, amount: e.amount };
          },
        },
      },
    });
    const stored = await h.db.getRepository(Enrolment).findOneByOrFail({ id });
    expect(stored.endDate).toBe(out.successes[0].data.endDate);
  });

  it('recordEnrolment takes an idempotency key: a retry returns the first enrolment, a different payload is CONFLICT, 50 concurrent calls create one', async () => {
    const p = free[2];
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordEnrolment', as: caseworker(p), other: caseworker(p, 'test-other-caseworker'),
      // alice of this township's key replayed by alice of another township or as an education officer: FORBIDDEN;
      // by alice as a civil-affairs officer (who may record it): a new enrolment of her own
      sameSubject: {
        forbidden: [{ role: 'caseworker', township: p.townshipCode === '370281001' ? '370281002' : '370281001' }, { role: 'department_officer', department: 'EDUCATION' }],
        mayWrite: [{ role: 'department_officer', department: 'CIVIL_AFFAIRS' }],
      },
      // temporary assistance (临时救助) may be given to one person more than once
      variables: (variant, key) => ({ i: { personId: p.id, programme: 'TEMPORARY', startDate: `2026-0${variant + 3}-01`, amount: `${500 + 100 * variant}.00`, idempotencyKey: key } }),
      count: () => enrolmentsOf(p.id),
    });
  });

});
