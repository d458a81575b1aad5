import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Medical assistance claims (amounts in integer fen). */
export class Initial1764400000000 implements MigrationInterface {
  name = 'Initial1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'medical_claim',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'hospital', type: 'varchar', length: '100' },
          { name: 'diagnosis', type: 'varchar', length: '100' },
          { name: 'careType', type: 'varchar', length: '12' },
          { name: 'admissionDate', type: 'date' },
          { name: 'dischargeDate', type: 'date' },
          { name: 'totalCost', type: 'bigint' },
          { name: 'basicInsurancePaid', type: 'bigint' },
          { name: 'criticalIllnessInsurancePaid', type: 'bigint' },
          { name: 'eligibleSelfPay', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'withdrawnOn', type: 'date', isNullable: true },
          { name: 'withdrawalReason', type: 'varchar', length: '200', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'medical_claim_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'medical_claim_discharge_idx', columnNames: ['dischargeDate', 'id'] }),
          new TableIndex({ name: 'medical_claim_township_idx', columnNames: ['townshipCode', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('medical_claim');
  }
}
