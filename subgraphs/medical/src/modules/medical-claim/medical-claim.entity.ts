import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { MedicalCareType, MedicalClaimStatus } from './medical-claim.enums';

/**
 * 医疗救助申请 One settled hospital stay or outpatient episode of a person, as the medical security bureau records it:
 * the raw figures only. The medical aid (医疗救助支付) is NOT stored: it is computed when read, on the Person path,
 * from the person's civil-affairs category and the policy table (see medical-aid.calculator.ts).
 */
// class health.medical for every field without its own rule: a claim reveals an illness
@Protected('health.medical')
@ObjectType({
  description:
    '医疗救助申请 A medical assistance claim (医疗救助, 国办发〔2021〕42号) recorded by the medical security bureau (医疗保障局): ' +
    'one hospital stay (住院) or outpatient episode (门诊) with its settled costs. The medical aid it earns is computed from ' +
    'the person\'s civil-affairs category and the policy table: see `Person.medicalAssistance`.',
})
@Entity('medical_claim')
@Index('medical_claim_person_idx', ['personId'])
@Index('medical_claim_discharge_idx', ['dischargeDate', 'id'])
@Index('medical_claim_township_idx', ['townshipCode', 'id'])
export class MedicalClaim {
  @Field(() => ID, { description: 'Opaque identifier of the claim (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  /** township that handled the claim (9-digit code) */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => String, {
    nullable: true,
    description:
      '定点医疗机构 Name of the hospital or clinic (designated medical institution) that gave the care. Class quasi.fine: ' +
      'null for analysts (where someone was treated is known to neighbours).',
  })
  @Protected('quasi.fine')
  @Column('varchar', { length: 100 })
  hospital: string;

  @Field(() => String, {
    nullable: true,
    description:
      '诊断 Main diagnosis (疾病诊断), as on the settlement sheet. Sensitive health data: the medical security bureau, ' +
      'caseworkers and auditors only (FORBIDDEN for other departments; analysts get no claim rows, only counts).',
  })
  @Protected({ sensitiveOf: 'MEDICAL_SECURITY' })
  @Column('varchar', { length: 100 })
  diagnosis: string;

  @Field(() => MedicalCareType, { description: '就医类型 Inpatient (住院) or outpatient (门诊).' })
  @Column('varchar', { length: 12 })
  careType: MedicalCareType;

  @Field(() => String, { nullable: true, description: '入院日期 Date of admission (first visit for outpatient care), ISO YYYY-MM-DD. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date')
  admissionDate: string;

  @Field(() => String, {
    nullable: true,
    description:
      '出院日期 Date of discharge (last visit for outpatient care), ISO YYYY-MM-DD. It decides the calendar year whose annual ' +
      'cap the claim counts against and the policy table entry that applies. Class quasi.date: null for analysts (a record date singles its person out).',
  })
  @Protected('quasi.date')
  @Column('date')
  dischargeDate: string;

  @Field(() => YuanScalar, { description: '医疗总费用 Total cost of the care, in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  totalCost: Yuan;

  @Field(() => YuanScalar, { description: '基本医保统筹支付 Part paid by basic medical insurance (城乡居民/职工基本医疗保险), in yuan.' })
  @Column('bigint', { transformer: yuanColumn })
  basicInsurancePaid: Yuan;

  @Field(() => YuanScalar, { description: '大病保险支付 Part paid by critical-illness insurance (城乡居民大病保险), in yuan; 0 when none.' })
  @Column('bigint', { transformer: yuanColumn })
  criticalIllnessInsurancePaid: Yuan;

  @Field(() => YuanScalar, {
    description:
      '政策范围内自付 Eligible remainder: the part of the cost left after both insurances that lies within the policy scope ' +
      '(医保目录内), in yuan. Medical aid is computed on it. At most totalCost - basicInsurancePaid - criticalIllnessInsurancePaid.',
  })
  @Column('bigint', { transformer: yuanColumn })
  eligibleSelfPay: Yuan;

  @Field(() => MedicalClaimStatus, { description: '状态 RECORDED (counts) or WITHDRAWN (counts for nothing).' })
  @Column('varchar', { length: 12 })
  status: MedicalClaimStatus;

  @Field(() => String, { nullable: true, description: '撤回日期 Date the claim was withdrawn, ISO YYYY-MM-DD; null unless WITHDRAWN. Class quasi.date: null for analysts (a record date singles its person out).' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  withdrawnOn: string | null;

  @Field(() => String, { nullable: true, description: '撤回原因 Why the claim was withdrawn (1-200 characters); null unless WITHDRAWN.' })
  @Column('varchar', { length: 200, nullable: true })
  withdrawalReason: string | null;
}
