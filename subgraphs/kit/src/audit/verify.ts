import type { DataSource } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { verifyAuditChain, type ChainReport } from './chain';
import { readSeals, readSegment, verifyAuditArchive, type ArchiveVerification } from './archive';
import { compareWithCheckpoint, type CheckpointCheck, type CheckpointStore } from './checkpoint';

/** Everything `verifyAuditLog` checks, with its findings. */
export interface AuditLogVerification {
  ok: boolean;
  /** the archived segments (when an archive folder was given) */
  archive?: ArchiveVerification;
  /** the hot table, continuing from the archive */
  chain: ChainReport;
  /** one per checkpoint store */
  checkpoints: CheckpointCheck[];
  /** the problems found, one sentence each (no personal data) */
  problems: string[];
  /** what could not be checked but was accepted (`allowNoCheckpoint`), one sentence each */
  warnings: string[];
}

/** What to verify a subgraph's audit log against. */
export interface VerifyOptions {
  /** AUDIT_CHAIN_KEY */
  chainKey?: string;
  /** AUDIT_CHECKPOINT_KEY, else AUDIT_CHAIN_KEY: signs checkpoints and seals */
  checkpointKey?: string;
  /** the subgraph's archive folder (segments and seals), if any */
  archiveDir?: string;
  /** the checkpoint stores to compare the head with; none is a failure (`no checkpoint configured`) unless `allowNoCheckpoint` */
  checkpoints?: CheckpointStore[];
  /** accept verifying without any checkpoint store (`audit:verify --no-checkpoint`): a warning instead of a problem */
  allowNoCheckpoint?: boolean;
}

/** The finding when no checkpoint store is configured: without one, deleting the newest entries cannot be detected. */
export const NO_CHECKPOINT_CONFIGURED =
  'no checkpoint configured: deleting the newest entries (truncation) cannot be detected (set AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_REDIS_URL, or pass --no-checkpoint to accept that)';

/**
 * Verify a subgraph's whole audit log: the sealed archive segments (if any), the hot table continuing from the last
 * segment (or from the genesis), and the chain's head against each checkpoint (truncation, forged checkpoint, head
 * hash mismatch, a checkpoint missing while the log holds entries). Without any checkpoint store this is a failure
 * unless `allowNoCheckpoint` (then a warning): a chain alone cannot show that its newest entries were deleted. Used by `npm run audit:verify`, the subgraph's start-up check and the tests.
 */
export async function verifyAuditLog(db: DataSource, o: VerifyOptions): Promise<AuditLogVerification> {
  const problems: string[] = [];
  const warnings: string[] = [];
  let archive: ArchiveVerification | undefined;
  let start: { seq: number; prevHash: string } | undefined;
  if (o.archiveDir) {
    archive = await verifyAuditArchive(o.archiveDir, { chainKey: o.chainKey, sealKey: o.checkpointKey });
    if (!archive.ok) problems.push(`archive: ${archive.problem}`);
    start = archive.next;
  }
  const chain = await verifyAuditChain(db, 5000, o.chainKey, start);
  if (!chain.ok) problems.push(`table: entry ${chain.firstBroken!.seq}: ${chain.firstBroken!.reason}`);
  // the checkpoint is compared with the newest entry present (the chain check above reports gaps before it)
  const newest = await db.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, take: 1, select: { seq: true } });
  const lastSeq = newest[0]?.seq ?? (start ? start.seq - 1 : 0);
  const hashAt = async (seq: number): Promise<string | null> => {
    const row = await db.getRepository(AuditEntry).findOne({ where: { seq }, select: { seq: true, hash: true } });
    if (row) return row.hash;
    if (!o.archiveDir) return null;
    const seal = (await readSeals(o.archiveDir)).find((s) => s.firstSeq <= seq && seq <= s.lastSeq);
    if (!seal) return null;
    return (await readSegment(o.archiveDir, seal).catch(() => [])).find((r) => r.seq === seq)?.hash ?? null;
  };
  const checkpoints: CheckpointCheck[] = [];
  if (!o.checkpoints?.length) (o.allowNoCheckpoint ? warnings : problems).push(NO_CHECKPOINT_CONFIGURED);
  for (const store of o.checkpoints ?? []) {
    const c = await compareWithCheckpoint(store, o.checkpointKey, lastSeq, hashAt);
    checkpoints.push(c);
    if (!c.ok) problems.push(`checkpoint (${c.store}): ${c.problem}`);
  }
  return { ok: problems.length === 0, archive, chain, checkpoints, problems, warnings };
}
