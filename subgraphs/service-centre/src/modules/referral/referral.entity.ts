import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, REFERRAL_DESCRIPTION, REFERRAL_ID_DESCRIPTION } from '@aidgraph/subgraph-kit';

/**
 * 协同办理 One referral of an accepted application to the department that runs one of its requested programmes (one per
 * programme that neither civil affairs nor the service centre runs), made in the acceptance transaction. The department
 * decides it in its own subgraph (with the signed `ticket`) and adds its decision to this entity (`Referral.educationDecision`, ...).
 * Class referral: the rows are scoped by the lists (a department's officers see the referrals to their department only).
 */
@Protected({ class: 'referral' })
@Directive('@key(fields: "id")')
@ObjectType('Referral', { description: REFERRAL_DESCRIPTION })
@Entity('referral')
@Index('referral_application_idx', ['applicationId'])
@Index('referral_queue_idx', ['department', 'createdOn', 'id'])
@Index('referral_township_idx', ['townshipCode', 'createdOn', 'id'])
export class Referral {
  @Field(() => ID, { description: REFERRAL_ID_DESCRIPTION })
  @PrimaryColumn('uuid')
  id: string;

  /** the application referred (assistance_application.id) */
  @Column('uuid')
  applicationId: string;

  @Field(() => String, { description: '承办部门 The department the referral goes to (department code of programmes.json, e.g. EDUCATION).' })
  @Column('varchar', { length: 32 })
  department: string;

  @Field(() => String, { description: '救助项目 The requested programme the department runs (programme code of programmes.json, e.g. EDUCATION, MEDICAL).' })
  @Column('varchar', { length: 32 })
  programme: string;

  /** the applicant (registry Person id) */
  @Column('uuid')
  applicantId: string;

  /** the applicant's household (registry Household id) when the application names it: the department may accept with a member's record */
  @Column('uuid', { nullable: true })
  householdId: string | null;

  /** the township that took the application (9 digits): its caseworkers and approvers see the referral */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => String, { nullable: true, description: '村/社区 The application\'s 12-digit village or community code; null when not given at the window.' })
  @Column('varchar', { length: 12, nullable: true })
  villageCode: string | null;

  @Field(() => String, { description: '转办日期 The day the referral was made: the application\'s acceptance (ISO YYYY-MM-DD, China time).' })
  @Column('date')
  createdOn: string;

  /** the person the row is about, for the audit log (ownerOf reads personId) */
  get personId(): string {
    return this.applicantId;
  }
}
