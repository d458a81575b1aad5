import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { DataSource } from 'typeorm';

/**
 * Test databases. Every suite runs on each kind in TEST_DATABASES (default `sqlite,postgres`): SQLite in a temporary
 * file, PostgreSQL in a schema of its own under a unique name in TEST_POSTGRES_URL (default the local `test`
 * database), dropped afterwards.
 */
export type DatabaseKind = 'sqlite' | 'postgres';

export function testDatabaseKinds(): DatabaseKind[] {
  const list = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  return list.filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgres');
}

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
  /**
   * The same, synchronously and best effort (never throws), for a process that is exiting and can no longer wait:
   * removes the SQLite folder; drops the PostgreSQL schema with `psql` (when installed, at most 10 s).
   */
  dropSync(): void;
}

export async function createTestDatabase(kind: DatabaseKind, label = 'test'): Promise<TestDatabase> {
  const unique = `${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-'));
    return {
      kind,
      url: `sqlite:${path.join(dir, `${unique}.sqlite`)}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      dropSync: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${unique}`.slice(0, 60);
  return {
    kind,
    url: `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    drop: async () => {
      const ds = new DataSource({ type: 'postgres', url: TEST_POSTGRES_URL });
      await ds.initialize();
      try {
        await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await ds.destroy();
      }
    },
    dropSync: () => {
      spawnSync('psql', [TEST_POSTGRES_URL, '-qXc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { stdio: 'ignore', timeout: 10000 });
    },
  };
}
