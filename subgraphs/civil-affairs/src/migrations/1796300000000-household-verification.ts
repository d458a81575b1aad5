import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/**
 * Household economic verification (issue 9 item 1): the income and asset items per member (verification_item), the
 * members' circumstances the counting rules need (member_circumstance, append-only) and the stored verification runs
 * with their inputs snapshot, standards, rule version, outcome and explanation (verification_run). Amounts in fen.
 */
export class HouseholdVerification1796300000000 implements MigrationInterface {
  name = 'HouseholdVerification1796300000000';

  async up(q: QueryRunner): Promise<void> {
    const uuid = uuidType(q);
    await q.createTable(
      new Table({
        name: 'verification_item',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'personId', type: uuid },
          { name: 'householdId', type: uuid },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'source', type: 'varchar', length: '32' },
          { name: 'origin', type: 'varchar', length: '16' },
          { name: 'amount', type: 'bigint' },
          { name: 'periodFrom', type: 'varchar', length: '7' },
          { name: 'periodTo', type: 'varchar', length: '7' },
          { name: 'obtainedOn', type: 'date' },
          { name: 'reference', type: 'varchar', length: '200', isNullable: true },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'recordedAt', type: 'varchar', length: '32' },
        ],
        indices: [
          new TableIndex({ name: 'verification_item_household_idx', columnNames: ['householdId', 'obtainedOn'] }),
          new TableIndex({ name: 'verification_item_person_idx', columnNames: ['personId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_circumstance',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'personId', type: uuid },
          { name: 'householdId', type: uuid },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'effectiveFrom', type: 'date' },
          { name: 'fullTimeStudent', type: 'boolean' },
          { name: 'cannotLiveIndependently', type: 'boolean' },
          { name: 'livesApart', type: 'boolean' },
          { name: 'clergyAwaySince', type: 'date', isNullable: true },
          { name: 'confinement', type: 'varchar', length: '32' },
          { name: 'declaredMissing', type: 'boolean' },
          { name: 'hasAbleLegalSupporter', type: 'boolean', isNullable: true },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'recordedAt', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'member_circumstance_person_idx', columnNames: ['personId', 'effectiveFrom'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'verification_run',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'householdId', type: uuid },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'runOn', type: 'date' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'countedMembers', type: 'integer' },
          { name: 'perCapitaIncome', type: 'bigint', isNullable: true },
          { name: 'assetsWithinLimits', type: 'boolean' },
          { name: 'dibaoAmount', type: 'bigint', isNullable: true },
          { name: 'singlePersonCoverageJson', type: 'text' },
          { name: 'tekunJson', type: 'text' },
          { name: 'stepsJson', type: 'text' },
          { name: 'standardsJson', type: 'text' },
          { name: 'inputsJson', type: 'text' },
          { name: 'rulesVersion', type: 'varchar', length: '200' },
          { name: 'subject', type: 'varchar', length: '128', isNullable: true },
          { name: 'verifiedAt', type: 'varchar', length: '32', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'verification_run_household_idx', columnNames: ['householdId', 'runOn'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('verification_run');
    await q.dropTable('member_circumstance');
    await q.dropTable('verification_item');
  }
}
