import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** 探访, 结对帮扶 Visits to recipient households and cadre-family pairings (issue 10 item 5). */
export class Visits1796600000000 implements MigrationInterface {
  name = 'Visits1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'recipient_visit',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'householdId', type: uuidType(q) },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'visitedOn', type: 'date' },
          { name: 'visitedBy', type: 'varchar', length: '128' },
          { name: 'visitorRole', type: 'varchar', length: '24' },
          { name: 'findings', type: 'text' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'followUpNeeded', type: 'boolean' },
          { name: 'followUpBy', type: 'date', isNullable: true },
          { name: 'followUpDoneOn', type: 'date', isNullable: true },
          { name: 'followUpNote', type: 'text', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'recipient_visit_household_idx', columnNames: ['householdId', 'visitedOn'] }),
          new TableIndex({ name: 'recipient_visit_township_idx', columnNames: ['townshipCode', 'visitedOn'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cadre_pairing',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'householdId', type: uuidType(q) },
          { name: 'activeHouseholdId', type: uuidType(q), isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'cadreSubject', type: 'varchar', length: '128' },
          { name: 'cadreName', type: 'varchar', length: '64' },
          { name: 'cadreUnit', type: 'varchar', length: '100' },
          { name: 'fromDate', type: 'date' },
          { name: 'toDate', type: 'date', isNullable: true },
          { name: 'recordedBy', type: 'varchar', length: '128' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'cadre_pairing_household_idx', columnNames: ['householdId', 'fromDate'] }),
          new TableIndex({ name: 'cadre_pairing_active_uq', columnNames: ['activeHouseholdId'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('cadre_pairing');
    await q.dropTable('recipient_visit');
  }
}
