import crypto from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import { openDatabase } from './data-source';
import { IdempotencyKey, durationMs, idempotent } from './idempotency';
import { lockedRecord, lockedRecords, updateLocked, writeTransaction } from './transaction';
import { createContext, type SubgraphContext } from '../context';
import { baseConfigSchema, loadConfig } from '../config';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases';

/** A record of this test only (created with synchronize). */
@Entity('w_test_record')
class TestRecord {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 20 })
  value: string;
}

const errorOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: { extensions?: Record<string, unknown> }) => e.extensions);

describe.each(testDatabaseKinds())('the kit\'s idempotency keys and locked records on %s', (kind) => {
  let database: TestDatabase;
  let db: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase(kind, 'kit-idempotency');
    db = await openDatabase({ url: database.url, entities: [IdempotencyKey, TestRecord], migrations: [], synchronize: true });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const ctx = (subject = 'officer-1'): SubgraphContext => createContext({ subject, role: 'department_officer', department: 'EDUCATION' }, db, crypto.randomUUID());
  let created = 0;
  /** the creating mutation under test: inserts a record with `value` (and fails after inserting when value is 'fail') */
  const create = (c: SubgraphContext, input: { value: string; idempotencyKey?: string | null }) =>
    writeTransaction(db, (tx) =>
      idempotent(c, tx, 'createTestRecord', input, async () => {
        const r = { id: crypto.randomUUID(), value: input.value };
        await tx.getRepository(TestRecord).insert(r);
        created++;
        if (input.value === 'fail') throw new Error('the write failed after its insert');
        return r;
      }, (id) => tx.getRepository(TestRecord).findOneBy({ id })),
    );
  const count = () => db.getRepository(TestRecord).count();

  it('without a key creates every time; with one, once per caller and input', async () => {
    const before = await count();
    await create(ctx(), { value: 'a' });
    await create(ctx(), { value: 'a' });
    expect(await count()).toBe(before + 2);
    const first = await create(ctx(), { value: 'b', idempotencyKey: 'key-0001' });
    const again = await create(ctx(), { value: 'b', idempotencyKey: 'key-0001' });
    expect(again.id).toBe(first.id);
    expect(await count()).toBe(before + 3);
    expect(await errorOf(create(ctx(), { value: 'c', idempotencyKey: 'key-0001' }))).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const other = await create(ctx('officer-2'), { value: 'b', idempotencyKey: 'key-0001' });
    expect(other.id).not.toBe(first.id);
    expect(await count()).toBe(before + 4);
  });

  it('keeps neither the record nor the key when the write fails, so a retry runs again', async () => {
    const before = { records: await count(), keys: await db.getRepository(IdempotencyKey).count() };
    const runs = created;
    await expect(create(ctx(), { value: 'fail', idempotencyKey: 'key-fail-01' })).rejects.toThrow('failed after its insert');
    expect(await count()).toBe(before.records);
    expect(await db.getRepository(IdempotencyKey).count()).toBe(before.keys);
    await expect(create(ctx(), { value: 'fail', idempotencyKey: 'key-fail-01' })).rejects.toThrow('failed after its insert');
    expect(created).toBe(runs + 2);
  });

  it('forgets a key once it has expired (deleted on the caller\'s next keyed call)', async () => {
    const first = await create(ctx('officer-3'), { value: 'd', idempotencyKey: 'key-expiring' });
    await create(ctx('officer-3'), { value: 'e', idempotencyKey: 'key-other-1' });
    await db.getRepository(IdempotencyKey).update({ subject: 'officer-3', idempotencyKey: 'key-expiring' }, { expiresAt: '2000-01-01T00:00:00.000Z' });
    const after = await create(ctx('officer-3'), { value: 'd', idempotencyKey: 'key-expiring' });
    expect(after.id).not.toBe(first.id);
    const keys = await db.getRepository(IdempotencyKey).findBy({ subject: 'officer-3' });
    expect(keys.map((k) => k.idempotencyKey).sort()).toEqual(['key-expiring', 'key-other-1']);
    expect(keys.find((k) => k.idempotencyKey === 'key-expiring')!.resultId).toBe(after.id);
  });

  it('makes a second writer of the same row wait for the first one\'s commit and read its result (PostgreSQL: FOR UPDATE)', async () => {
    const id = crypto.randomUUID();
    await db.getRepository(TestRecord).insert({ id, value: '0' });
    // two read-modify-writes at once that each add 1: without the lock both would read 0 and store 1
    const increment = () => writeTransaction(db, async (tx) => {
      const r = await lockedRecord(tx, TestRecord, { id }, { notFound: 'no such record' });
      await tx.query(kind === 'postgres' ? 'SELECT pg_sleep(0)' : 'SELECT 1');
      return updateLocked(tx, TestRecord, r, { value: String(Number(r.value) + 1) });
    });
    const results = await Promise.all(Array.from({ length: 20 }, increment));
    expect(results.map((r) => Number(r.value)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await db.getRepository(TestRecord).findOneByOrFail({ id })).value).toBe('20');
  });

  it('refuses a key that is not 8-128 printable characters', async () => {
    for (const bad of ['short', 'has a space', 'x'.repeat(129), '键键键键键键键键'])
      expect(await errorOf(create(ctx(), { value: 'f', idempotencyKey: bad }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey', reason: 'BAD_IDEMPOTENCY_KEY' });
  });

  it('reads records for update only under a lock, NOT_FOUND when there is none, and updates them by key', async () => {
    const id = crypto.randomUUID();
    await db.getRepository(TestRecord).insert({ id, value: 'before' });
    const updated = await writeTransaction(db, async (tx) => {
      const order: string[] = [];
      const r = await lockedRecord(tx, TestRecord, { id }, { notFound: 'no such record', before: async (peek) => void order.push(`owner of ${peek.value}`) });
      order.push('row');
      expect(order).toEqual(['owner of before', 'row']);
      return updateLocked(tx, TestRecord, r, { value: 'after' });
    });
    expect(updated.value).toBe('after');
    expect((await db.getRepository(TestRecord).findOneByOrFail({ id })).value).toBe('after');
    expect(await errorOf(writeTransaction(db, (tx) => lockedRecord(tx, TestRecord, { id: crypto.randomUUID() }, { notFound: 'no such record' })))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await writeTransaction(db, (tx) => lockedRecords(tx, TestRecord, { value: 'after' }))).map((r) => r.id)).toContain(id);
  });
});

it('reads IDEMPOTENCY_TTL durations (default 24h; anything but <n>s|m|h|d is a configuration error)', () => {
  expect([durationMs('24h'), durationMs('30m'), durationMs('90s'), durationMs('7d')]).toEqual([86_400_000, 1_800_000, 90_000, 604_800_000]);
  expect(() => durationMs('1 week')).toThrow();
  const env = { PORT: '0', DATABASE_URL: 'sqlite::memory:' };
  expect(loadConfig(baseConfigSchema, env).IDEMPOTENCY_TTL).toBe('24h');
  expect(loadConfig(baseConfigSchema, { ...env, IDEMPOTENCY_TTL: '7d' }).IDEMPOTENCY_TTL).toBe('7d');
  expect(() => loadConfig(baseConfigSchema, { ...env, IDEMPOTENCY_TTL: 'a day' })).toThrow(/IDEMPOTENCY_TTL/);
});
