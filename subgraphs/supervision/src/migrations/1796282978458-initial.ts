import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Supervision alerts (WarningAlert) and the runs of the warning rules (WarningRuleRun). */
export class Initial1796282978458 implements MigrationInterface {
  name = 'Initial1796282978458';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'warning_alert',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'openKey', type: 'varchar', length: '80', isNullable: true },
          { name: 'evidenceDigest', type: 'varchar', length: '64' },
          { name: 'classes', type: 'text' },
          { name: 'rule', type: 'varchar', length: '40' },
          { name: 'severity', type: 'varchar', length: '8' },
          { name: 'personId', type: uuidType(q) },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'departments', type: 'text' },
          { name: 'evidence', type: 'text' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'assignedTo', type: 'varchar', length: '128', isNullable: true },
          { name: 'resolutionReason', type: 'varchar', length: '32', isNullable: true },
          { name: 'dismissalReason', type: 'varchar', length: '32', isNullable: true },
          { name: 'note', type: 'varchar', length: '2000', isNullable: true },
          { name: 'raisedOn', type: 'date' },
          { name: 'lastSeenOn', type: 'date' },
          { name: 'lastRunId', type: uuidType(q) },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'warning_alert_open_key', columnNames: ['openKey'], isUnique: true }),
          new TableIndex({ name: 'warning_alert_rule_status_idx', columnNames: ['rule', 'status', 'id'] }),
          new TableIndex({ name: 'warning_alert_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'warning_alert_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'warning_alert_raised_idx', columnNames: ['raisedOn', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'warning_rule_run',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'batchId', type: uuidType(q) },
          { name: 'rule', type: 'varchar', length: '40' },
          { name: 'trigger', type: 'varchar', length: '12' },
          { name: 'startedBy', type: 'varchar', length: '128' },
          { name: 'startedAt', type: 'varchar', length: '32' },
          { name: 'finishedAt', type: 'varchar', length: '32', isNullable: true },
          { name: 'rowsRead', type: 'integer' },
          { name: 'alertsRaised', type: 'integer' },
          { name: 'alertsSeen', type: 'integer' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'errorCode', type: 'varchar', length: '40', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'warning_rule_run_batch_idx', columnNames: ['batchId'] }),
          new TableIndex({ name: 'warning_rule_run_rule_idx', columnNames: ['rule', 'startedAt'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('warning_rule_run');
    await q.dropTable('warning_alert');
  }
}
