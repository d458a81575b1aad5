import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Education aid records. */
export class Initial1764400000000 implements MigrationInterface {
  name = 'Initial1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'education_aid',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'schoolStage', type: 'varchar', length: '20' },
          { name: 'school', type: 'varchar', length: '100' },
          { name: 'aidType', type: 'varchar', length: '24' },
          { name: 'academicYear', type: 'varchar', length: '9' },
          { name: 'amount', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'approvedOn', type: 'date' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'education_aid_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'education_aid_year_idx', columnNames: ['academicYear', 'id'] }),
          new TableIndex({ name: 'education_aid_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('education_aid');
  }
}
