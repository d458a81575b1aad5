import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected } from '@aidgraph/subgraph-kit';
import { APPLICATION_CLASS, ApplicationChannel, ApplicationStep, DEPARTMENT, DocumentState, PreliminaryProposal } from './application.enums';

/** A JSON list of strings in a text column (the same on SQLite and PostgreSQL). */
export const jsonListColumn = {
  to: (v: string[] | null | undefined): string | null => (v == null ? null : JSON.stringify(v)),
  from: (v: string | null): string[] => (v == null ? [] : (JSON.parse(v) as string[])),
};

/**
 * 救助申请 One application taken at a township's single window (一窗受理): the applicant, the household, the requested
 * programmes (across departments), the channel, where it stands and since when. The row is the application's state;
 * its history is application_transition.
 */
// deny by default: every field without a rule of its own is of the class application (kit classification.ts)
@Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
@ObjectType({
  description:
    '救助申请 An application for social assistance taken at a township\'s single window (一窗受理): one application for any of the ' +
    'programmes, across departments. Class application: the centre\'s and civil affairs\' officers, staff of the ' +
    'township that handles it (a village assistant: its village\'s), auditors; FORBIDDEN to other departments\' officers; analysts may only count (applications { totalCount }).',
})
@Entity('assistance_application')
@Index('assistance_application_applicant_idx', ['applicantId'])
@Index('assistance_application_household_idx', ['householdId'])
@Index('assistance_application_queue_idx', ['townshipCode', 'stepEnteredOn', 'id'])
@Index('assistance_application_submitted_idx', ['submittedOn', 'id'])
export class AssistanceApplication {
  @Field(() => ID, { description: 'Opaque identifier of the application (a UUID); the application number on the one-time notice.' })
  @PrimaryColumn('uuid')
  id: string;

  /** the applicant (registry Person id; civil affairs owns the person) */
  @Column('uuid')
  applicantId: string;

  /** the applicant's household (registry Household id), when given */
  @Column('uuid', { nullable: true })
  householdId: string | null;

  /** 9-digit township that handles the application: decides a caseworker's and approver's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  /** 12-digit village or community (null when not given at the window): decides a village assistant's scope */
  @Column('varchar', { length: 12, nullable: true })
  villageCode: string | null;

  @Field(() => ApplicationChannel, { description: '受理渠道 How the application reached the window.' })
  @Column('varchar', { length: 20 })
  channel: ApplicationChannel;

  /** 申请项目 programme codes of programmes.json (at least one, no duplicates), stored as JSON text */
  @Column('text', { transformer: jsonListColumn })
  programmes: string[];

  @Field(() => ApplicationStep, { description: '办理环节 The step the application is at.' })
  @Column('varchar', { length: 24 })
  step: ApplicationStep;

  @Field({ description: '先行救助 Urgent (temporary assistance only): aid may be confirmed first, the investigation and verification completed afterwards.' })
  @Column('boolean')
  urgent: boolean;

  @Field({ description: '特殊情况 A special case: the whole process may take 30 working days instead of 20.' })
  @Column('boolean')
  specialCase: boolean;

  @Field({ description: '申请日期 Date submitted (ISO YYYY-MM-DD, China time).' })
  @Column('date')
  submittedOn: string;

  @Field(() => String, { nullable: true, description: '受理日期 Date accepted (ISO date); null before acceptance and when not accepted.' })
  @Column('date', { nullable: true })
  acceptedOn: string | null;

  @Field({ description: '进入本环节日期 Date the application entered its current step (ISO date).' })
  @Column('date')
  stepEnteredOn: string;

  @Field(() => String, { nullable: true, description: '公示开始日期 First day of the public notice (公示, ISO date); null outside the notice.' })
  @Column('date', { nullable: true })
  noticeStartsOn: string | null;

  @Field(() => String, { nullable: true, description: '公示结束日期 Last day of the public notice (7 calendar days, the first included); confirmation only after it.' })
  @Column('date', { nullable: true })
  noticeEndsOn: string | null;

  @Field(() => String, { nullable: true, description: '入户调查完成日期 Date the household investigation was completed (ISO date); for an urgent application it may follow the confirmation.' })
  @Column('date', { nullable: true })
  investigatedOn: string | null;

  @Field(() => String, { nullable: true, description: '核对完成日期 Date the economic verification was recorded (ISO date); for an urgent application it may follow the confirmation.' })
  @Column('date', { nullable: true })
  verifiedOn: string | null;

  @Field(() => PreliminaryProposal, { nullable: true, description: '初审意见 The caseworker\'s preliminary decision; null before it.' })
  @Column('varchar', { length: 8, nullable: true })
  proposal: PreliminaryProposal | null;

  @Field({ description: '经办人 Who took the application: the token subject of the caseworker or village assistant (staff, not the applicant).' })
  @Column('varchar', { length: 128 })
  takenBy: string;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when submitted, +1 on every change; pass it as expectedVersion to change the application (CONFLICT STALE_VERSION otherwise).' })
  @Column('integer')
  version: number;

