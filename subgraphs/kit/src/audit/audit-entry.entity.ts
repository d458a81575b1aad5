import { Column, Entity, Index, PrimaryColumn, Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 审计日志 One entry of a subgraph's append-only, tamper-evident audit log: one per request that read protected fields
 * (listing the records and fields read) and one per write (what changed). Each entry's hash covers its content and the
 * previous entry's hash, so editing or deleting an entry breaks the chain (`verifyAuditChain`).
 * Every subgraph has this table in its own database (the kit adds the entity and its migration).
 */
@Entity('audit_log')
@Index('audit_log_subject_idx', ['subject', 'seq'])
export class AuditEntry {
  /** position in the chain, from 1 */
  @PrimaryColumn('integer')
  seq: number;

  /** ISO 8601 UTC timestamp */
  @Column('varchar', { length: 32 })
  at: string;

  @Column('varchar', { length: 128 })
  subject: string;

  @Column('varchar', { length: 32 })
  role: string;

  /** the caller's scope, if any: its village code (a village assistant), township code or department code */
  @Column('varchar', { length: 40, nullable: true })
  scope: string | null;

  @Column('varchar', { length: 128, nullable: true })
  operation: string | null;

  @Column('varchar', { length: 64 })
  requestId: string;

  /** read | write */
  @Column('varchar', { length: 8 })
  kind: string;

  /** the persons concerned, space-separated ids (for the auditors' person filter) */
  @Column('text')
  personIds: string;

  /** JSON: for reads [{ entity, key, personId, fields }], for a write { entity, key, personId, action, changes } */
  @Column('text')
  detail: string;

  @Column('varchar', { length: 64 })
  prevHash: string;

  @Column('varchar', { length: 64 })
  hash: string;
}

/** Creates the audit log table; the kit adds it to every subgraph's migrations. */
export class AuditLog1764300000000 implements MigrationInterface {
  name = 'AuditLog1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'at', type: 'varchar', length: '32' },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'scope', type: 'varchar', length: '40', isNullable: true },
          { name: 'operation', type: 'varchar', length: '128', isNullable: true },
          { name: 'requestId', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'personIds', type: 'text' },
          { name: 'detail', type: 'text' },
          { name: 'prevHash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [new TableIndex({ name: 'audit_log_subject_idx', columnNames: ['subject', 'seq'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log');
  }
}
