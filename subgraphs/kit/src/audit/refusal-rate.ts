import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import type { AuditRefusal } from './collector';

/**
 * Refusals counted from the audit log, per subject: what a caller was refused recently (a refusal entry is appended at
 * the end of each request that had one, see chain.ts). Used to bound refusals that reveal something even as a refusal,
 * such as the registry's CONFLICT ID_NUMBER_REGISTERED (a registering caller learns that the number is registered).
 */

/** The default number of registry conflicts (ID_NUMBER_REGISTERED) one subject may meet in an hour (REGISTRY_CONFLICTS_PER_HOUR). */
export const DEFAULT_REGISTRY_CONFLICTS_PER_HOUR = 20;

const conflictLimits = new WeakMap<object, number>();

/** Allow `perHour` registry conflicts per subject and hour on the database `db` (the server sets it from REGISTRY_CONFLICTS_PER_HOUR). */
export function setRegistryConflictLimit(db: DataSource, perHour: number): void {
  conflictLimits.set(db, perHour);
}

/** The registry conflicts per subject and hour allowed on the database `db` (default DEFAULT_REGISTRY_CONFLICTS_PER_HOUR). */
export function registryConflictLimit(db: DataSource): number {
  return conflictLimits.get(db) ?? DEFAULT_REGISTRY_CONFLICTS_PER_HOUR;
}

/**
 * How many refusals of `subject` matching `match` the audit log holds from `since` (an ISO instant) on: the sum of the
 * counts of the matching refusals in the subject's refusal entries (read through `tx`, the index on subject).
 */
export async function countRefusals(tx: EntityManager, subject: string, since: string, match: (r: AuditRefusal) => boolean): Promise<number> {
  const rows = await tx
    .getRepository(AuditEntry)
    .createQueryBuilder('a')
    .select(['a.seq', 'a.detail'])
    .where('a.subject = :subject AND a.kind = :kind AND a.at >= :since', { subject, kind: 'refusal', since })
    .getMany();
  let n = 0;
  for (const r of rows) {
    let refusals: AuditRefusal[];
    try {
      refusals = JSON.parse(r.detail) as AuditRefusal[];
    } catch {
      continue;
    }
    if (Array.isArray(refusals)) for (const x of refusals) if (x && match(x)) n += Number(x.count) || 1;
  }
  return n;
}
