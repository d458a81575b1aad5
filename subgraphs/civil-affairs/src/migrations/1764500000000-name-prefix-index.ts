import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name-prefix search (`people(filter: { namePrefix })`, `name LIKE 'prefix%'`) uses an index on PostgreSQL only with
 * pattern operators when the database's collation is not "C" (e.g. en_US.UTF-8 or C.UTF-8). SQLite's plain index
 * serves it already (LIKE is case-sensitive there, see the kit's data source). Declared on the entity with
 * `synchronize: false` so that schema comparison leaves it alone.
 */
export class NamePrefixIndex1764500000000 implements MigrationInterface {
  name = 'NamePrefixIndex1764500000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'postgres') await q.query(`CREATE INDEX "person_name_pattern_idx" ON "person" ("name" varchar_pattern_ops, "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'postgres') await q.query(`DROP INDEX "person_name_pattern_idx"`);
  }
}
