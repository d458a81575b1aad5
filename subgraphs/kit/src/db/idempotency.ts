import crypto from 'node:crypto';
import { Column, Entity, Index, LessThan, PrimaryColumn, Table, TableIndex, type DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Field } from 'type-graphql';
import { badInput, conflict, notFound } from '../errors';
import type { SubgraphContext } from '../context';
import type { Identity } from '../access/identity';

/**
 * Idempotency keys of creating mutations (issue 14 item 6). Convention, the same for every creating mutation of every
 * subgraph: its input has an optional field `idempotencyKey: String` (8-128 printable ASCII characters, no spaces — a
 * UUID is a good choice). The first call with a key creates the record and remembers, per caller, the key, a hash of
 * the input and the created record's id, in the same transaction as the record (a failed or crashed call leaves
 * neither). The caller is the token's whole identity — subject, role, township and department (`callerOf`): the same
 * subject under another role or scope is another caller, whose key is independent and goes through the normal path
 * (its own permission checks; a new record or FORBIDDEN), never the first caller's record. Every call, a replay too,
 * runs the mutation's `authorize` step first (the permission check that needs no record), before the key is looked
 * at. Within IDEMPOTENCY_TTL, a call with the same key from the same caller:
 * - with the same input creates nothing and returns the record the first call created (as it is now);
 * - with a different input (or for another mutation) is refused: CONFLICT, reason IDEMPOTENCY_KEY_REUSED.
 * Another caller's identical key is independent. Concurrent calls with one key create one record: the key row's
 * primary key is (caller, key), the losers wait for the winner's commit and then answer with its record.
 * Expired keys are deleted lazily (the caller's expired keys, on the caller's next keyed call).
 */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Idempotency key (8-128 printable ASCII characters without spaces, e.g. a UUID): a retry with the same key and the same ' +
  'input within IDEMPOTENCY_TTL (default 24h) creates nothing and returns the record the first call created; the same key ' +
  'with a different input is refused (CONFLICT, reason IDEMPOTENCY_KEY_REUSED). Keys are kept per caller identity (token subject, ' +
  'role, township and department): the same subject under another role or scope is another caller, and every call, a retry too, is ' +
  'checked against the caller\'s permissions first (FORBIDDEN).';

/** The GraphQL field `idempotencyKey: String` of a creating mutation's input (see IDEMPOTENCY_KEY_DESCRIPTION). */
export function IdempotencyKeyField(): PropertyDecorator {
  return Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });
}

const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/;

/** 幂等键 One idempotency key of a caller: which mutation it was used for, with which input, and what it created. */
@Entity('idempotency_key')
@Index('idempotency_key_expires_idx', ['subject', 'expiresAt'])
export class IdempotencyKey {
  /** the caller's whole identity: SHA-256 (hex) of subject, role, township and department (`callerOf`) */
  @PrimaryColumn('varchar', { length: 64 })
  caller: string;

  /** the token subject of the caller (for expiry and for reading the table; not part of the key) */
  @Column('varchar', { length: 128 })
  subject: string;

  /** the key as the caller sent it */
  @PrimaryColumn('varchar', { length: 128 })
  idempotencyKey: string;

  /** the mutation (e.g. recordEnrolment) */
  @Column('varchar', { length: 64 })
  operation: string;

  /** SHA-256 (hex) of the mutation and its canonical input (without the key) */
  @Column('varchar', { length: 64 })
  requestHash: string;

  /** id of the record the first call created (set in the same transaction) */
  @Column('varchar', { length: 64, nullable: true })
  resultId: string | null;

  /** random token of the call that wrote the row (tells the writer from later callers) */
  @Column('varchar', { length: 36 })
  nonce: string;

  /** ISO 8601 UTC */
  @Column('varchar', { length: 32 })
  createdAt: string;

  /** ISO 8601 UTC; after this the key is forgotten */
  @Column('varchar', { length: 32 })
  expiresAt: string;
}

/**
 * Creates the idempotency key table; the kit adds it to every subgraph's migrations. (The `caller` column was added
 * in place before the table's first release: keys are per caller identity, not per subject.)
 */
export class IdempotencyKeys1764900000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          { name: 'caller', type: 'varchar', length: '64', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '128' },
          { name: 'idempotencyKey', type: 'varchar', length: '128', isPrimary: true },
          { name: 'operation', type: 'varchar', length: '64' },
          { name: 'requestHash', type: 'varchar', length: '64' },
          { name: 'resultId', type: 'varchar', length: '64', isNullable: true },
          { name: 'nonce', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '32' },
          { name: 'expiresAt', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'idempotency_key_expires_idx', columnNames: ['subject', 'expiresAt'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_key');
  }
}

