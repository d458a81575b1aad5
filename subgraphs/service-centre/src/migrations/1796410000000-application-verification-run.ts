import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/**
 * 核对 The civil-affairs verification run an application's VERIFICATION step recorded (issue 9): its id, owned by civil
 * affairs (VerificationRun), null before the verification and for applications verified before runs existed.
 */
export class ApplicationVerificationRun1796410000000 implements MigrationInterface {
  name = 'ApplicationVerificationRun1796410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('assistance_application', new TableColumn({ name: 'verificationRunId', type: uuidType(q), isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('assistance_application', 'verificationRunId');
  }
}
