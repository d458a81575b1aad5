import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** 公示 The public notices of applications of noticed programmes (PublicNotice). */
export class PublicNotices1796400000000 implements MigrationInterface {
  name = 'PublicNotices1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'public_notice',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'applicationId', type: uuidType(q) },
          { name: 'applicantId', type: uuidType(q) },
          { name: 'programme', type: 'varchar', length: '32' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'startsOn', type: 'date' },
          { name: 'endsOn', type: 'date' },
          { name: 'amount', type: 'bigint' },
          { name: 'endedOn', type: 'date', isNullable: true },
          { name: 'endedBecause', type: 'varchar', length: '16', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'public_notice_village_idx', columnNames: ['villageCode', 'programme', 'startsOn'] }),
          new TableIndex({ name: 'public_notice_application_idx', columnNames: ['applicationId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('public_notice');
  }
}
