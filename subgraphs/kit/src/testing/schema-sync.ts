import type { DataSource } from 'typeorm';

/**
 * The SQL statements TypeORM would still run to make the database match the entities after the migrations ran.
 * An empty list proves that the migrations build exactly what the entities declare (a test per subgraph).
 */
export async function pendingSchemaChanges(db: DataSource): Promise<string[]> {
  const log = await db.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
