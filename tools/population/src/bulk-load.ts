import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Loads many rows fast, all or nothing: on SQLite through one prepared INSERT per table inside one transaction
 * (better-sqlite3 directly); on PostgreSQL through COPY ... FROM STDIN (pg-copy-streams) inside one transaction.
 * Values go through the entities' column transformers (money in fen), exactly as TypeORM would write them.
 * Used by the demo seed and the population generator.
 */
export interface BulkLoader {
  /** queue a row of `entity` (flushed in batches) */
  add(entity: EntityTarget<ObjectLiteral>, row: ObjectLiteral): Promise<void>;
  /** write everything queued and commit */
  commit(): Promise<void>;
  /** undo everything (nothing written stays) */
  rollback(): Promise<void>;
  /** rows written per table so far */
  readonly counts: Record<string, number>;
}

interface TablePlan {
  meta: EntityMetadata;
  columns: { name: string; property: string; to: (v: unknown) => unknown }[];
  rows: unknown[][];
}

function plan(db: DataSource, entity: EntityTarget<ObjectLiteral>, sqlite: boolean): TablePlan {
  const meta = db.getMetadata(entity);
  const columns = meta.columns.map((c) => ({
    name: c.databaseName,
    property: c.propertyName,
    to: (v: unknown) => {
      let out = c.transformer && !Array.isArray(c.transformer) ? c.transformer.to(v) : v;
      if (out === undefined) out = null;
      if (sqlite && typeof out === 'boolean') out = out ? 1 : 0;
      return out;
    },
  }));
  return { meta, columns, rows: [] };
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return `"${String(v).replace(/"/g, '""')}"`;
}

export async function createBulkLoader(db: DataSource, batchSize = 20000): Promise<BulkLoader> {
  const sqlite = db.options.type === 'better-sqlite3';
  const plans = new Map<EntityTarget<ObjectLiteral>, TablePlan>();
  const counts: Record<string, number> = {};
  let runner: QueryRunner | undefined;
  let raw: any;
  if (sqlite) {
    raw = (db.driver as any).databaseConnection;
    // a large page cache keeps the indexes' B-trees in memory while millions of rows go in
    raw.pragma('cache_size = -262144');
    raw.exec('BEGIN IMMEDIATE');
  } else {
    runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    raw = (runner as any).databaseConnection;
  }
  const statements = new Map<TablePlan, any>();

  const flush = async (p: TablePlan) => {
    if (!p.rows.length) return;
    const rows = p.rows;
    p.rows = [];
    const table = p.meta.tableName;
    if (sqlite) {
      let stmt = statements.get(p);
      if (!stmt) {
        stmt = raw.prepare(`INSERT INTO "${table}" (${p.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${p.columns.map(() => '?').join(', ')})`);
        statements.set(p, stmt);
      }
      for (const r of rows) stmt.run(r);
    } else {
      const target = p.meta.schema ? `"${p.meta.schema}"."${table}"` : `"${table}"`;
      const stream = raw.query(copyFrom(`COPY ${target} (${p.columns.map((c) => `"${c.name}"`).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
      await pipeline(Readable.from((function* () {
        for (const r of rows) yield r.map(csvField).join(',') + '\n';
      })()), stream);
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  };

  return {
    counts,
    async add(entity, row) {
      let p = plans.get(entity);
      if (!p) plans.set(entity, (p = plan(db, entity, sqlite)));
      p.rows.push(p.columns.map((c) => c.to(row[c.property])));
      if (p.rows.length >= batchSize) await flush(p);
    },
    async commit() {
      for (const p of plans.values()) await flush(p);
      if (sqlite) raw.exec('COMMIT');
      else {
        await runner!.commitTransaction();
        await runner!.release();
      }
    },
    async rollback() {
      if (sqlite) {
        if (raw.inTransaction) raw.exec('ROLLBACK');
      } else {
        await runner!.rollbackTransaction();
        await runner!.release();
      }
    },
  };
}
