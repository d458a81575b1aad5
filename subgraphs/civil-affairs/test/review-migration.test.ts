import { civilAffairs } from '../src/subgraph';
import { ReviewsAndFunds1796410000000 } from '../src/migrations/1796410000000-reviews-and-funds';
import { definitionEntities, openDatabase } from '@aidgraph/subgraph-kit';
import { createTestDatabase, pendingSchemaChanges, testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';

/** The reviews-and-funds migration on a database that already holds enrolments (a running deployment's data). */
describe.each(testDatabaseKinds())('the reviews-and-funds migration on an existing %s database', (kind) => {
  it('gives DIBAO and TEKUN enrolments in force a yearly cycle and a review a year after the start, the others none, every row version 1', async () => {
    const database = await createTestDatabase(kind, 'ca_review_upgrade');
    const { entities, migrations } = definitionEntities(civilAffairs);
    try {
      // the database as it was before the migration: the migrations before it (later ones may build on its tables)
      const before = await openDatabase({ url: database.url, entities, migrations: migrations.slice(0, migrations.indexOf(ReviewsAndFunds1796410000000)) });
      const p = (i: number) => (kind === 'postgres' ? `$${i}` : '?');
      const rows: [string, string, string, string, string | null, number, string][] = [
        ['0a1b2c3d-0000-4000-8000-0000000000a1', 'DIBAO', 'ACTIVE', '2024-02-29', null, 50000, 'MONTHLY'],
        ['0a1b2c3d-0000-4000-8000-0000000000a2', 'TEKUN', 'ACTIVE', '2025-08-31', null, 120000, 'MONTHLY'],
        ['0a1b2c3d-0000-4000-8000-0000000000a3', 'DIBAO', 'ENDED', '2024-02-29', '2025-01-31', 50000, 'MONTHLY'],
        ['0a1b2c3d-0000-4000-8000-0000000000a4', 'MARGINAL', 'ACTIVE', '2024-02-29', null, 0, 'NONE'],
      ];
      for (const [id, programme, status, startDate, endDate, amount, period] of rows)
        await before.query(
          `INSERT INTO enrolment (id, "personId", programme, status, "startDate", "endDate", amount, "amountPeriod", "townshipCode") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
          [id, '0a1b2c3d-0000-4000-8000-000000000002', programme, status, startDate, endDate, amount, period, '370281001'],
        );
      await before.destroy();
      const after = await openDatabase({ url: database.url, entities, migrations });
      try {
        expect(await pendingSchemaChanges(after)).toEqual([]);
        const got: { id: string; reviewCycle: string | null; nextReviewDate: string | Date | null; version: number | string }[] = await after.query(
          `SELECT id, "reviewCycle", "nextReviewDate", version FROM enrolment ORDER BY id`,
        );
        const day = (d: string | Date | null) => (d == null ? null : typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
        expect(got.map((r) => [r.id.slice(-2), r.reviewCycle, day(r.nextReviewDate), Number(r.version)])).toEqual([
          ['a1', 'YEARLY', '2025-02-28', 1],
          ['a2', 'YEARLY', '2026-08-31', 1],
          ['a3', null, null, 1],
          ['a4', null, null, 1],
        ]);
      } finally {
        await after.destroy();
      }
    } finally {
      await database.drop();
    }
  });
});
