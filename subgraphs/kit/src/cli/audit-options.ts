import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../db/data-source';
import { AuditEntry } from '../audit/audit-entry.entity';
import { defaultArchiveDir, defaultCheckpointFile } from '../audit/archive';
import { fileCheckpointStore, redisCheckpointStore, type CheckpointStore } from '../audit/checkpoint';
import { defaultDatabaseUrl } from '../server/subgraph-server';

/** The options `audit:verify` and `audit:archive` share, from flags and the subgraph's environment variables. */
export interface AuditCliTarget {
  subgraph?: string;
  url: string;
  chainKey?: string;
  checkpointKey?: string;
  archiveDir?: string;
  checkpoints: CheckpointStore[];
  retentionDays: number;
}

/** Add the shared options to a command. */
export function auditOptions(program: Command): Command {
  return program
    .option('--subgraph <name>', 'the subgraph (a name of schema/subgraphs.json, e.g. civil-affairs): its default database, checkpoint file and archive folder')
    .option('--database-url <url>', "the database (sqlite:<file> or postgres://...?schema=<name>); default: DATABASE_URL, else the subgraph's default file")
    .option('--key-env <name>', 'the environment variable holding the chain key (HMAC), if the subgraph uses one', 'AUDIT_CHAIN_KEY')
    .option('--checkpoint-file <file>', "the checkpoint file; default: AUDIT_CHECKPOINT_FILE, else (development, with --subgraph) data/<subgraph>.audit-head.json or <sqlite file>.audit-head.json; 'off' for none")
    .option('--checkpoint-redis-url <url>', 'Redis holding the checkpoint; default: AUDIT_CHECKPOINT_REDIS_URL')
    .option('--checkpoint-redis-prefix <prefix>', 'key prefix of the Redis checkpoint; default: AUDIT_CHECKPOINT_REDIS_PREFIX or aidgraph:audit-head:')
    .option('--archive-dir <dir>', "the folder of sealed segments; default: AUDIT_ARCHIVE_DIR, else the subgraph's data/audit-archive/<subgraph>")
    .option('--retention-days <days>', 'archive entries older than this; default: AUDIT_RETENTION_DAYS or 365')
    .showHelpAfterError();
}

/** Resolve the target of an audit command from its parsed options and the environment. */
export function auditTarget(program: Command, env: NodeJS.ProcessEnv = process.env): AuditCliTarget {
  const o = program.opts<{
    subgraph?: string; databaseUrl?: string; keyEnv: string; checkpointFile?: string; checkpointRedisUrl?: string;
    checkpointRedisPrefix?: string; archiveDir?: string; retentionDays?: string;
  }>();
  const url = o.databaseUrl ?? env.DATABASE_URL ?? (o.subgraph ? defaultDatabaseUrl(o.subgraph) : undefined);
  if (!url) program.error('give --subgraph or --database-url');
  const production = env.AIDGRAPH_MODE === 'production';
  // the subgraph's default in development (see subgraphConfig): for its default database, or beside a SQLite file
  const file = o.checkpointFile ?? env.AUDIT_CHECKPOINT_FILE ?? (o.subgraph && !production ? defaultCheckpointFile(o.subgraph, o.databaseUrl ?? env.DATABASE_URL) : undefined);
  const redisUrl = o.checkpointRedisUrl ?? env.AUDIT_CHECKPOINT_REDIS_URL;
  const checkpoints: CheckpointStore[] = [];
  if (file && file !== 'off') checkpoints.push(fileCheckpointStore(file));
  if (redisUrl) {
    if (!o.subgraph) program.error('a Redis checkpoint needs --subgraph (its key is <prefix><subgraph>)');
    checkpoints.push(redisCheckpointStore(redisUrl, `${o.checkpointRedisPrefix ?? env.AUDIT_CHECKPOINT_REDIS_PREFIX ?? 'aidgraph:audit-head:'}${o.subgraph}`));
  }
  const chainKey = env[o.keyEnv] || undefined;
  const retention = Number(o.retentionDays ?? env.AUDIT_RETENTION_DAYS ?? 365);
  if (!Number.isInteger(retention) || retention < 1) program.error('--retention-days: a whole number of days, at least 1');
  return {
    subgraph: o.subgraph,
    url: url!,
    chainKey,
    checkpointKey: env.AUDIT_CHECKPOINT_KEY || chainKey,
    archiveDir: o.archiveDir ?? env.AUDIT_ARCHIVE_DIR ?? (o.subgraph ? defaultArchiveDir(o.subgraph) : undefined),
    checkpoints,
    retentionDays: retention,
  };
}

/** Open the audit table of the target's database (exit code 2 when it cannot be opened). */
export async function openAuditDatabase(url: string): Promise<DataSource> {
  const db = new DataSource(dataSourceOptions({ url, entities: [AuditEntry] }));
  try {
    await db.initialize();
  } catch (e) {
    console.error(`cannot open the database: ${(e as Error).message}`);
    process.exit(2);
  }
  return db;
}
