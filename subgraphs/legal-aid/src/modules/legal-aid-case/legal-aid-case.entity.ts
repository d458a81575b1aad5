import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, yuanColumn, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import {
  DEPARTMENT, LegalAidCaseStatus, LegalAidEligibility, LegalAidMatter, LegalAidOutcome, LegalAidRefusalReason, LegalAidType,
  LegalAidWithdrawalReason,
} from './legal-aid-case.enums';

/**
 * 法律援助案件 One legal aid case of a person, from the application to its outcome, as the justice bureau (市司法局)
 * keeps it. Every field without a rule of its own is class legal.aid (a case reveals a criminal charge, a family dispute
 * or poverty): JUSTICE officers, caseworkers of the handling township, auditors; FORBIDDEN to other departments'
 * officers; analysts get no rows (only counts).
 */
// the class is written out (not LEGAL_AID_CLASS): the kit's classification test reads the decorators' text
@Protected({ class: 'legal.aid', owner: DEPARTMENT })
@ObjectType({
  description:
    '法律援助案件 A legal aid case (法律援助法 2022, 山东省法律援助条例) kept by the justice bureau (市司法局, JUSTICE): the application, ' +
    'the decision (受理 or 不予援助), the provider assigned and the outcome. Class legal.aid: it reveals a criminal charge, a family ' +
    'dispute or poverty, so FORBIDDEN to other departments\' officers; analysts get no rows (legalAidCases answers them a bare count).',
})
@Entity('legal_aid_case')
@Index('legal_aid_case_person_idx', ['personId'])
@Index('legal_aid_case_applied_idx', ['appliedOn', 'id'])
@Index('legal_aid_case_township_idx', ['townshipCode', 'id'])
export class LegalAidCase {
  @Field(() => ID, { description: 'Opaque identifier of the case (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the applicant, a registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  /** township that handles the case (9-digit code): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => String, { nullable: true, description: '申请日期 Date the application was received (ISO YYYY-MM-DD). Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date')
  appliedOn: string;

  @Field(() => LegalAidType, { description: '援助类型 The kind of aid asked for.' })
  @Column('varchar', { length: 32 })
  aidType: LegalAidType;

  @Field(() => LegalAidMatter, { description: '案件类别 What the case is about.' })
  @Column('varchar', { length: 32 })
  matter: LegalAidMatter;

  @Field(() => LegalAidEligibility, { description: '援助理由 Why the applicant is eligible: economic hardship, or a ground without an economic test.' })
  @Column('varchar', { length: 32 })
  eligibility: LegalAidEligibility;

  @Field(() => LegalAidCaseStatus, { description: '案件状态 Where the case is.' })
  @Column('varchar', { length: 12 })
  status: LegalAidCaseStatus;

  @Field(() => String, { nullable: true, description: '审查决定日期 Date aid was granted (受理) or refused, ISO YYYY-MM-DD; null while APPLIED (and for a case withdrawn before a decision). Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  decidedOn: string | null;

  @Field(() => LegalAidRefusalReason, { nullable: true, description: '不予援助理由 Why aid was refused; null unless REFUSED.' })
  @Column('varchar', { length: 24, nullable: true })
  refusalReason: LegalAidRefusalReason | null;

  /** the assigned provider (legal_service_provider.id); null before assignment */
  @Column('uuid', { nullable: true })
  providerId: string | null;

  @Field(() => String, { nullable: true, description: '指派日期 Date the provider was assigned, ISO YYYY-MM-DD; null before. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  assignedOn: string | null;

  @Field(() => String, { nullable: true, description: '结案日期 Date the case was closed, ISO YYYY-MM-DD; null unless CLOSED. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  closedOn: string | null;

  @Field(() => LegalAidOutcome, { nullable: true, description: '结案结果 How the case ended; null unless CLOSED.' })
  @Column('varchar', { length: 24, nullable: true })
  outcome: LegalAidOutcome | null;

  @Field(() => YuanScalar, { nullable: true, description: '办案补贴 The subsidy paid to the provider for the case, in yuan (exact decimal); null unless CLOSED.' })
  @Column('bigint', { transformer: yuanColumn, nullable: true })
  subsidy: Yuan | null;

  @Field(() => String, { nullable: true, description: '终止日期 Date an open case ended without an outcome, ISO YYYY-MM-DD; null unless WITHDRAWN. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date', { nullable: true })
  withdrawnOn: string | null;

  @Field(() => LegalAidWithdrawalReason, { nullable: true, description: '终止理由 Why the case ended without an outcome; null unless WITHDRAWN.' })
  @Column('varchar', { length: 24, nullable: true })
  withdrawalReason: LegalAidWithdrawalReason | null;
}
