import { randomUUID } from 'node:crypto';
import { medical } from '../src/subgraph';
import { TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { MedicalClaim } from '../src/modules/medical-claim/medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from '../src/modules/medical-claim/medical-claim.enums';
import { computeMedicalAid } from '../src/modules/medical-assistance/medical-aid.calculator';
import { medicalPolicy } from '../src/modules/medical-assistance/medical-policy';
import { AssistanceCategory } from '../src/modules/person/assistance-category.enum';

/** A federation representation of a person whose civil-affairs category has been `category` since 2000 (NONE: no period). */
function personWith(id: string, category: string) {
  return { __typename: 'Person', id, assistanceCategoryHistory: category === 'NONE' ? [] : [{ from: '2000-01-01', to: null, category }] };
}

/**
 * Aggregates that ignore scope (issue 14, item 2): a caseworker of township A asking about a person with medical claims
 * handled in A and in B must get totals, deductible and cap computed from A's claims only — a figure that counted B's
 * claims would reveal them (a total, a deductible already consumed, a cap already reached). Officers of the bureau,
 * analysts and auditors get the figure over all the claims.
 */
const SEED = 'medical-scope';
const SIZE = 200;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);

describe.each(testDatabaseKinds())('medical aid totals within the caller\'s scope on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('computes every figure of Person.medicalAssistance from the claims the caller may see', async () => {
    const taken = new Set((await h.db.query(`SELECT DISTINCT "personId" FROM medical_claim`)).map((r: any) => r.personId));
    const p = persons.find((x) => x.status === 'ACTIVE' && !taken.has(x.id))!;
    const a = p.townshipCode;
    const b = TOWNSHIPS.find((t) => t.code !== a)!.code;
    const claim = (townshipCode: string, day: string, eligibleSelfPay: string): MedicalClaim =>
      Object.assign(new MedicalClaim(), {
        id: randomUUID(), personId: p.id, townshipCode, hospital: `胶州市${townshipCode}医院`, diagnosis: '肺炎',
        careType: MedicalCareType.INPATIENT, admissionDate: day, dischargeDate: day, totalCost: '90000.00',
        basicInsurancePaid: '20000.00', criticalIllnessInsurancePaid: '0.00', eligibleSelfPay, status: MedicalClaimStatus.RECORDED,
        withdrawnOn: null, withdrawalReason: null,
      });
    // B's claim comes first and is large: over all claims it takes the deductible and most of the cap
    const claims = [claim(b, '2025-01-10', '60000.00'), claim(a, '2025-03-10', '4000.00'), claim(a, '2025-06-10', '3000.00')];
    await h.db.getRepository(MedicalClaim).save(claims);

    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { medicalAssistance(year: 2025) {
      totalCost insurancePaid eligibleSelfPay deductibleApplied yearToDate outOfPocket remainingCap
      claims { claim { id } deductibleApplied medicalAidPaid capReached }
    } } } }`;
    const reps = [personWith(p.id, 'DIBAO')];
    const policy = medicalPolicy();
    const expectFor = (visible: MedicalClaim[]) => {
      const aid = computeMedicalAid(AssistanceCategory.DIBAO, visible, 2025, policy);
      return {
        totalCost: aid.totalCost, insurancePaid: aid.insurancePaid, eligibleSelfPay: aid.eligibleSelfPay, deductibleApplied: aid.deductibleApplied,
        yearToDate: aid.yearToDate, outOfPocket: aid.outOfPocket, remainingCap: aid.remainingCap,
        claims: aid.claims.map((l) => ({ claim: { id: l.claim.id }, deductibleApplied: l.deductibleApplied, medicalAidPaid: l.medicalAidPaid, capReached: l.capReached })),
      };
    };
    const readAs = async (as: Parameters<SubgraphHarness['request']>[2]) => {
      const r = await h.request(q, { r: reps }, as);
      expect(r.errors).toBeUndefined();
      return r.data._entities[0].medicalAssistance;
    };

    const inA = claims.filter((c) => c.townshipCode === a);
    const inB = claims.filter((c) => c.townshipCode === b);
    const caseworkerA = await readAs({ role: 'caseworker', township: a });
    expect(caseworkerA).toEqual(expectFor(inA));
    expect(await readAs({ role: 'caseworker', township: b })).toEqual(expectFor(inB));
    // the figure over every claim differs (so the scoped one really leaves B's claims out) and is what the bureau sees
    const all = expectFor(claims);
    expect(all.totalCost).not.toBe(caseworkerA.totalCost);
    expect(all.yearToDate).not.toBe(caseworkerA.yearToDate);
    expect(all.remainingCap).not.toBe(caseworkerA.remainingCap);
    for (const as of [{ role: 'department_officer' as const, department: 'MEDICAL_SECURITY' }, { role: 'auditor' as const }])
      expect({ as: as.role, aid: await readAs(as) }).toEqual({ as: as.role, aid: all });
    // analysts get none, even with the category in the representation: the figure reveals the category (quasi.programme)
    expect(await readAs({ role: 'analyst' })).toBeNull();
    // a caseworker of a third township sees an empty year, not a total of hidden claims
    const c = TOWNSHIPS.find((t) => t.code !== a && t.code !== b)!.code;
    const none = await readAs({ role: 'caseworker', township: c });
    expect({ totalCost: none.totalCost, yearToDate: none.yearToDate, claims: none.claims }).toEqual({ totalCost: '0.00', yearToDate: '0.00', claims: [] });
  });
});
