import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** 一窗受理 records (the entity AssistanceApplication). */
export class Initial1796205370152 implements MigrationInterface {
  name = 'Initial1796205370152';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'assistance_application',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'amount', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'decidedOn', type: 'date' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'assistance_application_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'assistance_application_decided_idx', columnNames: ['decidedOn', 'id'] }),
          new TableIndex({ name: 'assistance_application_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('assistance_application');
  }
}
