import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Redis as RedisClient } from 'ioredis';

/** The head of an audit chain: its last entry's sequence number and hash, and when that entry was written. */
export interface ChainHead {
  seq: number;
  hash: string;
  at: string;
}

/** A checkpoint as stored: the head and its signature (HMAC-SHA-256 over `seq|hash|at`, hex). */
export interface SignedCheckpoint extends ChainHead {
  sig: string;
}

/**
 * The signature of a checkpoint: HMAC-SHA-256 with the checkpoint key (AUDIT_CHECKPOINT_KEY, else AUDIT_CHAIN_KEY);
 * without a key (development) plain SHA-256, which detects an edited checkpoint but not a re-signed one.
 */
export function signCheckpoint(head: ChainHead, key?: string): string {
  const text = `aidgraph-audit-checkpoint|${head.seq}|${head.hash}|${head.at}`;
  return (key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256')).update(text).digest('hex');
}

/** True when `c` is a well-formed checkpoint whose signature verifies with `key`. */
export function checkpointSignatureValid(c: SignedCheckpoint, key?: string): boolean {
  if (!Number.isInteger(c.seq) || typeof c.hash !== 'string' || typeof c.at !== 'string' || typeof c.sig !== 'string') return false;
  const expected = Buffer.from(signCheckpoint(c, key), 'hex');
  const given = Buffer.from(c.sig, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** Where a chain's head is checkpointed, outside the subgraph's database. */
export interface CheckpointStore {
  /** e.g. `file /srv/aidgraph/medical.audit-head.json` or `redis aidgraph:audit-head:medical` (no secrets) */
  readonly name: string;
  /** the stored checkpoint, or null when none was written yet; throws when the store cannot be read */
  read(): Promise<SignedCheckpoint | null>;
  /** store `c` unless the stored one has a higher or equal seq (a checkpoint never moves backwards) */
  advance(c: SignedCheckpoint): Promise<void>;
  close(): Promise<void>;
}

function parseCheckpoint(text: string): SignedCheckpoint {
  const o = JSON.parse(text) as Partial<SignedCheckpoint>;
  return { seq: Number(o.seq), hash: String(o.hash), at: String(o.at), sig: String(o.sig) };
}

/**
 * A checkpoint file (JSON), replaced atomically (written to a temporary file, then renamed over it). Updates from this
 * process are serialised and never lower the seq; another process writing the same file could race between its read
 * and its rename — use one file per subgraph process, or Redis, whose update is atomic.
 */
export function fileCheckpointStore(file: string): CheckpointStore {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<SignedCheckpoint | null> => {
    try {
      return parseCheckpoint(await fs.promises.readFile(file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (e instanceof SyntaxError) return { seq: NaN, hash: '', at: '', sig: '' };
      throw e;
    }
  };
  return {
    name: `file ${file}`,
    read,
    advance(c) {
      const run = queue.then(async () => {
        const current = await read().catch(() => null);
        if (current && Number.isFinite(current.seq) && current.seq >= c.seq) return;
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
        await fs.promises.writeFile(tmp, JSON.stringify(c) + '\n', { mode: 0o600 });
        await fs.promises.rename(tmp, file);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
    },
  };
}

/** Sets the key to the checkpoint's JSON only when its seq is higher than the stored one's (atomic in Redis). */
const ADVANCE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, o = pcall(cjson.decode, cur)
  if ok and type(o) == 'table' and tonumber(o.seq) and tonumber(o.seq) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/**
 * A checkpoint in Redis under `<prefix><subgraph>` (JSON), advanced atomically by a Lua script that keeps the highest
 * seq, so concurrent appenders (several processes of one subgraph) never move it backwards.
 */
export function redisCheckpointStore(url: string, key: string): CheckpointStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Redis = require('ioredis') as typeof import('ioredis').default;
  const client: RedisClient = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  client.on('error', () => undefined); // reported by the failing command
  return {
    name: `redis ${key}`,
    async read() {
      const text = await client.get(key);
      if (text == null) return null;
      try {
        return parseCheckpoint(text);
      } catch {
        return { seq: NaN, hash: '', at: '', sig: '' };
      }
    },
    async advance(c) {
      await client.eval(ADVANCE_SCRIPT, 1, key, String(c.seq), JSON.stringify(c));
    },
    async close() {
      if (client.status !== 'end') await client.quit().catch(() => client.disconnect());
    },
  };
}

/** The checkpoint stores and key of one subgraph's audit chain. */
export interface Checkpointer {
  stores: CheckpointStore[];
  key?: string;
  /** called when a store cannot be advanced (the request has committed already; the error is logged, not raised) */
  onError?: (store: CheckpointStore, e: unknown) => void;
}

/** Options to make a subgraph's checkpointer from its configuration. */
export interface CheckpointOptions {
  subgraph: string;
  file?: string;
  redisUrl?: string;
  redisPrefix?: string;
  key?: string;
  onError?: Checkpointer['onError'];
}

/** The checkpoint stores configured (a file and/or Redis); none when neither is configured. */
export function createCheckpointer(o: CheckpointOptions): Checkpointer {
  const stores: CheckpointStore[] = [];
  if (o.file) stores.push(fileCheckpointStore(o.file));
  if (o.redisUrl) stores.push(redisCheckpointStore(o.redisUrl, `${o.redisPrefix ?? 'aidgraph:audit-head:'}${o.subgraph}`));
  return { stores, key: o.key, onError: o.onError };
}

const checkpointers = new WeakMap<object, Checkpointer>();

/** Checkpoint the audit chain of the database `db` with `c` after each appended batch commits. */
export function setAuditCheckpointer(db: DataSource, c: Checkpointer | undefined): void {
  if (c && c.stores.length) checkpointers.set(db, c);
  else checkpointers.delete(db);
}

/** The checkpointer of `db`, if any. */
export function auditCheckpointerOf(db: DataSource): Checkpointer | undefined {
  return checkpointers.get(db);
}

/**
 * Record `head` (just committed) in every checkpoint store of `db`. Failures are reported to `onError` and do not
 * fail the request: the entries are committed; the checkpoint catches up with the next batch.
 */
export async function checkpointHead(db: DataSource, head: ChainHead | null): Promise<void> {
  const c = checkpointers.get(db);
  if (!c || !head) return;
  const signed: SignedCheckpoint = { ...head, sig: signCheckpoint(head, c.key) };
  await Promise.all(
    c.stores.map((s) =>
      s.advance(signed).catch((e) => {
        c.onError?.(s, e);
      }),
    ),
  );
}

/** What comparing a chain with one checkpoint found. */
export interface CheckpointCheck {
  store: string;
  ok: boolean;
  /** null: no checkpoint stored (fine only while the log is empty; else `checkpoint missing`) */
  checkpoint?: ChainHead | null;
  problem?: string;
}

/**
 * Compare a chain with a checkpoint: a store holding no checkpoint is a failure (`checkpoint missing`) unless the log
 * is empty (`lastSeq` 0) — deleting the newest entries together with the checkpoint must not go unnoticed, and every
 * writer of the log advances the checkpoint after each batch, so a log with entries always has one. The checkpoint must be signed with `key`; the chain must reach the checkpoint's
 * seq (else it was truncated: `the log ends at seq N but the checkpoint says M`), and its entry at that seq must have
 * the checkpoint's hash (else the chain was rewritten or replaced). `entryHashAt(seq)` gives the hash of the chain's
 * entry at `seq` (from the table or an archived segment), or null when there is none.
 */
export async function compareWithCheckpoint(
  store: CheckpointStore,
  key: string | undefined,
  lastSeq: number,
  entryHashAt: (seq: number) => Promise<string | null>,
): Promise<CheckpointCheck> {
  let c: SignedCheckpoint | null;
  try {
    c = await store.read();
  } catch (e) {
    return { store: store.name, ok: false, problem: `the checkpoint cannot be read (${(e as Error).name})` };
  }
  if (!c) {
    if (lastSeq > 0)
      return { store: store.name, ok: false, checkpoint: null, problem: `checkpoint missing: the log holds entries up to seq ${lastSeq} but no checkpoint is stored (deleted, or never written)` };
    return { store: store.name, ok: true, checkpoint: null };
  }
  const head = { seq: c.seq, hash: c.hash, at: c.at };
  if (!checkpointSignatureValid(c, key)) return { store: store.name, ok: false, checkpoint: head, problem: 'the checkpoint is forged or edited (its signature does not verify)' };
  if (lastSeq < c.seq) return { store: store.name, ok: false, checkpoint: head, problem: `the log ends at seq ${lastSeq} but the checkpoint says ${c.seq} (truncated)` };
  const hash = await entryHashAt(c.seq);
  if (hash !== c.hash) return { store: store.name, ok: false, checkpoint: head, problem: `the entry at seq ${c.seq} does not have the checkpoint's head hash (the chain was rewritten)` };
  return { store: store.name, ok: true, checkpoint: head };
}
