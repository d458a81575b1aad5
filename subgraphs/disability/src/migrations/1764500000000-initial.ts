import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Disability certificates, rehabilitation services and disability subsidy grants. */
export class Initial1764500000000 implements MigrationInterface {
  name = 'Initial1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'disability_certificate',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'number', type: 'varchar', length: '22' },
          { name: 'category', type: 'varchar', length: '16' },
          { name: 'grade', type: 'integer' },
          { name: 'issuedOn', type: 'date' },
          { name: 'expiresOn', type: 'date' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'revokedOn', type: 'date', isNullable: true },
          { name: 'revocationReason', type: 'varchar', length: '24', isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'disability_certificate_number_uq', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'disability_certificate_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'disability_certificate_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'disability_certificate_category_idx', columnNames: ['category', 'grade', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rehabilitation_service',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'programme', type: 'varchar', length: '28' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'provider', type: 'varchar', length: '100' },
          { name: 'startDate', type: 'date' },
          { name: 'endDate', type: 'date', isNullable: true },
          { name: 'amount', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'rehabilitation_service_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'rehabilitation_service_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'rehabilitation_service_programme_idx', columnNames: ['programme', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'disability_subsidy',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'difficulty', type: 'varchar', length: '16', isNullable: true },
          { name: 'monthlyAmount', type: 'bigint' },
          { name: 'startDate', type: 'date' },
          { name: 'endDate', type: 'date', isNullable: true },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'endReason', type: 'varchar', length: '24', isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
        ],
        indices: [
          new TableIndex({ name: 'disability_subsidy_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'disability_subsidy_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'disability_subsidy_kind_idx', columnNames: ['kind', 'status', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('disability_subsidy');
    await q.dropTable('rehabilitation_service');
    await q.dropTable('disability_certificate');
  }
}