  @Field(() => String, {
    nullable: true,
    description:
      '一次性告知书 The one-time notice (一次性告知) written at acceptance: every missing document, once, as printable text (the ' +
      'application number, date and township; no personal data). Null before acceptance and when not accepted.',
  })
  @Column('text', { nullable: true })
  oneTimeNotice: string | null;

  @Field(() => String, { nullable: true, description: '理由 The written reasons of a non-acceptance (不予受理) or a refusal (不予批准); null otherwise.' })
  @Column('text', { nullable: true })
  reasons: string | null;

  @Field(() => String, { nullable: true, description: '核对说明 A note of the economic verification (核对); its figures are the civil-affairs run, `verification`.' })
  @Column('text', { nullable: true })
  verificationNote: string | null;

  /** the civil-affairs verification run recorded at the VERIFICATION step (AssistanceApplication.verification resolves it through the graph) */
  @Column('uuid', { nullable: true })
  verificationRunId: string | null;
}

/** 办理记录 One transition of an application: who, in which role, when, from which step to which, and why. */
@Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
@ObjectType({ description: '办理记录 One transition of an application (from one step to another), kept for ever. Class application, as its application.' })
@Entity('application_transition')
@Index('application_transition_application_idx', ['applicationId', 'version'])
export class ApplicationTransition {
  @Field(() => ID, { description: 'Opaque identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @Field(() => Int, { description: '版本 The application\'s version this transition made (1 for the submission).' })
  @Column('integer')
  version: number;

  @Field(() => ApplicationStep, { nullable: true, description: '原环节 The step before; null for the submission.' })
  @Column('varchar', { length: 24, nullable: true })
  fromStep: ApplicationStep | null;

  @Field(() => ApplicationStep, { description: '新环节 The step after (the same step for a follow-up of an urgent application: 先行救助 补充调查/核对).' })
  @Column('varchar', { length: 24 })
  toStep: ApplicationStep;

  @Field({ description: '操作人 Who made the transition: the token subject (staff).' })
  @Column('varchar', { length: 128 })
  subject: string;

  @Field({ description: '角色 The role it was made in (caseworker, township_approver, village_assistant, department_officer).' })
  @Column('varchar', { length: 24 })
  role: string;

  @Field({ description: '时间 When (ISO 8601 UTC timestamp).' })
  @Column('varchar', { length: 32 })
  at: string;

  @Field({ description: '日期 The date in China (ISO YYYY-MM-DD) the transition counts for.' })
  @Column('date')
  on: string;

  @Field(() => String, { nullable: true, description: '说明 The note: a reason, the objection, the preliminary opinion.' })
  @Column('text', { nullable: true })
  note: string | null;
}

/** 申请材料 One document an application needs (from the document table in force on its submission date) and its state. */
@Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
@ObjectType({ description: '申请材料 One document an application needs, and whether it was provided, replaced by a signed commitment (告知承诺) or is missing. Class application, as its application.' })
@Entity('application_document')
export class ApplicationDocument {
  @PrimaryColumn('uuid')
  applicationId: string;

  @Field({ description: '材料代码 The document\'s code in the document table (document-requirements.json).' })
  @PrimaryColumn('varchar', { length: 40 })
  code: string;

  @Field({ description: '材料名称 The document\'s Chinese name.' })
  @Column('varchar', { length: 80 })
  name: string;

  @Field({ description: '可告知承诺 Whether a signed commitment (告知承诺) may replace it.' })
  @Column('boolean')
  commitmentAllowed: boolean;

  @Field(() => DocumentState, { description: '状态 Provided, replaced by a commitment, or missing.' })
  @Column('varchar', { length: 12 })
  state: DocumentState;

  @Field(() => String, { nullable: true, description: '承诺内容 The commitment text the applicant signed (COMMITMENT only).' })
  @Column('text', { nullable: true })
  commitmentText: string | null;
}

/** 入户调查 One household visit of an application's investigation. */
@Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
@ObjectType({ description: '入户调查 A household visit of an application\'s investigation: date, staff, findings. Class application, as its application.' })
@Entity('household_visit')
@Index('household_visit_application_idx', ['applicationId', 'visitedOn'])
export class HouseholdVisit {
  @Field(() => ID, { description: 'Opaque identifier (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @Field({ description: '调查日期 Date of the visit (ISO YYYY-MM-DD).' })
  @Column('date')
  visitedOn: string;

  @Field(() => [String], { description: '调查人员 The staff who visited (at least two by practice; names or staff numbers).' })
  @Column('text', { transformer: jsonListColumn })
  staff: string[];

  @Field({ description: '调查情况 The findings (living conditions, income, assets, as seen).' })
  @Column('text')
  findings: string;

  @Field({ description: '记录人 Who recorded it (token subject).' })
  @Column('varchar', { length: 128 })
  recordedBy: string;

  /** the application's version this visit made (a visit counts for the investigation it follows) */
  @Column('integer')
  applicationVersion: number;
}
