import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Rent subsidies, public rental allocations and rural dilapidated-house renovations. */
export class Initial1764500000000 implements MigrationInterface {
  name = 'Initial1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const uuid = uuidType(q);
    await q.createTable(
      new Table({
        name: 'rent_subsidy',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'householdId', type: uuid },
          { name: 'personId', type: uuid },
          { name: 'monthlyAmount', type: 'bigint' },
          { name: 'startMonth', type: 'varchar', length: '7' },
          { name: 'endMonth', type: 'varchar', length: '7' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'rent_subsidy_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'rent_subsidy_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'rent_subsidy_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'public_rental_allocation',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'householdId', type: uuid },
          { name: 'personId', type: uuid },
          { name: 'dwellingAddress', type: 'varchar', length: '200' },
          { name: 'area', type: 'integer' },
          { name: 'monthlyRent', type: 'bigint' },
          { name: 'leaseStart', type: 'date' },
          { name: 'leaseEnd', type: 'date' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'public_rental_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'public_rental_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'public_rental_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'public_rental_dwelling_idx', columnNames: ['dwellingAddress'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dilapidated_house_renovation',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'householdId', type: uuid },
          { name: 'personId', type: uuid },
          { name: 'villageCode', type: 'varchar', length: '12' },
          { name: 'grade', type: 'varchar', length: '1' },
          { name: 'subsidy', type: 'bigint' },
          { name: 'assessedOn', type: 'date' },
          { name: 'completedOn', type: 'date', isNullable: true },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'renovation_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'renovation_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'renovation_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dilapidated_house_renovation');
    await q.dropTable('public_rental_allocation');
    await q.dropTable('rent_subsidy');
  }
}
