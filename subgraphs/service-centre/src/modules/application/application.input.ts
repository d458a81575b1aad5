import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates } from '@aidgraph/subgraph-kit';
import { APPLICATION_CLASS, ApplicationChannel, ApplicationStep, DEPARTMENT, DocumentState, PreliminaryProposal } from './application.enums';
import { CommitmentInput } from '../credit/credit.input';

@InputType({ description: 'Filters of the applications list. All given filters must hold. Each is classified (application): FORBIDDEN, from the query alone, for a role that may not see applications; analysts may use them to count.' })
export class AssistanceApplicationFilter {
  @Field(() => String, { nullable: true, description: '乡镇/街道 9-digit township code.' })
  township?: string | null;

  @Field(() => String, { nullable: true, description: '村/社区 12-digit village or community code.' })
  village?: string | null;

  @Field(() => ApplicationStep, { nullable: true, description: '办理环节 Only applications at this step.' })
  step?: ApplicationStep | null;

  @Field(() => String, { nullable: true, description: '申请项目 Only applications requesting this programme (a code of programmes.json).' })
  programme?: string | null;

  @Field(() => ApplicationChannel, { nullable: true, description: '受理渠道 Only applications taken through this channel.' })
  channel?: ApplicationChannel | null;

  @Field(() => String, { nullable: true, description: '申请日期起 Submitted on or after this date (ISO YYYY-MM-DD).' })
  submittedFrom?: string | null;

  @Field(() => String, { nullable: true, description: '申请日期止 Submitted on or before this date (ISO YYYY-MM-DD).' })
  submittedTo?: string | null;

  @Field(() => ID, { nullable: true, description: '申请人 Only the applications of this person (registry id).' })
  applicantId?: string | null;
}

// each filter is classified like the field it filters on (assertFiltersAllowed refuses an unclassified filter to everyone)
const record = { class: APPLICATION_CLASS, owner: DEPARTMENT, kind: 'filter' as const };
classifyCoordinates({
  'Query.applications': { class: APPLICATION_CLASS, owner: DEPARTMENT, kind: 'list', note: 'analysts may select only totalCount (answered null to them: no count for them: the statistics queries answer only those who see the rows), not list: an application reveals that a person asked for assistance' },
  'Person.applications': { class: APPLICATION_CLASS, owner: DEPARTMENT, kind: 'list', outcomes: { analyst: 'omitted' }, note: 'analysts get an empty list: an application links a person to poverty' },
  'Household.applications': { class: APPLICATION_CLASS, owner: DEPARTMENT, kind: 'list', outcomes: { analyst: 'omitted' }, note: 'analysts get an empty list: an application links a household to poverty' },
  'AssistanceApplicationFilter.township': record,
  // a village and a period narrow a count to a handful of households (who in the village asked for help, and when): not for analysts
  'AssistanceApplicationFilter.village': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, a village count singles households out' },
  // the step and the channel split a township's count by programme into cells of one or two households, and a DIBAO
  // notice names the family (公示), so a count of 1 would tie a noticed family to a medical or legal aid application:
  // analysts count by township and programme only (small cells: issue 9's suppression)
  'AssistanceApplicationFilter.step': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, with a programme it leaves cells of one household' },
  'AssistanceApplicationFilter.programme': record,
  'AssistanceApplicationFilter.channel': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, with a programme it leaves cells of one household' },
  'AssistanceApplicationFilter.submittedFrom': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, dates of a person\'s records are quasi.date' },
  'AssistanceApplicationFilter.submittedTo': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'analysts: FORBIDDEN, dates of a person\'s records are quasi.date' },
  'AssistanceApplicationFilter.applicantId': { ...record, outcomes: { analyst: 'FORBIDDEN' }, note: 'one person\'s applications; analysts: FORBIDDEN even for a count (it would tell whether that person applied)' },
});

@InputType({ description: '申请材料 The state of one required document, as checked at the window.' })
export class DocumentStateInput {
  @Field({ description: '材料代码 The document\'s code (one the application needs: see AssistanceApplication.documents).' })
  code: string;

  @Field(() => DocumentState, { description: '状态 PROVIDED, COMMITMENT (where the table allows it) or MISSING.' })
  state: DocumentState;

  @Field(() => String, { nullable: true, description: '承诺内容 The commitment text the applicant signed: required with COMMITMENT, refused otherwise (1-2000 characters).' })
  commitmentText?: string | null;
}

@InputType({ description: '提交申请 An application to submit: at the window (caseworker, channel WINDOW) or on the family\'s behalf (village assistant, channel VILLAGE_ASSISTANT).' })
export class SubmitApplicationInput {
  @Field(() => ID, { description: '申请人 The applicant: a person of the registry (civil affairs), active.' })
  applicantId: string;

  @Field(() => ID, { nullable: true, description: '家庭 The applicant\'s household in the registry (the applicant must be a member).' })
  householdId?: string | null;

  @Field({ description: '乡镇/街道 9-digit township that handles the application (the applicant\'s township of registration).' })
  townshipCode: string;

  @Field(() => String, { nullable: true, description: '村/社区 12-digit village or community code: the applicant\'s village of registration, taken from the registry when omitted; another village (or one that does not exist) is BAD_USER_INPUT NOT_THE_PERSONS_VILLAGE. A village assistant submits for persons of its own village.' })
  villageCode?: string | null;

  @Field(() => ApplicationChannel, { description: '受理渠道 WINDOW for a caseworker, VILLAGE_ASSISTANT for a village assistant (SELF_SERVICE is not taken here).' })
  channel: ApplicationChannel;

