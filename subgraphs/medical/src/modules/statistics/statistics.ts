import { defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { MedicalClaim } from '../medical-claim/medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from '../medical-claim/medical-claim.enums';

/**
 * 医疗救助统计 Medical claims (Query.medicalClaimStatistics): amount sums the total cost. No fund use here: the medical aid
 * paid is computed from the claim and the category on the discharge date (Person.medicalAssistance), not stored.
 */
export const medicalClaimStatistics = defineStatistics({
  name: 'medicalClaim',
  records: '医疗救助申请 medical claims',
  entity: MedicalClaim,
  person: 'personId',
  amount: 'totalCost',
  departments: ['MEDICAL_SECURITY'],
  dimensions: {
    TOWNSHIP: dim.township(),
    CARE_TYPE: dim.enumOf('careType', MedicalCareType, '就医类型 Inpatient or outpatient.'),
    STATUS: dim.enumOf('status', MedicalClaimStatus, '状态 The claim\'s status.'),
    DISCHARGE_YEAR: dim.year('dischargeDate', '出院年份 The year of discharge.'),
    DISCHARGE_MONTH: dim.month('dischargeDate', '出院月份 The month of discharge (YYYY-MM).'),
  },
});
