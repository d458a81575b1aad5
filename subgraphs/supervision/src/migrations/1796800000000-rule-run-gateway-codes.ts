import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the gateway answered a FAILED rule run: its GraphQL error codes (`warning_rule_run.gatewayErrorCodes`,
 * comma-separated, null for none; WarningRuleRun.gatewayErrorCodes), so that a run that failed GATEWAY_ERROR says why
 * (e.g. OPERATION_NOT_TRUSTED) without reading the logs. Existing runs keep null.
 */
export class RuleRunGatewayCodes1796800000000 implements MigrationInterface {
  name = 'RuleRunGatewayCodes1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('warning_rule_run', new TableColumn({ name: 'gatewayErrorCodes', type: 'varchar', length: '255', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('warning_rule_run', 'gatewayErrorCodes');
  }
}
