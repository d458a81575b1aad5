import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** {{programme}} records (the entity {{Record}}). */
export class Initial{{timestamp}} implements MigrationInterface {
  name = 'Initial{{timestamp}}';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: '{{record_snake}}',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'amount', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'decidedOn', type: 'date' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: '{{record_snake}}_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: '{{record_snake}}_decided_idx', columnNames: ['decidedOn', 'id'] }),
          new TableIndex({ name: '{{record_snake}}_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('{{record_snake}}');
  }
}
