import 'reflect-metadata';
import { Command } from 'commander';
import { NO_CHECKPOINT_CONFIGURED, verifyAuditLog } from '../audit/verify';
import { auditOptions, auditTarget, openAuditDatabase } from './audit-options';

/**
 * `npm run audit:verify -- --subgraph <name>` (or `--database-url <url>`): verify a subgraph's whole audit log — the
 * sealed archive segments, the hot table continuing from them, and the chain's head against its checkpoints (file and/or
 * Redis): truncation (`the log ends at seq N but the checkpoint says M`), a forged checkpoint or seal, a rewritten head,
 * an edited or missing entry or segment, a checkpoint missing while the log holds entries (`checkpoint missing`). No
 * checkpoint configured at all is a failure too unless `--no-checkpoint` is given (then a warning that truncation
 * cannot be detected). Exit code 0 when all verifies, 1 when anything is broken, 2 on a usage or
 * connection error. Prints seq numbers and file names only, never the entries' content.
 */
async function main(): Promise<void> {
  const program = auditOptions(
    new Command().name('audit:verify').description("Verify a subgraph's tamper-evident audit log (archive segments, hash chain, checkpoints) and report what is broken."),
  );
  program.option('--no-checkpoint', 'accept verifying without any checkpoint (file or Redis): truncation of the newest entries cannot be detected; printed as a warning');
  program.parse();
  const t = auditTarget(program);
  const allowNoCheckpoint = program.opts<{ checkpoint: boolean }>().checkpoint === false;
  const db = await openAuditDatabase(t.url);
  try {
    const r = await verifyAuditLog(db, { chainKey: t.chainKey, checkpointKey: t.checkpointKey, archiveDir: t.archiveDir, checkpoints: t.checkpoints, allowNoCheckpoint });
    const archived = r.archive && r.archive.segments ? ` after ${r.archive.entries} archived entries in ${r.archive.segments} sealed segments` : '';
    const heads = r.checkpoints.map((c) => `${c.store}: ${c.checkpoint ? `seq ${c.checkpoint.seq}` : 'none yet, the log is empty'}`).join('; ');
    for (const w of r.warnings) console.log(`WARNING: ${w}`);
    if (r.ok) {
      console.log(`audit chain OK: ${r.chain.entries} entries verified${archived}${heads ? `; checkpoints match (${heads})` : '; NOT compared with any checkpoint (--no-checkpoint)'}`);
    } else {
      if (!r.checkpoints.length && !allowNoCheckpoint) console.log(`audit checkpoint MISSING: ${NO_CHECKPOINT_CONFIGURED}`);
      if (r.archive && !r.archive.ok) console.log(`audit archive BROKEN: ${r.archive.problem}`);
      if (!r.chain.ok) console.log(`audit chain BROKEN at entry ${r.chain.firstBroken!.seq}: ${r.chain.firstBroken!.reason} (${r.chain.entries} entries verified before it)`);
      for (const c of r.checkpoints) if (!c.ok) console.log(`audit checkpoint ${c.checkpoint === null ? 'MISSING' : 'MISMATCH'} (${c.store}): ${c.problem}`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
    for (const s of t.checkpoints) await s.close();
  }
}

void main();
