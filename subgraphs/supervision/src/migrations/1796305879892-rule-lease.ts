import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One batch of warning rules at a time across processes (issue 10 item 1; src/modules/rules/lease.ts): the lease
 * `warning_rule_lease` (one row, `warning-rules`, free: expired at the epoch) with its holder and expiry, and the
 * heartbeat of a rule run (`warning_rule_run.heartbeatAt`). A run left RUNNING before this migration gets its start as
 * its heartbeat: the next batch or process start marks it INTERRUPTED (HEARTBEAT_LOST) once the lease has passed.
 */
export class RuleLease1796305879892 implements MigrationInterface {
  name = 'RuleLease1796305879892';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'warning_rule_lease',
        columns: [
          { name: 'name', type: 'varchar', length: '40', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '160', isNullable: true },
          { name: 'batchId', type: 'varchar', length: '36', isNullable: true },
          { name: 'trigger', type: 'varchar', length: '12', isNullable: true },
          { name: 'acquiredAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'renewedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'expiresAt', type: 'varchar', length: '32' },
        ],
      }),
    );
    const e = (n: string) => q.connection.driver.escape(n);
    await q.query(`INSERT INTO ${e('warning_rule_lease')} (${e('name')}, ${e('expiresAt')}) VALUES ('warning-rules', '1970-01-01T00:00:00.000Z')`);
    await q.addColumn('warning_rule_run', new TableColumn({ name: 'heartbeatAt', type: 'varchar', length: '32', isNullable: true }));
    await q.query(`UPDATE ${e('warning_rule_run')} SET ${e('heartbeatAt')} = ${e('startedAt')} WHERE ${e('status')} = 'RUNNING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('warning_rule_run', 'heartbeatAt');
    await q.dropTable('warning_rule_lease');
  }
}
