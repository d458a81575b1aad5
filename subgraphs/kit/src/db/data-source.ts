import { recordKey } from '../statistics/perturbation';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type Logger, type MixedList, type EntitySchema } from 'typeorm';
import { types as pgTypes } from 'pg';

// A PostgreSQL DATE comes back as the ISO string it is ("2025-03-01"), as on SQLite, in raw queries too (node-pg would
// make it a Date at local midnight, which shifts with the time zone).
pgTypes.setTypeParser(1082, (v: string) => v);

/**
 * Each subgraph has its own database: a SQLite file (better-sqlite3) by default, PostgreSQL when configured.
 *
 * DATABASE_URL forms:
 * - `sqlite:<path>` (relative paths are resolved from the process's working directory), `sqlite::memory:`;
 * - `postgres://user[:password]@host:port/database[?schema=name]` — one schema per subgraph in a shared database,
 *   or a database of its own. The schema is created when it does not exist.
 */
export interface DatabaseTarget {
  kind: 'sqlite' | 'postgres';
  /** sqlite: the file path or `:memory:`; postgres: the connection URL without the schema parameter */
  location: string;
  /** postgres schema (default `public`) */
  schema?: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const p = url.slice('sqlite:'.length);
    if (!p) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/civil-affairs.sqlite');
    return { kind: 'sqlite', location: p === ':memory:' ? p : path.resolve(p) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('DATABASE_URL schema must be a lower-case SQL identifier');
    return { kind: 'postgres', location: u.toString(), schema };
  }
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

/**
 * Counts the SQL statements a data source sends: tests use it to prove that batching holds. `count` counts the
 * statements that read or write the subgraph's data; the audit log's appends and transaction control (BEGIN, COMMIT,
 * advisory locks) are counted apart in `other`.
 */
export class StatementCounter implements Logger {
  count = 0;
  other = 0;
  statements: string[] = [];
  constructor(private readonly keep = false) {}
  logQuery(query: string) {
    if (/audit_log|^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)|pg_advisory/i.test(query)) this.other++;
    else this.count++;
    if (this.keep) this.statements.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
  reset() {
    this.count = 0;
    this.other = 0;
    this.statements = [];
  }
}

export interface DataSourceSettings {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations?: MixedList<Function | string>;
  /** tests only: build tables from the entities instead of migrating */
  synchronize?: boolean;
  /** count statements (tests and benchmarks) */
  counter?: StatementCounter;
}

/** Options for a TypeORM DataSource on the configured database (not yet initialised). */
export function dataSourceOptions(s: DataSourceSettings): DataSourceOptions {
  const target = parseDatabaseUrl(s.url);
  const common = {
    entities: s.entities,
    migrations: s.migrations ?? [],
    migrationsTableName: 'migrations',
    synchronize: s.synchronize ?? false,
    logging: s.counter ? (['query'] as const) : false,
    logger: s.counter,
  } as const;
  if (target.kind === 'sqlite') {
    // the database files hold personal data: their folder is the owner's alone
    if (target.location !== ':memory:') fs.mkdirSync(path.dirname(target.location), { recursive: true, mode: 0o700 });
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.location,
      prepareDatabase: (db: { pragma(s: string): unknown; function(name: string, options: object, fn: (v: unknown) => unknown): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        // LIKE behaves as on PostgreSQL (case-sensitive), so name-prefix filters answer the same on both databases
        db.pragma('case_sensitive_like = ON');
        // the statistics' record key, PostgreSQL's uuid_hash (statistics/perturbation.ts): the same noise on both databases
        db.function('aid_record_key', { deterministic: true }, (v) => (v === null || v === undefined ? null : recordKey(String(v))));
      },
    } as DataSourceOptions;
  }
  return {
    ...common,
    type: 'postgres',
    url: target.location,
    schema: target.schema,
    // raw SQL (reports, tests) sees the subgraph's own schema first, like the entities do
    extra: { max: 10, application_name: 'aidgraph', ...(target.schema ? { options: `-c search_path=${target.schema},public` } : {}) },
  } as DataSourceOptions;
}

/**
 * Open the database: create the PostgreSQL schema if needed, initialise, and run pending migrations
 * (unless `synchronize` is on, which tests use). Returns the initialised DataSource.
 */
export async function openDatabase(s: DataSourceSettings): Promise<DataSource> {
  const target = parseDatabaseUrl(s.url);
  if (target.kind === 'postgres' && target.schema) {
    const bootstrap = new DataSource({ type: 'postgres', url: target.location });
    await bootstrap.initialize();
    try {
      // replicas starting together: one creates the schema, the others wait for it (IF NOT EXISTS alone races)
      await bootstrap.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [MIGRATION_LOCK, target.schema]);
        await tx.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
      });
    } finally {
      await bootstrap.destroy();
    }
  }
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  if (!s.synchronize) await migrateExclusively(ds, target.schema ?? 'public');
  return ds;
}

/** The first key of the PostgreSQL advisory lock that serialises a schema's migrations (the second is hashtext(schema)). */
const MIGRATION_LOCK = 20201217;

/**
 * Run pending migrations, one process at a time per database schema: two replicas of a subgraph that start together
 * (a rolling update, a scale-up) would otherwise both find a migration pending and both run it, and one would fail on
 * the other's table. On PostgreSQL a session advisory lock keyed by the schema is held while migrating, so the second
 * replica waits and then finds nothing pending; SQLite has one writer per file (busy_timeout) and one process per file.
 */
export async function migrateExclusively(ds: DataSource, schema: string): Promise<void> {
  if (ds.options.type !== 'postgres') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1::int, hashtext($2))', [MIGRATION_LOCK, schema]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [MIGRATION_LOCK, schema]);
    }
  } finally {
    await runner.release();
  }
}

/** The largest number of bound parameters one statement may use on either database (SQLite 32766, PostgreSQL 65535). */
export const MAX_PARAMETERS = 30000;

/** Split `items` into chunks small enough to bind in one statement. */
export function chunks<T>(items: readonly T[], size = MAX_PARAMETERS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
