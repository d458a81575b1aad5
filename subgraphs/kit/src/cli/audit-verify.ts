import 'reflect-metadata';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../db/data-source';
import { AuditEntry } from '../audit/audit-entry.entity';
import { verifyAuditChain } from '../audit/chain';
import { defaultDatabaseUrl } from '../server/subgraph-server';

/**
 * `npm run audit:verify -- --subgraph <name>` (or `--database-url <url>`): recompute a subgraph's audit chain and report
 * the first broken entry. Exit code 0 when the chain verifies, 1 when it is broken, 2 on a usage or connection error.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('audit:verify')
    .description("Verify a subgraph's tamper-evident audit log (hash chain) and report the first broken entry.")
    .option('--subgraph <name>', 'the subgraph whose default database to check (civil-affairs, education, medical, housing, disability, charity)')
    .option('--database-url <url>', 'the database to check (sqlite:<file> or postgres://...?schema=<name>); default: DATABASE_URL, else the subgraph\'s default file')
    .option('--key-env <name>', 'the environment variable holding the chain key (HMAC), if the subgraph uses one', 'AUDIT_CHAIN_KEY')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ subgraph?: string; databaseUrl?: string; keyEnv: string }>();
  const url = o.databaseUrl ?? process.env.DATABASE_URL ?? (o.subgraph ? defaultDatabaseUrl(o.subgraph) : undefined);
  if (!url) program.error('give --subgraph or --database-url');
  const db = new DataSource(dataSourceOptions({ url: url!, entities: [AuditEntry] }));
  try {
    await db.initialize();
  } catch (e) {
    console.error(`cannot open the database: ${(e as Error).message}`);
    process.exit(2);
  }
  try {
    const report = await verifyAuditChain(db, 5000, process.env[o.keyEnv] || undefined);
    if (report.ok) {
      console.log(`audit chain OK: ${report.entries} entries verified`);
    } else {
      console.log(`audit chain BROKEN at entry ${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${report.entries} entries verified before it)`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

void main();
