import { operation } from './operations';
import type { Stack } from './stack';

/** A seeded person the end-to-end tests follow across departments, with their registry keys. */
export interface Showcase {
  id: string;
  idNumber: string;
  townshipCode: string;
  householdId: string;
  headId: string;
}

export const officer = (department: string) => ({ role: 'department_officer' as const, department });

/** A seeded pupil of an assisted household (education aid is seeded only for them), found through the graph. */
export async function seededPupil(stack: Stack): Promise<Showcase> {
  const aid = await stack.query(`{ educationAids(first: 1, filter: { schoolStage: PRIMARY }) { edges { node { person { id idNumber township { code } household { id head { id } } } } } } }`);
  const p = aid.data.educationAids.edges[0].node.person;
  return { id: p.id, idNumber: p.idNumber, townshipCode: p.township.code, householdId: p.household.id, headId: p.household.head.id };
}

/**
 * Complete the person's records in the departments that have none for them, through the gateway, as each
 * department's officer: a medical claim, a disability certificate, a rent subsidy for the household, a charity grant.
 */
export async function completeRecords(stack: Stack, person: Showcase): Promise<void> {
  const before = (await stack.query(operation('person-across-departments'), { id: person.id, year: 2025 })).data.person;
  if (!before.medicalClaims.length) {
    const r = await stack.query(
      `mutation($i: RecordMedicalClaimInput!) { recordMedicalClaim(input: $i) { id } }`,
      { i: { personId: person.id, townshipCode: person.townshipCode, hospital: '胶州市人民医院', diagnosis: '肺炎', careType: 'INPATIENT', admissionDate: '2025-03-02', dischargeDate: '2025-03-12', totalCost: '12000', basicInsurancePaid: '7000', criticalIllnessInsurancePaid: '0', eligibleSelfPay: '4000' } },
      officer('MEDICAL_SECURITY'),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  if (!before.disabilityCertificates.length) {
    const r = await stack.query(
      `mutation($i: IssueDisabilityCertificateInput!) { issueDisabilityCertificate(input: $i) { id } }`,
      { i: { personId: person.id, number: `${person.idNumber}43`, category: 'PHYSICAL', grade: 'GRADE_3', issuedOn: '2025-01-10', expiresOn: '2035-01-09', townshipCode: person.townshipCode, holderIdNumber: person.idNumber } },
      officer('DISABLED_PERSONS_FEDERATION'),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  if (!before.household.housingAssistance.currentRentSubsidy && !before.household.housingAssistance.currentPublicRentalAllocation) {
    const r = await stack.query(
      `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`,
      { i: { householdId: person.householdId, applicantId: person.headId, townshipCode: person.townshipCode, monthlyAmount: '360', startMonth: '2026-01', endMonth: '2026-12' } },
      officer('HOUSING'),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
  if (!before.charityGrants.length) {
    const projects = await stack.query(`{ charityProjects(first: 50, filter: { status: OPEN }) { edges { node { id balance startDate endDate } } } }`, undefined, officer('CHARITY_FEDERATION'));
    const project = projects.data.charityProjects.edges.map((e: any) => e.node).find((p: any) => Number(p.balance) >= 500 && p.startDate <= '2025-12-01' && (!p.endDate || p.endDate >= '2025-12-01'));
    if (!project) throw new Error('no open charity project with a balance');
    const r = await stack.query(
      `mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`,
      { i: { projectId: project.id, personId: person.id, townshipCode: person.townshipCode, amount: '500', grantedOn: '2025-12-01', reason: '助学' } },
      officer('CHARITY_FEDERATION'),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }

}
