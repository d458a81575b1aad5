import { describeReferralDecisions, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { referralIdOf, signReferralTicket } from '@aidgraph/subgraph-kit';
import crypto from 'node:crypto';
import { medical } from '../src/subgraph';

describeReferralDecisions({ def: medical, name: 'Medical', department: 'MEDICAL_SECURITY', programme: 'MEDICAL', recordTable: 'medical_claim', recordType: 'MedicalClaim' });

// The hostile review's case (issue 8): a claim recorded in one township, the referral of an application taken in another
describe.each(testDatabaseKinds())('a medical decision\'s claim seen from the application\'s township, on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: 600, seed: 'referral-scope' });
  });
  afterAll(async () => h?.close());

  it('gives the application\'s caseworkers and approver no diagnosis, no hospital and no error for a claim of another township', async () => {
    const [claim] = await h.db.query(`SELECT id, "personId", "townshipCode" FROM medical_claim ORDER BY id LIMIT 1`);
    expect(claim).toBeDefined();
    // recorded in township 370281108
    await h.db.query(`UPDATE medical_claim SET diagnosis = 'HIV感染', "townshipCode" = '370281108' WHERE id = '${claim.id}'`);
    const applicationId = crypto.randomUUID();
    const payload = {
      referralId: referralIdOf(applicationId, 'MEDICAL'), applicationId, department: 'MEDICAL_SECURITY', programme: 'MEDICAL',
      applicantId: String(claim.personId), townshipCode: '370281102', createdOn: '2026-03-02',
    };
    const decided = await h.request(
      'mutation($i: DecideReferralInput!) { decideMedicalReferral(input: $i) { outcome record { id diagnosis } } }',
      { i: { ticket: signReferralTicket(payload), outcome: 'ACCEPTED', recordId: String(claim.id) } },
      { role: 'department_officer', department: 'MEDICAL_SECURITY' },
    );
    expect(decided.errors).toBeUndefined();
    expect(decided.data.decideMedicalReferral).toEqual({ outcome: 'ACCEPTED', record: { id: String(claim.id), diagnosis: 'HIV感染' } });
    const Q = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Referral { id medicalDecision { outcome record { id diagnosis hospital totalCost careType } } } } }';
    const r = [{ __typename: 'Referral', id: payload.referralId }];
    for (const role of ['caseworker', 'township_approver'] as const) {
      const res = await h.request(Q, { r }, { role, township: '370281102' });
      expect(res.errors).toBeUndefined();
      expect(res.data._entities[0].medicalDecision).toEqual({ outcome: 'ACCEPTED', record: null });
    }
    // their own view of the person agrees: no claim of another township
    const own = await h.request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { medicalClaims { id } } } }', { r: [{ __typename: 'Person', id: String(claim.personId) }] }, { role: 'caseworker', township: '370281102' });
    expect(own.errors).toBeUndefined();
    expect(own.data._entities[0].medicalClaims).toEqual([]);
    // the claim's own township's staff would see it, as the bureau and auditors do
    const auditor = await h.request(Q, { r }, { role: 'auditor' });
    expect(auditor.errors).toBeUndefined();
    expect(auditor.data._entities[0].medicalDecision.record).toMatchObject({ id: String(claim.id), diagnosis: 'HIV感染' });
  });
});
