import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField } from '@aidgraph/subgraph-kit';
import { VisitFinding } from './visit.policy';

@InputType({ description: '探访 A visit to a recipient household to record.' })
export class RecordRecipientVisitInput {
  @Field(() => ID, { description: '家庭 The household visited: one with a member whose DIBAO, TEKUN or MARGINAL enrolment is in force on the visit\'s date (CONFLICT NOT_A_RECIPIENT_HOUSEHOLD otherwise).' })
  householdId: string;

  @Field({ description: '探访日期 Date of the visit (ISO date): not in the future, not before 2020-12-16 (胶政发〔2020〕106号).' })
  visitedOn: string;

  @Field(() => [VisitFinding], { description: '探访发现 What was found: 1-9 codes, no duplicates.' })
  findings: VisitFinding[];

  @Field(() => String, { nullable: true, description: '情况说明 A note (at most 2000 characters); required with OTHER.' })
  note?: string | null;

  @Field({ description: '需要跟进 Whether a follow-up is needed (then followUpBy is required).' })
  followUpNeeded: boolean;

  @Field(() => String, { nullable: true, description: '跟进期限 The date to follow up by (ISO date, on or after the visit, at most a year later); required with followUpNeeded, refused without.' })
  followUpBy?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '跟进完成 The follow-up of a visit done.' })
export class CompleteVisitFollowUpInput {
  @Field(() => ID, { description: 'The visit.' })
  id: string;

  @Field(() => Int, { description: '版本 The version the caller last saw (CONFLICT STALE_VERSION otherwise).' })
  expectedVersion: number;

  @Field({ description: '完成日期 When it was done (ISO date): on or after the visit, not in the future.' })
  doneOn: string;

  @Field(() => String, { nullable: true, description: '跟进情况 What was done (at most 2000 characters).' })
  note?: string | null;
}

@InputType({ description: '结对帮扶 A cadre to pair with a recipient household.' })
export class StartCadrePairingInput {
  @Field(() => ID, { description: '家庭 The household: a recipient household (DIBAO, TEKUN or MARGINAL in force on fromDate) with no active pairing (CONFLICT ACTIVE_PAIRING_EXISTS).' })
  householdId: string;

  @Field({ description: '帮扶干部 The cadre\'s staff subject (as the identity provider names staff: 1-128 printable characters).' })
  cadreSubject: string;

  @Field({ description: '干部姓名 The cadre\'s name (1-64 characters).' })
  cadreName: string;

  @Field({ description: '工作单位 The cadre\'s unit (1-100 characters).' })
  cadreUnit: string;

  @Field({ description: '开始日期 First day (ISO date): not more than 31 days ahead.' })
  fromDate: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '结束结对 End a pairing.' })
export class EndCadrePairingInput {
  @Field(() => ID, { description: 'The pairing.' })
  id: string;

  @Field(() => Int, { description: '版本 The version the caller last saw.' })
  expectedVersion: number;

  @Field({ description: '结束日期 Last day (ISO date): on or after fromDate, not in the future.' })
  toDate: string;
}