/** Default IDEMPOTENCY_TTL: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const ttls = new WeakMap<object, number>();

/** Milliseconds of a duration such as `24h`, `30m`, `90s` or `7d` (the format of IDEMPOTENCY_TTL). */
export function durationMs(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (!m) throw new Error('not a duration such as 24h');
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** Keep idempotency keys of the database `db` for `ttlMs` (the subgraph server sets it from IDEMPOTENCY_TTL). */
export function setIdempotencyTtl(db: DataSource, ttlMs: number): void {
  ttls.set(db, ttlMs);
}

/** The input as canonical JSON: keys sorted, null/undefined fields and the idempotency key left out. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v != null && k !== 'idempotencyKey') out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 (hex) of a mutation's name and canonical input. */
export function requestHash(operation: string, input: object): string {
  return crypto.createHash('sha256').update(JSON.stringify([operation, canonical(input)])).digest('hex');
}

/**
 * The caller an idempotency key belongs to: SHA-256 (hex) of the identity's subject, role, township and department
 * (and a village assistant's village). Two tokens with one `sub` but another role or scope are two callers.
 */
export function callerOf(identity: Identity): string {
  // the village only where there is one, so that the other roles' callers (and their stored keys) stay as they were
  const parts = [identity.subject, identity.role, identity.township ?? null, identity.department ?? null, ...(identity.village ? [identity.village] : [])];
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The steps of a creating mutation under `idempotent`. */
export interface IdempotentSteps<T> {
  /**
   * The caller's permission check that needs no stored record (e.g. `assertCanWrite(ctx.identity, 'EDUCATION')`):
   * throws FORBIDDEN. Always runs first, on every call — without a key, on the first call and on every replay —
   * before the key is looked at, so a stored record is never returned to a caller who may not make the call.
   * Checks that need a record (a township) stay in `create`; a replay comes only from the same identity that passed them.
   */
  authorize: () => void | Promise<void>;
  /** create the record (with every check of the mutation) in the transaction */
  create: () => Promise<T>;
  /** the record with this id as it is now (the answer to a replay) */
  reload: (id: string) => Promise<T | null>;
}

/**
 * Run the creating mutation `steps.create` once per idempotency key and caller (see IDEMPOTENCY_KEY_DESCRIPTION),
 * inside the write transaction `tx` that also writes the record. `steps.authorize` runs first on every call (FORBIDDEN
 * ends the call before any key is read or written). Without `input.idempotencyKey` it then simply runs `create`. With a
 * key already used by this caller identity (`callerOf`) for the same mutation and input, it runs nothing and returns
 * `reload(id)` of the record the first call created; with a different input, CONFLICT IDEMPOTENCY_KEY_REUSED.
 * BAD_USER_INPUT (field `idempotencyKey`, reason BAD_IDEMPOTENCY_KEY) for a key that is not 8-128 printable ASCII
 * characters. Call it first in the transaction, before other locks (the key row is the first thing a keyed call waits for).
 */
export async function idempotent<T extends { id: string }>(
  ctx: SubgraphContext,
  tx: EntityManager,
  operation: string,
  input: { idempotencyKey?: string | null },
  steps: IdempotentSteps<T>,
): Promise<T> {
  const { create, reload } = steps;
  await steps.authorize();
  const key = input.idempotencyKey;
  if (key == null) return create();
  if (!KEY_PATTERN.test(key))
    throw badInput('`idempotencyKey` must have 8-128 printable ASCII characters without spaces', 'idempotencyKey', 'BAD_IDEMPOTENCY_KEY');
  const subject = ctx.identity.subject;
  const caller = callerOf(ctx.identity);
  const hash = requestHash(operation, input);
  const now = new Date();
  const repo = tx.getRepository(IdempotencyKey);
  await repo.delete({ subject, expiresAt: LessThan(now.toISOString()) });
  const nonce = crypto.randomUUID();
  const ttl = ttls.get(tx.connection) ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  // PostgreSQL: a concurrent uncommitted row with this (caller, key) makes this INSERT wait for that transaction's end
  await repo
    .createQueryBuilder()
    .insert()
    .values({
      caller, subject, idempotencyKey: key, operation, requestHash: hash, resultId: null, nonce,
      createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttl).toISOString(),
    })
    .orIgnore()
    .execute();
  const row = await repo.findOneBy({ caller, idempotencyKey: key });
  if (!row) throw conflict('the idempotency key is in use by a request that has not finished; retry', 'IDEMPOTENCY_KEY_IN_USE');
  if (row.nonce === nonce) {
    const result = await create();
    await repo.update({ caller, idempotencyKey: key }, { resultId: String(result.id) });
    return result;
  }
  if (row.operation !== operation || row.requestHash !== hash)
    throw conflict('this idempotency key was used for a different request; use a new key for a new request', 'IDEMPOTENCY_KEY_REUSED');
  if (!row.resultId) throw conflict('the idempotency key is in use by a request that has not finished; retry', 'IDEMPOTENCY_KEY_IN_USE');
  const first = await reload(row.resultId);
  if (!first) throw notFound('the record created with this idempotency key no longer exists');
  return first;
}
