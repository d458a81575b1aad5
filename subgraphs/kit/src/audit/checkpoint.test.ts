import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { checkpointSignatureValid, compareWithCheckpoint, fileCheckpointStore, redisCheckpointStore, signCheckpoint, type CheckpointStore } from './checkpoint';
import { packId, packIds, unpackId, unpackIds } from './ids';
import { defaultCheckpointFile } from './archive';

const KEY = 'checkpoint-test-key-of-at-least-32-characters';
const head = (seq: number) => {
  const h = { seq, hash: crypto.createHash('sha256').update(String(seq)).digest('hex'), at: new Date(1_700_000_000_000 + seq).toISOString() };
  return { ...h, sig: signCheckpoint(h, KEY) };
};

describe('audit checkpoints', () => {
  const stores: [string, () => { store: CheckpointStore; cleanup: () => Promise<void> }][] = [
    ['a file', () => {
      const file = path.join(os.tmpdir(), `aidgraph-checkpoint-test-${crypto.randomBytes(6).toString('hex')}.json`);
      return { store: fileCheckpointStore(file), cleanup: async () => fs.promises.rm(file, { force: true }) };
    }],
    ['Redis', () => {
      const key = `aidgraph-test:${crypto.randomBytes(6).toString('hex')}:checkpoint`;
      const store = redisCheckpointStore('redis://127.0.0.1:6379', key);
      return {
        store,
        cleanup: async () => {
          const Redis = (await import('ioredis')).default;
          const r = new Redis('redis://127.0.0.1:6379');
          await r.del(key);
          await r.quit();
          await store.close();
        },
      };
    }],
  ];

  it.each(stores)('in %s never move backwards under concurrent appenders, and verify only with their key', async (_name, make) => {
    const { store, cleanup } = make();
    try {
      expect(await store.read()).toBeNull();
      // no checkpoint stored: fine for an empty log, `checkpoint missing` once the log holds entries
      expect(await compareWithCheckpoint(store, KEY, 0, async () => null)).toMatchObject({ ok: true, checkpoint: null });
      expect(await compareWithCheckpoint(store, KEY, 7, async () => head(7).hash)).toMatchObject({
        ok: false, checkpoint: null, problem: 'checkpoint missing: the log holds entries up to seq 7 but no checkpoint is stored (deleted, or never written)',
      });
      // 40 appenders finishing in random order: the checkpoint ends at the highest seq
      const order = Array.from({ length: 40 }, (_v, i) => i + 1).sort(() => Math.random() - 0.5);
      await Promise.all(order.map((seq) => store.advance(head(seq))));
      const stored = await store.read();
      expect(stored).toEqual(head(40));
      await store.advance(head(12));
      expect((await store.read())!.seq).toBe(40);
      expect(checkpointSignatureValid(stored!, KEY)).toBe(true);
      expect(checkpointSignatureValid(stored!, 'another-key-of-at-least-32-characters')).toBe(false);
      expect(checkpointSignatureValid({ ...stored!, seq: 39 }, KEY)).toBe(false);
      // compared with a chain: in step, truncated, rewritten
      const hashAt = async (seq: number) => head(seq).hash;
      expect(await compareWithCheckpoint(store, KEY, 41, hashAt)).toMatchObject({ ok: true, checkpoint: { seq: 40 } });
      expect(await compareWithCheckpoint(store, KEY, 38, hashAt)).toMatchObject({ ok: false, problem: 'the log ends at seq 38 but the checkpoint says 40 (truncated)' });
      expect(await compareWithCheckpoint(store, KEY, 40, async () => 'f'.repeat(64))).toMatchObject({ ok: false, problem: expect.stringMatching(/does not have the checkpoint's head hash/) });
      expect(await compareWithCheckpoint(store, 'another-key-of-at-least-32-characters', 40, hashAt)).toMatchObject({ ok: false, problem: expect.stringMatching(/forged or edited/) });
    } finally {
      await cleanup();
    }
  });
});

describe('packed ids of the audit log', () => {
  it('pack a registry UUID into 22 characters and back, and leave other ids alone', () => {
    const id = crypto.randomUUID();
    expect(packId(id)).toHaveLength(22);
    expect(unpackId(packId(id))).toBe(id);
    expect(unpackId(packId(id.toUpperCase()))).toBe(id);
    expect(packId('p-inner')).toBe('p-inner');
    expect(unpackIds(packIds([id, 'p-inner']))).toEqual([id, 'p-inner']);
    expect(unpackIds('')).toEqual([]);
    // entries written before packing hold plain ids
    expect(unpackIds(`${id} ${id}`)).toEqual([id, id]);
  });
});

describe('the default checkpoint file in development', () => {
  it('is one per database: under data/ for the default one, beside another SQLite file, none for PostgreSQL', () => {
    expect(defaultCheckpointFile('medical')).toBe(path.resolve(__dirname, '../../../../data/medical.audit-head.json'));
    expect(defaultCheckpointFile('medical', 'sqlite:/tmp/x/medical.sqlite')).toBe('/tmp/x/medical.sqlite.audit-head.json');
    // the default database file (the roster import names it explicitly) keeps the default checkpoint
    expect(defaultCheckpointFile('medical', `sqlite:${path.resolve(__dirname, '../../../../data/medical.sqlite')}`)).toBe(defaultCheckpointFile('medical'));
    expect(defaultCheckpointFile('medical', 'sqlite::memory:')).toBeUndefined();
    expect(defaultCheckpointFile('medical', 'postgres://postgres@127.0.0.1:5432/test?schema=medical')).toBeUndefined();
  });
});
