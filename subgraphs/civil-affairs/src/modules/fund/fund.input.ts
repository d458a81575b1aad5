import { Field, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, classifyCoordinates, type Yuan } from '@aidgraph/subgraph-kit';
import { CivilAffairsProgramme } from '../common/enums';

@InputType({ description: '资金预算 The budget of a programme for a year and a township, set or changed (civil-affairs officers).' })
export class SetFundBudgetInput {
  @Field(() => CivilAffairsProgramme, { description: '救助项目 DIBAO, TEKUN or TEMPORARY (MARGINAL pays nothing: NOT_PAID).' })
  programme: CivilAffairsProgramme;

  @Field(() => Int, { description: '年度 The budget year (2020 to next year).' })
  year: number;

  @Field({ description: '乡镇/街道 The 9-digit township code.' })
  townshipCode: string;

  @Field(() => YuanScalar, { description: '预算金额 The budget, exact yuan, 0 or more (at most 10000000000.00).' })
  amount: Yuan;

  @Field(() => Int, {
    nullable: true,
    description: '版本 The version read (FundBudget.version) when changing an existing budget (required then; CONFLICT STALE_VERSION when it changed since); omitted for a new one (CONFLICT BUDGET_EXISTS when one exists).',
  })
  expectedVersion?: number | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '生成发放批次 The programme and month of a payment batch to generate: the month\'s regular batch (generatePaymentBatch) or a supplementary one (补发, generateSupplementaryPaymentBatch) (civil-affairs officers).' })
export class GeneratePaymentBatchInput {
  @Field(() => CivilAffairsProgramme, { description: '救助项目 DIBAO or TEKUN (the monthly programmes; others: BAD_USER_INPUT NOT_MONTHLY).' })
  programme: CivilAffairsProgramme;

  @Field({ description: '发放月份 The month (YYYY-MM): not after the current month (AIDGRAPH_TODAY clock: DATE_OUT_OF_RANGE), not before the month of the first dibao standard (BEFORE_PROGRAMME, the message naming that month, for any earlier month, before 2000 too).' })
  month: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

const CA = { class: 'department.record' as const, owner: 'CIVIL_AFFAIRS' };
classifyCoordinates({
  'Query.fundBudgets': { ...CA, kind: 'list', note: 'budgets of the caller\'s township (caseworkers, approvers) or every township (civil-affairs officers, auditors)' },
  'Query.fundSpending': { ...CA, kind: 'list', note: 'budget against payments per month: the caller\'s township or the city' },
  'Query.paymentBatches': { ...CA, kind: 'list', note: 'the batches (per programme and month; lineCount and totalAmount: the caller\'s township\'s subtotal for caseworkers and approvers, the city\'s for civil-affairs officers and auditors); no person in them' },
  'Query.paymentBatch': { ...CA, kind: 'lookup', note: 'one batch; its lines are scoped to the caller\'s township' },
  'PaymentBatch.lines': { ...CA, kind: 'list', note: 'per-person lines, scoped: a caseworker or approver sees the lines of its township only' },
});
