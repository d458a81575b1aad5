import { Decimal, addDays } from '@aidgraph/subgraph-kit';
import { medicalSeeder } from '@aidgraph/medical/dist/seed/seed';
import { CARE_TYPE_LABELS, medicalClaimRoster } from '@aidgraph/medical/dist/roster/medical.roster';
import { labelOf, seederRows, townshipName, type RosterSpec, type SourceRecord } from './model';

/** 医疗救助花名册: the medical seeder's recorded claims (one per person, hospital, kind of care and admission date). */
export const medicalClaims: RosterSpec = {
  adapter: medicalClaimRoster,
  title: '医疗救助花名册',
  dateFields: ['admissionDate', 'dischargeDate'],
  amountFields: ['totalCost', 'basicInsurancePaid', 'criticalIllnessInsurancePaid', 'eligibleSelfPay'],
  records(pop) {
    const seen = new Set<string>();
    return (seederRows(medicalSeeder(pop.seed), pop).get('MedicalClaim') ?? []).filter((c: SourceRecord) => {
      const key = `${c.personId}|${c.hospital}|${c.careType}|${c.admissionDate}`;
      if (c.status !== 'RECORDED' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
  values(c, pop) {
    const p = pop.persons.get(c.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(c.townshipCode), hospital: c.hospital, diagnosis: c.diagnosis,
      careType: labelOf(CARE_TYPE_LABELS, c.careType), admissionDate: c.admissionDate, dischargeDate: c.dischargeDate, totalCost: c.totalCost,
      basicInsurancePaid: c.basicInsurancePaid, criticalIllnessInsurancePaid: c.criticalIllnessInsurancePaid, eligibleSelfPay: c.eligibleSelfPay,
    };
  },
  requiredBlank: 'hospital',
  badLabel: { field: 'careType', value: '急诊' },
  // discharged the day before admission
  ruleBreak: (r) => ({ row: { ...r, dischargeDate: addDays(r.admissionDate, -1) }, detail: 'DISCHARGE_BEFORE_ADMISSION' }),
  correct: (c, i) => (i % 4 === 2 ? { record: { ...c, totalCost: new Decimal(c.totalCost).plus(100).toFixed(2) }, changed: ['totalCost'] } : null),
};

/** The example rosters of medical, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [medicalClaims];
