import 'reflect-metadata';
import { Command } from 'commander';
import { archiveAuditLog } from '../audit/archive';
import { auditOptions, auditTarget, openAuditDatabase } from './audit-options';

/**
 * `npm run audit:archive -- --subgraph <name>` (or `--database-url <url> --archive-dir <dir>`): move the audit entries
 * older than the retention (AUDIT_RETENTION_DAYS, default 365) out of the hot table into sealed, gzipped JSON Lines
 * segments under AUDIT_ARCHIVE_DIR; the newest entry always stays, so the chain continues in the table. Verify with
 * `npm run audit:verify` (same options). Exit code 0 when done, 1 when the entries to archive do not verify, 2 on a
 * usage or connection error.
 */
async function main(): Promise<void> {
  const program = auditOptions(
    new Command().name('audit:archive').description("Move a subgraph's audit entries older than the retention into sealed segment files."),
  );
  program.parse();
  const t = auditTarget(program);
  if (!t.archiveDir) program.error('give --subgraph or --archive-dir');
  const db = await openAuditDatabase(t.url);
  try {
    const r = await archiveAuditLog(db, { dir: t.archiveDir!, retentionDays: t.retentionDays, chainKey: t.chainKey, sealKey: t.checkpointKey });
    if (!r.segments.length) console.log(`nothing to archive: no entry older than ${t.retentionDays} days (the newest entry always stays)`);
    for (const s of r.segments) console.log(`archived entries ${s.firstSeq}-${s.lastSeq} (${s.count}) to ${t.archiveDir}/${s.file}`);
  } catch (e) {
    console.log(`audit archive REFUSED: ${(e as Error).message}`);
    process.exitCode = 1;
  } finally {
    await db.destroy();
    for (const s of t.checkpoints) await s.close();
  }
}

void main();
