import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';
import { officer } from '../support/showcase';

const SEED = 'e2e-referrals';
const SIZE = 1500;
const EDUCATION = officer('EDUCATION');
const MEDICAL = officer('MEDICAL_SECURITY');

/**
 * Referrals (协同办理) through the gateway: the service centre refers an accepted application to education and medical;
 * each department finds it in its queue with a ticket and decides it in its own subgraph (its own database); one query
 * answers the application with both departments' decisions. Another department's ticket changes nothing.
 */
describe.each(testDatabaseKinds())('referrals through the gateway on %s', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, { seed: SEED, seedSize: SIZE });
  });
  afterAll(() => stack?.close());

  it('refers an accepted application to each department, which decides it in its own subgraph; one query shows every decision', async () => {
    const people = await stack.query(`{ people(first: 100) { edges { node { id status ageBand township { code } village { code } household { id } } } } }`);
    expect(people.errors).toBeUndefined();
    const p = people.data.people.edges.map((e: any) => e.node).find((n: any) => n.status === 'ACTIVE' && n.ageBand !== 'AGE_0_17' && n.household && n.village);
    const caseworker = { role: 'caseworker' as const, township: p.township.code };
    const sub = await stack.query(
      `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }`,
      { i: { applicantId: p.id, householdId: p.household.id, townshipCode: p.township.code, villageCode: p.village.code, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO', 'EDUCATION', 'MEDICAL'] } },
      caseworker,
    );
    expect(sub.errors).toBeUndefined();
    const id = sub.data.submitApplication.id;
    const acc = await stack.query(`mutation($i: AcceptApplicationInput!) { acceptApplication(input: $i) { id step } }`, { i: { id, expectedVersion: 1, accepted: true } }, caseworker);
    expect(acc.errors).toBeUndefined();

    // each department's queue holds its own referral of this application (the demo's are there too), with the ticket
    const own = await stack.query(`query($id: ID!) { application(id: $id) { referrals { id programme } } }`, { id }, caseworker);
    expect(own.errors).toBeUndefined();
    const referralIds = new Set(own.data.application.referrals.map((r: any) => r.id));
    expect(own.data.application.referrals.map((r: any) => r.programme).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    const ticketOf = async (as: typeof EDUCATION, programme: string) => {
      const q = await stack.query(`query($t: String) { referrals(first: 500, filter: { township: $t }) { edges { node { id programme department ticket } } } }`, { t: p.township.code }, as);
      expect(q.errors).toBeUndefined();
      const nodes = q.data.referrals.edges.map((e: any) => e.node);
      expect(new Set(nodes.map((n: any) => n.department))).toEqual(new Set([as.department]));
      return nodes.find((n: any) => referralIds.has(n.id) && n.programme === programme && n.ticket);
    };
    const edu = await ticketOf(EDUCATION, 'EDUCATION');
    const med = await ticketOf(MEDICAL, 'MEDICAL');
    expect(edu && med).toBeTruthy();

    // another department's ticket is refused and changes nothing
    const wrong = await stack.query(`mutation($i: DecideReferralInput!) { decideEducationReferral(input: $i) { outcome } }`, { i: { ticket: med.ticket, outcome: 'REFUSED', reason: 'OTHER' } }, EDUCATION);
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_DEPARTMENTS_REFERRAL' });

    const e = await stack.query(
      `mutation($i: DecideReferralInput!) { decideEducationReferral(input: $i) { outcome reason note referral { id programme } } }`,
      { i: { ticket: edu.ticket, outcome: 'REFUSED', reason: 'NOT_ELIGIBLE', note: '家中无在校学生', idempotencyKey: `e2e-referral-${kind}-edu` } },
      EDUCATION,
    );
    expect(e.errors).toBeUndefined();
    expect(e.data.decideEducationReferral).toEqual({ outcome: 'REFUSED', reason: 'NOT_ELIGIBLE', note: '家中无在校学生', referral: { id: edu.id, programme: 'EDUCATION' } });
    const m = await stack.query(
      `mutation($i: DecideReferralInput!) { decideMedicalReferral(input: $i) { outcome reason } }`,
      { i: { ticket: med.ticket, outcome: 'REFUSED', reason: 'ALREADY_ASSISTED', note: '已纳入医疗救助，不重复救助' } },
      MEDICAL,
    );
    expect(m.errors).toBeUndefined();

    // one query: the application with every department's decision (each from its own subgraph)
    const all = await stack.query(
      `query($id: ID!) { application(id: $id) { id step referrals { id programme educationDecision { outcome reason } medicalDecision { outcome reason } } } }`,
      { id },
      caseworker,
    );
    expect(all.errors).toBeUndefined();
    const refs = Object.fromEntries(all.data.application.referrals.map((r: any) => [r.programme, r]));
    expect(Object.keys(refs).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    expect(refs.EDUCATION).toMatchObject({ id: edu.id, educationDecision: { outcome: 'REFUSED', reason: 'NOT_ELIGIBLE' }, medicalDecision: null });
    expect(refs.MEDICAL).toMatchObject({ id: med.id, medicalDecision: { outcome: 'REFUSED', reason: 'ALREADY_ASSISTED' }, educationDecision: null });

    // the service centre follows the reason code, not the medical bureau's note (health.medical): FORBIDDEN through the gateway
    const centre = await stack.query(
      `query($id: ID!) { application(id: $id) { referrals { programme medicalDecision { outcome reason note } } } }`,
      { id },
      officer('SOCIAL_ASSISTANCE_CENTRE'),
    );
    const medByCentre = centre.data.application.referrals.find((r: any) => r.programme === 'MEDICAL');
    expect(medByCentre.medicalDecision).toEqual({ outcome: 'REFUSED', reason: 'ALREADY_ASSISTED', note: null });
    expect(centre.errors?.map((x: any) => x.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
