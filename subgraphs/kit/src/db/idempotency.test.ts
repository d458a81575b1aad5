import crypto from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import { openDatabase } from './data-source';
import { IdempotencyKey, callerOf, durationMs, idempotent } from './idempotency';
import { assertCanWrite } from '../access/policy';
import type { Identity } from '../access/identity';
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

  const ctx = (subject = 'officer-1', identity: Partial<Identity> = { role: 'department_officer', department: 'EDUCATION' }): SubgraphContext =>
    createContext({ subject, role: 'department_officer', ...identity } as Identity, db, crypto.randomUUID());
  let created = 0;
  let authorized = 0;
  /**
   * The creating mutation under test: inserts a record with `value` (and fails after inserting when value is 'fail').
   * Education officers and caseworkers may make it (authorize), anyone else is FORBIDDEN.
   */
  const create = (c: SubgraphContext, input: { value: string; idempotencyKey?: string | null }) =>
    writeTransaction(db, (tx) =>
      idempotent(c, tx, 'createTestRecord', input, {
        authorize: () => {
          authorized++;
          if (c.identity.role !== 'caseworker') assertCanWrite(c.identity, 'EDUCATION');
        },
        create: async () => {
          const r = { id: crypto.randomUUID(), value: input.value };
          await tx.getRepository(TestRecord).insert(r);
          created++;
          if (input.value === 'fail') throw new Error('the write failed after its insert');
          return r;
        },
        reload: (id) => tx.getRepository(TestRecord).findOneBy({ id }),
      }),
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

  it('keys belong to the whole identity: the same subject under another role or scope is checked anew and never gets the record', async () => {
    const before = await count();
    const first = await create(ctx('alice'), { value: 'g', idempotencyKey: 'key-alice-1' });
    // the same subject as an analyst, as another department's officer, as an auditor: FORBIDDEN, nothing created or returned
    for (const identity of [{ role: 'analyst' }, { role: 'department_officer', department: 'MEDICAL_SECURITY' }, { role: 'auditor' }] as Partial<Identity>[])
      expect(await errorOf(create(ctx('alice', identity), { value: 'g', idempotencyKey: 'key-alice-1' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before + 1);
    // the same subject under another identity that may write: a new, independent record (the key is another caller's)
    const asCaseworker = await create(ctx('alice', { role: 'caseworker', township: '370281001' }), { value: 'g', idempotencyKey: 'key-alice-1' });
    expect(asCaseworker.id).not.toBe(first.id);
    const otherTownship = await create(ctx('alice', { role: 'caseworker', township: '370281002' }), { value: 'g', idempotencyKey: 'key-alice-1' });
    expect([first.id, asCaseworker.id]).not.toContain(otherTownship.id);
    expect(await count()).toBe(before + 3);
    // and each identity's own replay still returns its own record
    expect((await create(ctx('alice'), { value: 'g', idempotencyKey: 'key-alice-1' })).id).toBe(first.id);
    expect((await create(ctx('alice', { role: 'caseworker', township: '370281001' }), { value: 'g', idempotencyKey: 'key-alice-1' })).id).toBe(asCaseworker.id);
    expect(await count()).toBe(before + 3);
    const keys = await db.getRepository(IdempotencyKey).findBy({ subject: 'alice', idempotencyKey: 'key-alice-1' });
    expect(keys.map((k) => k.caller).sort()).toEqual(
      [{ role: 'department_officer', department: 'EDUCATION' }, { role: 'caseworker', township: '370281001' }, { role: 'caseworker', township: '370281002' }]
        .map((i) => callerOf({ subject: 'alice', ...i } as Identity)).sort(),
    );
  });

  it('runs authorize first on every call, a replay too, before the key is read', async () => {
    await create(ctx('officer-5'), { value: 'h', idempotencyKey: 'key-auth-01' });
    const runs = authorized;
    await create(ctx('officer-5'), { value: 'h', idempotencyKey: 'key-auth-01' });
    expect(authorized).toBe(runs + 1);
    // a key that would be refused as reused or malformed is not even looked at for a caller who may not write
    expect(await errorOf(create(ctx('officer-5', { role: 'analyst' }), { value: 'other', idempotencyKey: 'key-auth-01' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(create(ctx('officer-5', { role: 'analyst' }), { value: 'h', idempotencyKey: 'short' }))).toMatchObject({ code: 'FORBIDDEN' });
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

test('a village assistant\'s keys are its village\'s; the other roles\' callers are unchanged', () => {
  const va = (village: string) => callerOf({ subject: 'va', role: 'village_assistant', township: '370281001', village });
  expect(va('370281001001')).not.toBe(va('370281001002'));
  // the hash of the four parts the other roles always had (keys stored before the village roles keep answering)
  const sha = (parts: unknown[]) => require('node:crypto').createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  expect(callerOf({ subject: 'c', role: 'caseworker', township: '370281001' })).toBe(sha(['c', 'caseworker', '370281001', null]));
  expect(callerOf({ subject: 'o', role: 'department_officer', department: 'EDUCATION' })).toBe(sha(['o', 'department_officer', null, 'EDUCATION']));
});
