import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Applications (一窗受理), their transitions, documents and household visits. */
export class Initial1796205370152 implements MigrationInterface {
  name = 'Initial1796205370152';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'assistance_application',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'applicantId', type: uuidType(q) },
          { name: 'householdId', type: uuidType(q), isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'villageCode', type: 'varchar', length: '12', isNullable: true },
          { name: 'channel', type: 'varchar', length: '20' },
          { name: 'programmes', type: 'text' },
          { name: 'step', type: 'varchar', length: '24' },
          { name: 'urgent', type: 'boolean' },
          { name: 'specialCase', type: 'boolean' },
          { name: 'submittedOn', type: 'date' },
          { name: 'acceptedOn', type: 'date', isNullable: true },
          { name: 'stepEnteredOn', type: 'date' },
          { name: 'noticeStartsOn', type: 'date', isNullable: true },
          { name: 'noticeEndsOn', type: 'date', isNullable: true },
          { name: 'investigatedOn', type: 'date', isNullable: true },
          { name: 'verifiedOn', type: 'date', isNullable: true },
          { name: 'proposal', type: 'varchar', length: '8', isNullable: true },
          { name: 'takenBy', type: 'varchar', length: '128' },
          { name: 'version', type: 'integer' },
          { name: 'oneTimeNotice', type: 'text', isNullable: true },
          { name: 'reasons', type: 'text', isNullable: true },
          { name: 'verificationNote', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'assistance_application_applicant_idx', columnNames: ['applicantId'] }),
          new TableIndex({ name: 'assistance_application_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'assistance_application_queue_idx', columnNames: ['townshipCode', 'stepEnteredOn', 'id'] }),
          new TableIndex({ name: 'assistance_application_submitted_idx', columnNames: ['submittedOn', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'application_transition',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'applicationId', type: uuidType(q) },
          { name: 'version', type: 'integer' },
          { name: 'fromStep', type: 'varchar', length: '24', isNullable: true },
          { name: 'toStep', type: 'varchar', length: '24' },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'role', type: 'varchar', length: '24' },
          { name: 'at', type: 'varchar', length: '32' },
          { name: 'on', type: 'date' },
          { name: 'note', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'application_transition_application_idx', columnNames: ['applicationId', 'version'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'application_document',
        columns: [
          { name: 'applicationId', type: uuidType(q), isPrimary: true },
          { name: 'code', type: 'varchar', length: '40', isPrimary: true },
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'commitmentAllowed', type: 'boolean' },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'commitmentText', type: 'text', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'household_visit',
        columns: [
          { name: 'id', type: uuidType(q), isPrimary: true },
          { name: 'applicationId', type: uuidType(q) },
          { name: 'visitedOn', type: 'date' },
          { name: 'staff', type: 'text' },
          { name: 'findings', type: 'text' },
          { name: 'recordedBy', type: 'varchar', length: '128' },
          { name: 'applicationVersion', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'household_visit_application_idx', columnNames: ['applicationId', 'visitedOn'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('household_visit');
    await q.dropTable('application_document');
    await q.dropTable('application_transition');
    await q.dropTable('assistance_application');
  }
}
