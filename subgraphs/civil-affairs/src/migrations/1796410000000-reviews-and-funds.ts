import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';
import { nextReviewDate, ReviewCycleValue } from '../modules/review/review.rules';

/**
 * Reviews (复核), phase-out (渐退) and funds (issue 10 items 2 and 4): on `enrolment` a `version`, the `reviewCycle` and
 * the `nextReviewDate` (backfilled for DIBAO and TEKUN enrolments in force: YEARLY, start date + 12 months — the rule
 * for an enrolment with no review recorded); the review history `enrolment_review`; the budgets `fund_budget`; the
 * payment batches `payment_batch` (one per programme and month) and their lines `payment_line` (one per programme,
 * month and person: a person is never paid twice in a month, by constraint). Amounts in fen.
 */
export class ReviewsAndFunds1796410000000 implements MigrationInterface {
  name = 'ReviewsAndFunds1796410000000';

  async up(q: QueryRunner): Promise<void> {
    const uuid = uuidType(q);
    await q.addColumn('enrolment', new TableColumn({ name: 'nextReviewDate', type: 'date', isNullable: true }));
    await q.addColumn('enrolment', new TableColumn({ name: 'reviewCycle', type: 'varchar', length: '12', isNullable: true }));
    await q.addColumn('enrolment', new TableColumn({ name: 'version', type: 'integer', default: 1 }));
    await q.createIndex('enrolment', new TableIndex({ name: 'enrolment_review_due_idx', columnNames: ['townshipCode', 'nextReviewDate', 'id'] }));
    // backfill, one UPDATE per distinct start date (the same answer on SQLite and PostgreSQL: dates computed here, not in SQL)
    const e = (n: string) => q.connection.driver.escape(n);
    const starts: { s: string }[] = await q.query(
      `SELECT DISTINCT ${e('startDate')} AS s FROM ${e('enrolment')} WHERE ${e('programme')} IN ('DIBAO', 'TEKUN') AND ${e('status')} = 'ACTIVE'`,
    );
    const param = (i: number) => (q.connection.driver.options.type === 'postgres' ? `$${i}` : '?');
    for (const { s } of starts) {
      const start = typeof s === 'string' ? s.slice(0, 10) : new Date(s).toISOString().slice(0, 10);
      await q.query(
        `UPDATE ${e('enrolment')} SET ${e('reviewCycle')} = ${param(1)}, ${e('nextReviewDate')} = ${param(2)} ` +
          `WHERE ${e('programme')} IN ('DIBAO', 'TEKUN') AND ${e('status')} = 'ACTIVE' AND ${e('startDate')} = ${param(3)}`,
        [ReviewCycleValue.YEARLY, nextReviewDate(ReviewCycleValue.YEARLY, start), start],
      );
    }
    await q.createTable(
      new Table({
        name: 'enrolment_review',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'enrolmentId', type: uuid },
          { name: 'personId', type: uuid },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'programme', type: 'varchar', length: '16' },
          { name: 'reviewedOn', type: 'date' },
          { name: 'outcome', type: 'varchar', length: '12' },
          { name: 'amountBefore', type: 'bigint' },
          { name: 'amountAfter', type: 'bigint' },
          { name: 'reviewCycle', type: 'varchar', length: '12' },
          { name: 'nextReviewDate', type: 'date', isNullable: true },
          { name: 'phaseOutEndsOn', type: 'date', isNullable: true },
          { name: 'endDate', type: 'date', isNullable: true },
          { name: 'verificationRunId', type: uuid, isNullable: true },
          { name: 'enrolmentVersion', type: 'integer' },
          { name: 'reviewedBy', type: 'varchar', length: '128' },
          { name: 'recordedAt', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'enrolment_review_enrolment_idx', columnNames: ['enrolmentId', 'enrolmentVersion'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'fund_budget',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'programme', type: 'varchar', length: '16' },
          { name: 'year', type: 'integer' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'amount', type: 'bigint' },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'updatedBy', type: 'varchar', length: '128' },
          { name: 'updatedAt', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'fund_budget_key_uq', columnNames: ['programme', 'year', 'townshipCode'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'payment_batch',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'programme', type: 'varchar', length: '16' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'generatedOn', type: 'date' },
          { name: 'generatedBy', type: 'varchar', length: '128' },
          { name: 'lineCount', type: 'integer' },
          { name: 'totalAmount', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'payment_batch_month_uq', columnNames: ['programme', 'month'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'payment_line',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'batchId', type: uuid },
          { name: 'programme', type: 'varchar', length: '16' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'personId', type: uuid },
          { name: 'enrolmentId', type: uuid },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'amount', type: 'bigint' },
        ],
        indices: [
          new TableIndex({ name: 'payment_line_person_month_uq', columnNames: ['programme', 'month', 'personId'], isUnique: true }),
          new TableIndex({ name: 'payment_line_batch_idx', columnNames: ['batchId', 'townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payment_line');
    await q.dropTable('payment_batch');
    await q.dropTable('fund_budget');
    await q.dropTable('enrolment_review');
    await q.dropIndex('enrolment', 'enrolment_review_due_idx');
    await q.dropColumn('enrolment', 'version');
    await q.dropColumn('enrolment', 'reviewCycle');
    await q.dropColumn('enrolment', 'nextReviewDate');
  }
}
