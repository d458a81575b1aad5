import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { openDatabase } from './data-source';
import { createTestDatabase, testDatabaseKinds } from '../testing/databases';

/** A migration that takes a moment, so that replicas starting together overlap while it runs. */
class SlowTable1700000000000 implements MigrationInterface {
  name = 'SlowTable1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'slow_table', columns: [{ name: 'id', type: 'integer', isPrimary: true }] }));
    await new Promise((r) => setTimeout(r, 300));
  }
  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('slow_table');
  }
}

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  // PostgreSQL: replicas of a subgraph start together (a rolling update, a scale-up). SQLite is one process per file (the
  // embedded default runs one replica); three openings one after the other must still migrate once.
  it(kind === 'postgres' ? 'run once when three replicas of a subgraph start together on a new database' : 'run once when a database is opened three times', async () => {
    const db = await createTestDatabase(kind, 'migration_race');
    const open = () => openDatabase({ url: db.url, entities: [], migrations: [SlowTable1700000000000] });
    try {
      const opened =
        kind === 'postgres'
          ? await Promise.allSettled([0, 1, 2].map(open))
          : [await Promise.allSettled([open()]), await Promise.allSettled([open()]), await Promise.allSettled([open()])].flat();
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const sources = opened.map((o) => (o as PromiseFulfilledResult<Awaited<ReturnType<typeof openDatabase>>>).value);
      try {
        const applied: { name: string }[] = await sources[0].query('SELECT name FROM migrations');
        expect(applied.map((m) => m.name)).toEqual(['SlowTable1700000000000']);
        expect(await sources[2].query('SELECT COUNT(*) AS n FROM slow_table')).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);
      } finally {
        await Promise.all(sources.map((s) => s.destroy()));
      }
    } finally {
      await db.drop();
    }
  });
});
