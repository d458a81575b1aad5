import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';
import { providerRows } from '../modules/legal-service-provider/providers';
import { LegalServiceProvider } from '../modules/legal-service-provider/legal-service-provider.entity';

/** Legal aid cases (LegalAidCase) and the providers they are assigned to (LegalServiceProvider, with the city's list). */
export class Initial1796194493951 implements MigrationInterface {
  name = 'Initial1796194493951';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'legal_service_provider',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '60' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'active', type: 'boolean' },
        ],
        indices: [new TableIndex({ name: 'legal_service_provider_code_idx', columnNames: ['code'], isUnique: true })],
      }),
    );
    // the city's list of providers is reference data: every database has it, seeded or not (through the entity's metadata,
    // which knows the PostgreSQL schema)
    await q.manager.createQueryBuilder().insert().into(LegalServiceProvider).values(providerRows()).execute();
    await q.createTable(
      new Table({
        name: 'legal_aid_case',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'appliedOn', type: 'date' },
          { name: 'aidType', type: 'varchar', length: '32' },
          { name: 'matter', type: 'varchar', length: '32' },
          { name: 'eligibility', type: 'varchar', length: '32' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'decidedOn', type: 'date', isNullable: true },
          { name: 'refusalReason', type: 'varchar', length: '24', isNullable: true },
          { name: 'providerId', type: uuidType(q), isNullable: true },
          { name: 'assignedOn', type: 'date', isNullable: true },
          { name: 'closedOn', type: 'date', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '24', isNullable: true },
          { name: 'subsidy', type: 'bigint', isNullable: true },
          { name: 'withdrawnOn', type: 'date', isNullable: true },
          { name: 'withdrawalReason', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'legal_aid_case_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'legal_aid_case_applied_idx', columnNames: ['appliedOn', 'id'] }),
          new TableIndex({ name: 'legal_aid_case_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('legal_aid_case');
    await q.dropTable('legal_service_provider');
  }
}
