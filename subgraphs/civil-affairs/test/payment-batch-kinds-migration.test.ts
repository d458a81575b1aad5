import { civilAffairs } from '../src/subgraph';
import { PaymentBatchKinds1796710000000 } from '../src/migrations/1796710000000-payment-batch-kinds';
import { definitionEntities, openDatabase } from '@aidgraph/subgraph-kit';
import { createTestDatabase, pendingSchemaChanges, testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';

/** The payment-batch kinds migration (补发) on a database that already holds a month's batch and its lines. */
describe.each(testDatabaseKinds())('the payment-batch kinds migration on an existing %s database', (kind) => {
  it('makes every existing batch REGULAR, sequence 1; a second batch of the month then fits, a second line of a person does not', async () => {
    const database = await createTestDatabase(kind, 'ca_batch_kinds_upgrade');
    const { entities, migrations } = definitionEntities(civilAffairs);
    const p = (n: number) => Array.from({ length: n }, (_, i) => (kind === 'postgres' ? `$${i + 1}` : '?')).join(', ');
    const batch = (id: string, extra: string[] = [], values: unknown[] = []) =>
      [`INSERT INTO payment_batch (id, programme, month, "generatedOn", "generatedBy", "lineCount", "totalAmount"${extra.map((c) => `, "${c}"`).join('')}) VALUES (${p(7 + extra.length)})`,
        [id, 'DIBAO', '2026-03', '2026-03-02', 'officer-1', 1, 50000, ...values]] as const;
    const line = (id: string, batchId: string) =>
      [`INSERT INTO payment_line (id, "batchId", programme, month, "personId", "enrolmentId", "townshipCode", amount) VALUES (${p(8)})`,
        [id, batchId, 'DIBAO', '2026-03', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-0000000000e1', '370281001', 50000]] as const;
    try {
      const before = await openDatabase({ url: database.url, entities, migrations: migrations.slice(0, migrations.indexOf(PaymentBatchKinds1796710000000)) });
      await before.query(...batch('0a1b2c3d-0000-4000-8000-0000000000b1'));
      await before.query(...line('0a1b2c3d-0000-4000-8000-0000000000c1', '0a1b2c3d-0000-4000-8000-0000000000b1'));
      // before: one batch per programme and month
      await expect(before.query(...batch('0a1b2c3d-0000-4000-8000-0000000000b2'))).rejects.toThrow();
      await before.destroy();
      const after = await openDatabase({ url: database.url, entities, migrations });
      try {
        expect(await pendingSchemaChanges(after)).toEqual([]);
        const got = await after.query('SELECT id, kind, sequence, "lineCount", "totalAmount" FROM payment_batch');
        expect(got.map((r: any) => [r.id, r.kind, Number(r.sequence), Number(r.lineCount), Number(r.totalAmount)])).toEqual([['0a1b2c3d-0000-4000-8000-0000000000b1', 'REGULAR', 1, 1, 50000]]);
        // a supplementary batch of the month fits (sequence 2); a second regular one (sequence 1) does not
        await after.query(...batch('0a1b2c3d-0000-4000-8000-0000000000b2', ['kind', 'sequence'], ['SUPPLEMENTARY', 2]));
        await expect(after.query(...batch('0a1b2c3d-0000-4000-8000-0000000000b3', ['kind', 'sequence'], ['REGULAR', 1]))).rejects.toThrow();
        // the person's line of the month stays unique across the month's batches
        await expect(after.query(...line('0a1b2c3d-0000-4000-8000-0000000000c2', '0a1b2c3d-0000-4000-8000-0000000000b2'))).rejects.toThrow();
        expect(Number((await after.query('SELECT COUNT(*) AS n FROM payment_line'))[0].n)).toBe(1);
      } finally {
        await after.destroy();
      }
    } finally {
      await database.drop();
    }
  });
});
