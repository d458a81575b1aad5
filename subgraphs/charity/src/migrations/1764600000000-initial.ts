import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { uuidType } from '@aidgraph/subgraph-kit';

/** Charity projects and their target groups, donations, grants. Money in integer fen (bigint). */
export class Initial1764600000000 implements MigrationInterface {
  name = 'Initial1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const uuid = uuidType(q);
    await q.createTable(
      new Table({
        name: 'charity_project',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'purpose', type: 'varchar', length: '500' },
          { name: 'budget', type: 'bigint' },
          { name: 'startDate', type: 'date' },
          { name: 'endDate', type: 'date' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'closedOn', type: 'date', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'charity_project_status_idx', columnNames: ['status', 'id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'charity_project_target_group',
        columns: [
          { name: 'projectId', type: uuid, isPrimary: true },
          { name: 'targetGroup', type: 'varchar', length: '40', isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'charity_project_target_group_group_idx', columnNames: ['targetGroup', 'projectId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'charity_donation',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'projectId', type: uuid },
          { name: 'donorKind', type: 'varchar', length: '16' },
          { name: 'anonymous', type: 'boolean' },
          { name: 'donor', type: 'varchar', length: '100', isNullable: true },
          { name: 'amount', type: 'bigint' },
          { name: 'receivedOn', type: 'date' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'refundedOn', type: 'date', isNullable: true },
          { name: 'refundReason', type: 'varchar', length: '200', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'charity_donation_project_idx', columnNames: ['projectId', 'status'] }),
          new TableIndex({ name: 'charity_donation_received_idx', columnNames: ['receivedOn', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'charity_grant',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'projectId', type: uuid },
          { name: 'recipientKind', type: 'varchar', length: '12' },
          { name: 'personId', type: uuid, isNullable: true },
          { name: 'householdId', type: uuid, isNullable: true },
          { name: 'townshipCode', type: 'varchar', length: '9' },
          { name: 'amount', type: 'bigint' },
          { name: 'grantedOn', type: 'date' },
          { name: 'reason', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'withdrawnOn', type: 'date', isNullable: true },
          { name: 'withdrawReason', type: 'varchar', length: '200', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'charity_grant_project_idx', columnNames: ['projectId', 'status'] }),
          new TableIndex({ name: 'charity_grant_person_idx', columnNames: ['personId'] }),
          new TableIndex({ name: 'charity_grant_household_idx', columnNames: ['householdId'] }),
          new TableIndex({ name: 'charity_grant_township_idx', columnNames: ['townshipCode', 'id'] }),
          new TableIndex({ name: 'charity_grant_granted_idx', columnNames: ['grantedOn', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('charity_grant');
    await q.dropTable('charity_donation');
    await q.dropTable('charity_project_target_group');
    await q.dropTable('charity_project');
  }
}
