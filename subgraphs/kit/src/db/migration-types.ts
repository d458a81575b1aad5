import type { QueryRunner } from 'typeorm';

/**
 * Column type of a UUID in a migration: `uuid` on PostgreSQL, `varchar` on SQLite (where TypeORM maps an entity's
 * 'uuid' column), so that a migrated database matches the entities exactly on both (the schema-sync test checks it).
 */
export function uuidType(q: QueryRunner): string {
  return q.connection.driver.options.type === 'postgres' ? 'uuid' : 'varchar';
}
