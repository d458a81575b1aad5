import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Supplementary payment batches (补发, issue 10 item 4): a batch gets a `kind` (REGULAR, SUPPLEMENTARY) and a `sequence`
 * within its programme and month (1: the regular batch; every existing batch is one: REGULAR, 1), and the unique key of
 * `payment_batch` becomes (programme, month, sequence). A person stays paid at most once per programme and month across
 * the month's batches by `payment_line (programme, month, personId)`, unchanged. `payment_line (enrolmentId, month)`
 * serves an enrolment's payments (Enrolment.paidSince).
 */
export class PaymentBatchKinds1796710000000 implements MigrationInterface {
  name = 'PaymentBatchKinds1796710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('payment_batch', new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'REGULAR'" }));
    await q.addColumn('payment_batch', new TableColumn({ name: 'sequence', type: 'integer', default: 1 }));
    await q.dropIndex('payment_batch', 'payment_batch_month_uq');
    await q.createIndex('payment_batch', new TableIndex({ name: 'payment_batch_sequence_uq', columnNames: ['programme', 'month', 'sequence'], isUnique: true }));
    await q.createIndex('payment_line', new TableIndex({ name: 'payment_line_enrolment_idx', columnNames: ['enrolmentId', 'month'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('payment_line', 'payment_line_enrolment_idx');
    // the supplementary batches' lines and the batches themselves go: (programme, month) is unique again
    const e = (n: string) => q.connection.driver.escape(n);
    await q.query(`DELETE FROM ${e('payment_line')} WHERE ${e('batchId')} IN (SELECT ${e('id')} FROM ${e('payment_batch')} WHERE ${e('sequence')} <> 1)`);
    await q.query(`DELETE FROM ${e('payment_batch')} WHERE ${e('sequence')} <> 1`);
    await q.dropIndex('payment_batch', 'payment_batch_sequence_uq');
    await q.createIndex('payment_batch', new TableIndex({ name: 'payment_batch_month_uq', columnNames: ['programme', 'month'], isUnique: true }));
    await q.dropColumn('payment_batch', 'sequence');
    await q.dropColumn('payment_batch', 'kind');
  }
}
