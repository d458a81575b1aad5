import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, classifyCoordinates } from '@aidgraph/subgraph-kit';
import { DEPARTMENT } from '../application/application.enums';
import { CREDIT_CLASS, CommitmentSigner, DishonestConduct, DishonestyStatus } from './credit.policy';

@InputType({ description: '告知承诺书 The commitment the applicant signed, handed in with the application (required at submission).' })
export class CommitmentInput {
  @Field(() => String, { nullable: true, description: '承诺书版本 The id of the text signed (commitment-texts.json); default: the text in force on signedOn. UNKNOWN_COMMITMENT_TEXT for an unknown id, TEXT_NOT_IN_FORCE when it was not in force on signedOn.' })
  textId?: string | null;

  @Field(() => String, { nullable: true, description: '签署日期 Date signed (ISO YYYY-MM-DD); default today. Not after today (DATE_IN_FUTURE), at most 30 days before it (TOO_OLD).' })
  signedOn?: string | null;

  @Field(() => CommitmentSigner, { description: '签署人 The applicant or an agent (委托代理人/监护人).' })
  signedBy: CommitmentSigner;
}

@InputType({ description: '失信认定 A dishonesty record to make: the fraud confirmed on an application.' })
export class RecordDishonestyInput {
  @Field(() => ID, { description: '申请 The application on which the fraud was confirmed; the record is its applicant\'s.' })
  applicationId: string;

  @Field(() => [DishonestConduct], { description: '失信行为 The conduct confirmed: 1-4, no duplicates.' })
  conducts: DishonestConduct[];

  @Field(() => [String], { description: '法律依据 The legal bases (codes of LEGAL_BASES, see DishonestyRecord.legalBasisCitations): SA_ART68 (社会救助暂行办法 第六十八条) always, no duplicates.' })
  legalBases: string[];

  @Field({ description: '认定事实 The facts found (1-2000 characters).' })
  findings: string;

  @Field({ description: '开始日期 First day of the period (ISO date): not after today, not before the application\'s submission.' })
  startsOn: string;

  @Field({ description: '结束日期 Last day of the period (ISO date, included): not before startsOn, at most 5 years from it (PERIOD_TOO_LONG).' })
  endsOn: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '撤销失信记录 Revoke a dishonesty record (an appeal upheld, a wrong finding), with the reason.' })
export class RevokeDishonestyRecordInput {
  @Field(() => ID, { description: 'The record.' })
  id: string;

  @Field(() => Int, { description: '版本 The version the caller last saw (CONFLICT STALE_VERSION when it changed since).' })
  expectedVersion: number;

  @Field({ description: '撤销理由 Why (1-2000 characters), e.g. the appeal decision\'s number.' })
  reason: string;
}

@InputType({ description: 'Filters of the dishonesty records list (all given filters must hold). Class credit.' })
export class DishonestyRecordFilter {
  @Field(() => String, { nullable: true, description: '乡镇/街道 9-digit township code of the application.' })
  township?: string | null;

  @Field(() => ID, { nullable: true, description: '当事人 Only this person\'s records (registry id).' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: '申请 Only the records of this application.' })
  applicationId?: string | null;

  @Field(() => DishonestyStatus, { nullable: true, description: '状态 Only records of this status today (the service clock).' })
  status?: DishonestyStatus | null;
}

const FILTER = { class: CREDIT_CLASS, owner: DEPARTMENT, kind: 'filter' as const };
classifyCoordinates({
  'DishonestyRecordFilter.township': FILTER,
  'DishonestyRecordFilter.personId': FILTER,
  'DishonestyRecordFilter.applicationId': FILTER,
  'DishonestyRecordFilter.status': FILTER,
});
