import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Disaster events, household assessments and relief grants (the entities DisasterEvent, DisasterAssessment, DisasterRelief). */
export class Initial1796194494092 implements MigrationInterface {
  name = 'Initial1796194494092';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'disaster_event',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'hazardType', type: 'varchar', length: '28' },
          { name: 'startDate', type: 'date' },
          { name: 'endDate', type: 'date', isNullable: true },
          { name: 'responseLevel', type: 'varchar', length: '10', isNullable: true },
          { name: 'affectedTownshipCodes', type: 'varchar', length: '160' },
        ],
        indices: [
          new TableIndex({ name: 'disaster_event_start_idx', columnNames: ['startDate', 'id'] }),
          new TableIndex({ name: 'disaster_event_name_idx', columnNames: ['name'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'disaster_assessment',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'eventId', type: uuidType(q) },
          { name: 'householdId', type: uuidType(q) },
          { name: 'damageLevel', type: 'varchar', length: '20' },
          { name: 'peopleAffected', type: 'integer' },
          { name: 'deaths', type: 'integer' },
          { name: 'assessedOn', type: 'date' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'disaster_assessment_event_household_idx', columnNames: ['eventId', 'householdId'] }),
          new TableIndex({ name: 'disaster_assessment_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'disaster_assessment_assessed_idx', columnNames: ['assessedOn', 'id'] }),
          new TableIndex({ name: 'disaster_assessment_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'disaster_relief',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'eventId', type: uuidType(q) },
          { name: 'householdId', type: uuidType(q) },
          { name: 'personId', type: uuidType(q) },
          { name: 'reliefType', type: 'varchar', length: '20' },
          { name: 'amount', type: 'bigint' },
          { name: 'grantedOn', type: 'date' },
          { name: 'periodStart', type: 'date', isNullable: true },
          { name: 'periodEnd', type: 'date', isNullable: true },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'disaster_relief_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'disaster_relief_household_idx', columnNames: ['householdId', 'eventId', 'reliefType'] }),
          new TableIndex({ name: 'disaster_relief_event_idx', columnNames: ['eventId', 'id'] }),
          new TableIndex({ name: 'disaster_relief_granted_idx', columnNames: ['grantedOn', 'id'] }),
          new TableIndex({ name: 'disaster_relief_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('disaster_relief');
    await q.dropTable('disaster_assessment');
    await q.dropTable('disaster_event');
  }
}
