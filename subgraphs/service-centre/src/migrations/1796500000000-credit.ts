import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/**
 * 诚信 Credit supervision (issue 10): the commitment each applicant signs, kept with the application
 * (application_commitment, one row per application submitted from now on; applications submitted before have none and
 * show `commitment: null`), and the dishonesty records (dishonesty_record).
 */
export class Credit1796500000000 implements MigrationInterface {
  name = 'Credit1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'application_commitment',
        columns: [
          { name: 'applicationId', type: uuidType(q), isPrimary: true },
          { name: 'textId', type: 'varchar', length: '40' },
          { name: 'signedOn', type: 'date' },
          { name: 'signedBy', type: 'varchar', length: '12' },
          { name: 'recordedBy', type: 'varchar', length: '128' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dishonesty_record',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'personId', type: uuidType(q) },
          { name: 'applicationId', type: uuidType(q) },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12', isNullable: true },
          { name: 'conducts', type: 'text' },
          { name: 'legalBases', type: 'text' },
          { name: 'findings', type: 'text' },
          { name: 'decidedOn', type: 'date' },
          { name: 'decidedBy', type: 'varchar', length: '128' },
          { name: 'decidedRole', type: 'varchar', length: '24' },
          { name: 'startsOn', type: 'date' },
          { name: 'endsOn', type: 'date' },
          { name: 'revokedOn', type: 'date', isNullable: true },
          { name: 'revocationReason', type: 'text', isNullable: true },
          { name: 'revokedBy', type: 'varchar', length: '128', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'dishonesty_record_person_idx', columnNames: ['personId', 'startsOn'] }),
          new TableIndex({ name: 'dishonesty_record_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'dishonesty_record_application_idx', columnNames: ['applicationId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dishonesty_record');
    await q.dropTable('application_commitment');
  }
}
