import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** The civil-affairs registry: villages, households, persons, enrolments, covered-group tags. */
export class Initial1764400000000 implements MigrationInterface {
  name = 'Initial1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'village',
        columns: [
          { name: 'code', type: 'varchar', length: '12', isPrimary: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'community', type: 'boolean' },
        ],
        indices: [new TableIndex({ name: 'village_township_idx', columnNames: ['townshipCode'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'household',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'address', type: 'varchar', length: '200' },
          { name: 'headId', type: uuidType(q) },
          { name: 'perCapitaMonthlyIncome', type: 'bigint' },
          { name: 'assetsWithinRules', type: 'boolean' },
          { name: 'urban', type: 'boolean' },
        ],
        indices: [new TableIndex({ name: 'household_township_idx', columnNames: ['townshipCode', 'id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'person',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'idNumber', type: 'varchar', length: '18', isUnique: true },
          { name: 'gender', type: 'varchar', length: '8' },
          { name: 'birthDate', type: 'date' },
          { name: 'phone', type: 'varchar', length: '20', isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'householdId', type: uuidType(q) },
          { name: 'relationToHead', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'statusDate', type: 'date', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'person_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'person_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'person_name_idx', columnNames: ['name'] }),
          new TableIndex({ name: 'person_status_idx', columnNames: ['status', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'enrolment',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'programme', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'startDate', type: 'date' },
          { name: 'endDate', type: 'date', isNullable: true },
          { name: 'amount', type: 'bigint' },
          { name: 'amountPeriod', type: 'varchar', length: '8' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'enrolment_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'enrolment_programme_idx', columnNames: ['programme', 'status', 'personId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'person_covered_group',
        columns: [
          { name: 'personId', type: uuidType(q), isPrimary: true },
          { name: 'coveredGroup', type: 'varchar', length: '40', isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'covered_group_group_idx', columnNames: ['coveredGroup', 'personId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['person_covered_group', 'enrolment', 'person', 'household', 'village']) await q.dropTable(t);
  }
}
