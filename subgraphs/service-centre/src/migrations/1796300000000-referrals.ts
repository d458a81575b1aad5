import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** 协同办理 Referrals of accepted applications to the departments that run their requested programmes (Referral). */
export class Referrals1796300000000 implements MigrationInterface {
  name = 'Referrals1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'referral',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'applicationId', type: uuidType(q) },
          { name: 'department', type: 'varchar', length: '32' },
          { name: 'programme', type: 'varchar', length: '32' },
          { name: 'applicantId', type: uuidType(q) },
          { name: 'householdId', type: uuidType(q), isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12', isNullable: true },
          { name: 'createdOn', type: 'date' },
        ],
        indices: [
          new TableIndex({ name: 'referral_application_idx', columnNames: ['applicationId'] }),
          new TableIndex({ name: 'referral_queue_idx', columnNames: ['department', 'createdOn', 'id'] }),
          new TableIndex({ name: 'referral_township_idx', columnNames: ['townshipCode', 'createdOn', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('referral');
  }
}
