import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The scheduled tick's question, under the rules' lease: did a scheduled batch start within the interval?
 * (src/modules/rules/engine.ts, recentBatch) — an index on `warning_rule_run (trigger, startedAt)`, so that it reads
 * the runs of the window, not the whole table, which grows by a run per rule at every batch.
 */
export class RuleRunTriggerIndex1796720000000 implements MigrationInterface {
  name = 'RuleRunTriggerIndex1796720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('warning_rule_run', new TableIndex({ name: 'warning_rule_run_trigger_idx', columnNames: ['trigger', 'startedAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('warning_rule_run', 'warning_rule_run_trigger_idx');
  }
}
