import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { MedicalCareType, MedicalClaimStatus } from './medical-claim.enums';

@InputType({ description: 'Filters of the medical claim list (医疗救助申请). All given filters must hold. Each given filter is checked against the access classification (FORBIDDEN, from the query alone, for a role that may not use it): analysts may not filter by hospital, year or personId (fields null for them, or one person\'s claims).' })
export class MedicalClaimFilter {
  @Field(() => Int, { nullable: true, description: 'Calendar year of the discharge date (出院年度), e.g. 2024.' })
  year?: number | null;

  @Field(() => String, { nullable: true, description: '9-digit code of the township that handled the claim.' })
  townshipCode?: string | null;

  @Field(() => MedicalCareType, { nullable: true, description: 'Inpatient (住院) or outpatient (门诊) only.' })
  careType?: MedicalCareType | null;

  @Field(() => String, { nullable: true, description: 'Hospital name contains this text (1-100 characters), e.g. "人民医院".' })
  hospital?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the claims of this person (registry id, a UUID).' })
  personId?: string | null;

  @Field(() => MedicalClaimStatus, { nullable: true, description: 'Only claims in this status (all statuses when absent).' })
  status?: MedicalClaimStatus | null;
}

@InputType({
  description:
    'A settled hospital stay or outpatient episode to record as a medical assistance claim (medical security staff). ' +
    'The medical aid is not typed in: it is computed from the figures, the person\'s category and the policy table.',
})
export class RecordMedicalClaimInput {
  @Field(() => ID, { description: 'The person (registry id, a UUID).' })
  personId: string;

  @Field({ description: '9-digit code of the township that handles the claim (normally the person\'s township of registration).' })
  townshipCode: string;

  @Field({ description: '定点医疗机构 Hospital or clinic name, 1-100 characters.' })
  hospital: string;

  @Field({ description: '诊断 Main diagnosis, 1-100 characters (sensitive health data).' })
  diagnosis: string;

  @Field(() => MedicalCareType, { description: '住院 INPATIENT or 门诊 OUTPATIENT.' })
  careType: MedicalCareType;

  @Field({ description: '入院日期 Admission date (first visit for outpatient care), ISO YYYY-MM-DD.' })
  admissionDate: string;

  @Field({ description: '出院日期 Discharge date (last visit for outpatient care), ISO YYYY-MM-DD; not before admission, not in the future.' })
  dischargeDate: string;

  @Field(() => YuanScalar, { description: '医疗总费用 Total cost in yuan: above 0, at most the plausible maximum of the kind of care in force on the discharge date (MEDICAL_CLAIM_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  totalCost: Yuan;

  @Field(() => YuanScalar, { description: '基本医保统筹支付 Paid by basic medical insurance, in yuan; 0 or more.' })
  basicInsurancePaid: Yuan;

  @Field(() => YuanScalar, {
    nullable: true,
    defaultValue: '0.00',
    description: '大病保险支付 Paid by critical-illness insurance, in yuan; 0 or more (default 0). Both insurances together at most the total.',
  })
  criticalIllnessInsurancePaid?: Yuan | null;

  @Field(() => YuanScalar, {
    description: '政策范围内自付 Eligible remainder in yuan: 0 or more, at most total - basic insurance - critical-illness insurance.',
  })
  eligibleSelfPay: Yuan;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A correction of a recorded (not withdrawn) medical claim: only the fields given change; the result is validated as a ' +
    'whole. The person cannot change: withdraw the claim and record it for the right person.',
})
export class CorrectMedicalClaimInput {
  @Field(() => ID, { description: 'The claim to correct.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'New township code (9 digits).' })
  townshipCode?: string | null;

  @Field(() => String, { nullable: true, description: 'New hospital name, 1-100 characters.' })
  hospital?: string | null;

  @Field(() => String, { nullable: true, description: 'New main diagnosis, 1-100 characters.' })
  diagnosis?: string | null;

  @Field(() => MedicalCareType, { nullable: true, description: 'New kind of care.' })
  careType?: MedicalCareType | null;

  @Field(() => String, { nullable: true, description: 'New admission date, ISO YYYY-MM-DD.' })
  admissionDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New discharge date, ISO YYYY-MM-DD.' })
  dischargeDate?: string | null;

  @Field(() => YuanScalar, { nullable: true, description: 'New total cost in yuan.' })
  totalCost?: Yuan | null;

  @Field(() => YuanScalar, { nullable: true, description: 'New basic medical insurance part in yuan.' })
  basicInsurancePaid?: Yuan | null;

  @Field(() => YuanScalar, { nullable: true, description: 'New critical-illness insurance part in yuan.' })
  criticalIllnessInsurancePaid?: Yuan | null;

  @Field(() => YuanScalar, { nullable: true, description: 'New eligible remainder (政策范围内自付) in yuan.' })
  eligibleSelfPay?: Yuan | null;
}

@InputType({ description: 'Withdraw a recorded medical claim: it stays on record (status WITHDRAWN) and counts for nothing.' })
export class WithdrawMedicalClaimInput {
  @Field(() => ID, { description: 'The claim to withdraw.' })
  id: string;

  @Field({ description: '撤回原因 Why, 1-200 characters (e.g. "重复录入" entered twice).' })
  reason: string;
}