  @Field(() => [String], { description: '申请项目 The programmes requested (codes of programmes.json): at least one, no duplicates.' })
  programmes: string[];

  @Field(() => Boolean, { nullable: true, description: '先行救助 Urgent: only for an application for temporary assistance alone (TEMPORARY). Default false.' })
  urgent?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '特殊情况 A special case (30 working days instead of 20). Default false.' })
  specialCase?: boolean | null;

  @Field(() => [DocumentStateInput], { nullable: true, description: '申请材料 Documents already handed in (the others are MISSING until acceptance).' })
  documents?: DocumentStateInput[] | null;

  @Field(() => CommitmentInput, {
    nullable: true,
    description:
      '告知承诺书 The commitment the applicant signed (which text, when, by whom): required (BAD_USER_INPUT REQUIRED at commitment without it; ' +
      'nullable in the schema only so that a missing one is answered as an input error). Kept with the application (AssistanceApplication.commitment).',
  })
  commitment?: CommitmentInput | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: 'A change of an application: which one and the version the caller saw.' })
export class ApplicationChangeInput {
  @Field(() => ID, { description: 'The application.' })
  id: string;

  @Field(() => Int, { description: '版本 The version the caller last saw (CONFLICT STALE_VERSION when the application changed since).' })
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: '说明 A note kept with the transition (at most 2000 characters).' })
  note?: string | null;
}

@InputType({ description: '受理 Acceptance: accepted with the documents\' states (→ INVESTIGATION, one-time notice written) or not accepted with the reason (→ NOT_ACCEPTED).' })
export class AcceptApplicationInput extends ApplicationChangeInput {
  @Field({ description: 'true: accepted; false: not accepted (不予受理; `reason` required).' })
  accepted: boolean;

  @Field(() => [DocumentStateInput], { nullable: true, description: '申请材料 The documents\' states at acceptance (documents not listed keep their state; MISSING ones go on the one-time notice).' })
  documents?: DocumentStateInput[] | null;

  @Field(() => String, { nullable: true, description: '不予受理理由 The reason of a non-acceptance (required when accepted is false; 1-2000 characters).' })
  reason?: string | null;
}

@InputType({ description: '入户调查 A household visit to record.' })
export class RecordHouseholdVisitInput extends ApplicationChangeInput {
  @Field({ description: '调查日期 Date of the visit (ISO YYYY-MM-DD): not before the acceptance, not in the future.' })
  visitedOn: string;

  @Field(() => [String], { description: '调查人员 The staff who visited: 1-5 names or staff numbers.' })
  staff: string[];

  @Field({ description: '调查情况 The findings (1-4000 characters).' })
  findings: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '核对 The economic verification recorded: the civil-affairs verification run of the applicant\'s household, and a note.' })
export class RecordVerificationInput extends ApplicationChangeInput {
  @Field(() => ID, {
    nullable: true,
    description:
      '核对结果 The id of a stored civil-affairs VerificationRun (verifyHousehold) of the applicant\'s household, for a date ' +
      'not before the submission. Required (BAD_USER_INPUT REQUIRED without it, BAD_ID when not a UUID; NOT_FOUND ' +
      'VERIFICATION_RUN_NOT_FOUND for a run civil affairs does not show the caller; CONFLICT NOT_THE_APPLICANTS_HOUSEHOLD ' +
      'for another household\'s run, VERIFICATION_BEFORE_SUBMISSION for an older one).',
  })
  verificationRunId?: string | null;

  @Field(() => String, { nullable: true, description: '核对说明 A note of the verification (at most 2000 characters).' })
  verificationNote?: string | null;
}

@InputType({ description: '初审 The caseworker\'s preliminary decision.' })
export class PreliminaryDecisionInput extends ApplicationChangeInput {
  @Field(() => PreliminaryProposal, { description: 'APPROVE: to public notice (7 calendar days from today); REFUSE: refused with written reasons.' })
  proposal: PreliminaryProposal;

  @Field(() => String, { nullable: true, description: '不予批准理由 Written reasons (required with REFUSE; 1-2000 characters).' })
  reasons?: string | null;

  @Field(() => [NoticeAmountInput], {
    nullable: true,
    description:
      '拟救助金额 With APPROVE: the proposed amount of each noticed programme the application requests (DIBAO, TEKUN, TEMPORARY), one ' +
      'each, shown on the public notice (公示); required for them (BAD_USER_INPUT REQUIRED at noticeAmounts), refused for any other ' +
      'programme (NOT_NOTICED) and with REFUSE (NOT_ALLOWED).',
  })
  noticeAmounts?: NoticeAmountInput[] | null;
}

@InputType({ description: '拟救助金额 The proposed amount of one noticed programme, shown on the public notice (公示).' })
export class NoticeAmountInput {
  @Field(() => String, { description: '救助项目 The noticed programme: DIBAO, TEKUN or TEMPORARY (one the application requests).' })
  programme: string;

  @Field(() => YuanScalar, { description: '金额 The proposed amount in yuan (exact, at most 2 decimals, more than 0): per month for DIBAO and TEKUN, once for TEMPORARY.' })
  amount: string;
}

@InputType({ description: '异议 An objection received during the public notice: the case goes back to investigation.' })
export class RecordObjectionInput extends ApplicationChangeInput {
  @Field({ description: '异议内容 The objection as received (1-2000 characters; who objected is not recorded here).' })
  objection: string;
}

@InputType({ description: '不予批准 A refusal by the township approver, with written reasons.' })
export class RefuseApplicationInput extends ApplicationChangeInput {
  @Field({ description: '不予批准理由 Written reasons (1-2000 characters).' })
  reasons: string;
}
