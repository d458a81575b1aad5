import { generatePopulation } from '@aidgraph/population';
import {
  assertIdempotentCreation, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { disability } from '../src/subgraph';
import { DisabilityCertificate } from '../src/modules/disability-certificate/disability-certificate.entity';
import { DisabilitySubsidy } from '../src/modules/disability-subsidy/disability-subsidy.entity';
import { RehabilitationService } from '../src/modules/rehabilitation-service/rehabilitation-service.entity';

/** The kit's concurrency harness on every disability mutation: 50 calls at once against one record (issue 14 items 5, 6). */
const SEED = 'disability-concurrency';
const SIZE = 300;
const adults = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members).filter((p) => !p.disability && p.age >= 30 && p.status === 'ACTIVE');
type P = (typeof adults)[number];
const OFFICER = { role: 'department_officer' as const, department: 'DISABLED_PERSONS_FEDERATION' };
const OTHER_OFFICER = { ...OFFICER, subject: 'test-other-federation-officer' };
const ISSUE = `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id status } }`;
const CORRECT_CERT = `mutation($i: CorrectDisabilityCertificateInput!) { correctDisabilityCertificate(input: $i) { id expiresOn } }`;
const REVOKE = `mutation($i: RevokeDisabilityCertificateInput!) { revokeDisabilityCertificate(input: $i) { id status } }`;
const GRANT = `mutation($i: GrantDisabilitySubsidyInput!) { grantDisabilitySubsidy(input: $i) { id status } }`;
const END = `mutation($i: EndDisabilitySubsidyInput!) { endDisabilitySubsidy(input: $i) { id status endDate } }`;
const RECORD_SERVICE = `mutation($i: RecordRehabilitationServiceInput!) { recordRehabilitationService(input: $i) { id } }`;
const CORRECT_SERVICE = `mutation($i: CorrectRehabilitationServiceInput!) { correctRehabilitationService(input: $i) { id amount } }`;

const certificate = (p: P) => ({
  personId: p.id, number: `${p.idNumber}43`, category: 'PHYSICAL', grade: 'GRADE_3', issuedOn: '2025-03-01', expiresOn: '2035-02-28', townshipCode: p.townshipCode,
});
const service = (p: P, startDate: string) => ({
  personId: p.id, programme: 'ADULT_REHABILITATION', kind: 'REHABILITATION_TRAINING', provider: '胶州市康复中心', startDate, amount: '3000.00', townshipCode: p.townshipCode,
});
/** `days` days after 2035-03-01, ISO. */
const dayAfter = (days: number) => new Date(Date.UTC(2035, 2, 1 + days)).toISOString().slice(0, 10);

describe.each(testDatabaseKinds())('disability mutations under concurrency on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  const ok = async (query: string, i: Record<string, unknown>, field: string): Promise<string> => {
    const r = await h.request(query, { i }, OFFICER);
    expect(r.errors).toBeUndefined();
    return r.data[field].id;
  };
  const issue = (p: P) => ok(ISSUE, certificate(p), 'issueDisabilityCertificate');
  const grant = (p: P) => ok(GRANT, { personId: p.id, kind: 'LIVING', difficulty: 'DIBAO', startDate: '2025-04-01', townshipCode: p.townshipCode }, 'grantDisabilitySubsidy');
  const certificatesOf = (personId: string) => h.db.getRepository(DisabilityCertificate).countBy({ personId });

  it('issueDisabilityCertificate: of 50 concurrent issues for one person exactly one is recorded', async () => {
    const p = adults[0];
    await runConcurrently(h, {
      mutation: ISSUE, field: 'issueDisabilityCertificate', as: OFFICER, variables: () => ({ i: certificate(p) }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_HOLDS_VALID_CERTIFICATE', 'DUPLICATE_NUMBER'], records: { count: () => certificatesOf(p.id), equals: 1 } },
    });
  });

  it('correctDisabilityCertificate: 50 concurrent corrections to different expiry dates all apply, one after the other', async () => {
    const id = await issue(adults[1]);
    await runConcurrently(h, {
      mutation: CORRECT_CERT, field: 'correctDisabilityCertificate', as: OFFICER, variables: (i) => ({ i: { id, expiresOn: dayAfter(i) } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'DisabilityCertificate', key: id, sets: (i) => ({ expiresOn: dayAfter(i) }),
          stored: async () => ({ expiresOn: (await h.db.getRepository(DisabilityCertificate).findOneByOrFail({ id })).expiresOn }),
        },
      },
    });
  });

  it('revokeDisabilityCertificate: of 50 concurrent revocations exactly one applies (NOT_VALID), and the subsidy ends once', async () => {
    const p = adults[2];
    const id = await issue(p);
    const subsidy = await grant(p);
    await runConcurrently(h, {
      mutation: REVOKE, field: 'revokeDisabilityCertificate', as: OFFICER,
      variables: (i) => ({ i: { id, revokedOn: `2025-06-${String(1 + (i % 28)).padStart(2, '0')}`, reason: 'OTHER' } }),
      expect: {
        succeed: 1, conflictReasons: ['NOT_VALID'],
        chain: { entity: 'DisabilityCertificate', key: id, sets: () => ({ status: 'REVOKED' }), stored: async () => ({ status: (await h.db.getRepository(DisabilityCertificate).findOneByOrFail({ id })).status }) },
      },
    });
    const ends = (await h.db.query(`SELECT detail FROM audit_log WHERE kind = 'write'`)).filter((r: { detail: string }) => r.detail.includes(subsidy) && r.detail.includes('"update"'));
    expect(ends).toHaveLength(1);
  });

  it('grantDisabilitySubsidy: of 50 concurrent grants of one kind to one person exactly one is recorded (ALREADY_GRANTED)', async () => {
    const p = adults[3];
    await issue(p);
    await runConcurrently(h, {
      mutation: GRANT, field: 'grantDisabilitySubsidy', as: OFFICER,
      variables: () => ({ i: { personId: p.id, kind: 'LIVING', difficulty: 'DIBAO', startDate: '2025-04-01', townshipCode: p.townshipCode } }),
      expect: { succeed: 1, conflictReasons: ['ALREADY_GRANTED'], records: { count: () => h.db.getRepository(DisabilitySubsidy).countBy({ personId: p.id }), equals: 1 } },
    });
  });

  it('endDisabilitySubsidy: of 50 concurrent ends with different dates exactly one applies (ALREADY_ENDED), and it is the one stored', async () => {
    const p = adults[4];
    await issue(p);
    const id = await grant(p);
    const endDate = (i: number) => `2025-${String(5 + (i % 7)).padStart(2, '0')}-${String(1 + Math.floor(i / 7)).padStart(2, '0')}`;
    const out = await runConcurrently(h, {
      mutation: END, field: 'endDisabilitySubsidy', as: OFFICER, variables: (i) => ({ i: { id, endDate: endDate(i), reason: 'OTHER' } }),
      expect: {
        succeed: 1, conflictReasons: ['ALREADY_ENDED'],
        chain: {
          entity: 'DisabilitySubsidy', key: id, sets: (i) => ({ endDate: endDate(i) }),
          stored: async () => {
            const s = await h.db.getRepository(DisabilitySubsidy).findOneByOrFail({ id });
            return { status: s.status, endDate: s.endDate };
          },
        },
      },
    });
    expect((await h.db.getRepository(DisabilitySubsidy).findOneByOrFail({ id })).endDate).toBe(out.successes[0].data.endDate);
  });

  it('recordRehabilitationService: of 50 concurrent identical services exactly one is recorded (DUPLICATE_SERVICE)', async () => {
    const p = adults[5];
    await runConcurrently(h, {
      mutation: RECORD_SERVICE, field: 'recordRehabilitationService', as: OFFICER, variables: () => ({ i: service(p, '2025-07-01') }),
      expect: { succeed: 1, conflictReasons: ['DUPLICATE_SERVICE'], records: { count: () => h.db.getRepository(RehabilitationService).countBy({ personId: p.id }), equals: 1 } },
    });
  });

  it('correctRehabilitationService: 50 concurrent corrections to different amounts all apply, one after the other, none lost', async () => {
    const id = await ok(RECORD_SERVICE, service(adults[6], '2025-07-01'), 'recordRehabilitationService');
    await runConcurrently(h, {
      mutation: CORRECT_SERVICE, field: 'correctRehabilitationService', as: OFFICER, variables: (i) => ({ i: { id, amount: `${2000 + i}.00` } }),
      expect: {
        succeed: 'all',
        chain: {
          entity: 'RehabilitationService', key: id, sets: (i) => ({ amount: `${2000 + i}.00` }),
          stored: async () => ({ amount: (await h.db.getRepository(RehabilitationService).findOneByOrFail({ id })).amount }),
        },
      },
    });
  });

  it('issueDisabilityCertificate takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const people = [adults[7], adults[8], adults[9]];
    await assertIdempotentCreation(h, {
      mutation: ISSUE, field: 'issueDisabilityCertificate', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...certificate(people[variant]), idempotencyKey: key } }),
      count: () => h.db.getRepository(DisabilityCertificate).count(),
    });
  });

  it('grantDisabilitySubsidy takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const people = [adults[10], adults[11], adults[12]];
    for (const p of people) await issue(p);
    await assertIdempotentCreation(h, {
      mutation: GRANT, field: 'grantDisabilitySubsidy', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({
        i: { personId: people[variant].id, kind: 'LIVING', difficulty: 'DIBAO', startDate: '2025-04-01', townshipCode: people[variant].townshipCode, idempotencyKey: key },
      }),
      count: () => h.db.getRepository(DisabilitySubsidy).count(),
    });
  });

  it('recordRehabilitationService takes an idempotency key (retry, reuse, other caller, 50 concurrent)', async () => {
    const p = adults[13];
    await assertIdempotentCreation(h, {
      mutation: RECORD_SERVICE, field: 'recordRehabilitationService', as: OFFICER, other: OTHER_OFFICER,
      variables: (variant, key) => ({ i: { ...service(p, `2025-0${variant + 7}-01`), idempotencyKey: key } }),
      count: () => h.db.getRepository(RehabilitationService).countBy({ personId: p.id }),
    });
  });

});
