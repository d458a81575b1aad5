import os from 'node:os';
import crypto from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { writeTransaction, type Logger } from '@aidgraph/subgraph-kit';
import { WarningRuleRun } from '../warning-alert/warning-alert.entity';
import { WarningRuleRunStatus, type WarningRuleTrigger } from '../warning-alert/warning-alert.enums';

/**
 * One batch of warning rules at a time, across every process on supervision's database (the replicas' mutations and
 * schedules, the CLI, the CronJob): a batch runs only while it holds the lease, one row of `warning_rule_lease` with its
 * holder and an expiry. The batch renews the lease, and the heartbeat of its RUNNING runs, at each page and every quarter
 * of the lease; it frees the lease when it ends. A process that stops without a word (killed, crashed, its node lost)
 * frees it by expiry: `SUPERVISION_RULES_LEASE` (default 2m) after its last renewal the next batch may take it, and marks
 * the runs left RUNNING INTERRUPTED (HEARTBEAT_LOST). The same SQL on SQLite and PostgreSQL: taking the lease is one
 * conditional UPDATE (`expiresAt <= now`), which PostgreSQL re-checks after a concurrent taker commits and SQLite runs
 * one writer at a time; nothing is held in a session, so a crash leaves nothing but an expiry to wait for.
 */
@Entity('warning_rule_lease')
export class WarningRuleLease {
  /** the lease's name: `warning-rules` (one lease for every rule: a batch takes the rules one after another) */
  @PrimaryColumn('varchar', { length: 40 })
  name: string;

  /** the process that holds it (`host#pid#random`: a pod name and a process id, never a person), null when free */
  @Column('varchar', { length: 160, nullable: true })
  holder: string | null;

  /** the batch that holds it, null when free */
  @Column('varchar', { length: 36, nullable: true })
  batchId: string | null;

  /** what started that batch (MUTATION, SCHEDULE, CLI), null when free */
  @Column('varchar', { length: 12, nullable: true })
  trigger: WarningRuleTrigger | null;

  /** when the holder took it (ISO 8601 UTC) */
  @Column('varchar', { length: 32, nullable: true })
  acquiredAt: string | null;

  /** when the holder last renewed it */
  @Column('varchar', { length: 32, nullable: true })
  renewedAt: string | null;

  /** until when it is held (ISO 8601 UTC, compared as text: always `toISOString`'s 24 characters); free once past */
  @Column('varchar', { length: 32 })
  expiresAt: string;
}

/** The lease every batch takes. */
export const RULES_LEASE = 'warning-rules';
const FREE_SINCE = new Date(0).toISOString();

/** This process, as a lease holder (a pod's host name and the process id: no person). */
export const PROCESS_HOLDER = `${os.hostname().slice(0, 120)}#${process.pid}#${crypto.randomBytes(4).toString('hex')}`;

/** Why a batch's runs end INTERRUPTED. */
export type InterruptCode = 'PROCESS_STOPPED' | 'HEARTBEAT_LOST' | 'LEASE_LOST';

/** The batch that holds the lease (for CONFLICT RULES_RUNNING and the skip log line). */
export interface LeaseHeld {
  batchId: string | null;
  trigger: WarningRuleTrigger | null;
  expiresAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Take the lease for `batchId` in the caller's transaction `tx`: null when taken, else the batch that holds it. Taken
 * only when free or expired; the caller's transaction keeps it only if it commits (the mutation takes it in the
 * transaction that creates its runs and keeps its idempotency key: a refused or failed call leaves nothing).
 */
export async function tryAcquireLease(tx: EntityManager, batchId: string, trigger: WarningRuleTrigger, leaseMs: number, nowMs = Date.now()): Promise<LeaseHeld | null> {
  const repo = tx.getRepository(WarningRuleLease);
  const now = iso(nowMs);
  // the row exists from the migration on; a database whose row was removed gets it back free
  await repo.createQueryBuilder().insert().values({ name: RULES_LEASE, holder: null, batchId: null, trigger: null, acquiredAt: null, renewedAt: null, expiresAt: FREE_SINCE }).orIgnore().execute();
  const taken = await repo
    .createQueryBuilder()
    .update()
    .set({ holder: PROCESS_HOLDER, batchId, trigger, acquiredAt: now, renewedAt: now, expiresAt: iso(nowMs + leaseMs) })
    .where('name = :name AND "expiresAt" <= :now', { name: RULES_LEASE, now })
    .execute();
  if (taken.affected === 1) return null;
  const row = await repo.findOneByOrFail({ name: RULES_LEASE });
  return { batchId: row.batchId, trigger: row.trigger, expiresAt: row.expiresAt };
}

/**
 * Mark INTERRUPTED (HEARTBEAT_LOST, finished now) every RUNNING run whose heartbeat is older than the lease — its process
 * stopped without a word — except the runs of the batch named on the lease: while its lease holds, or, with
 * `spareHolder` (a process's start, which does not take the lease), even after it expired — that batch may be alive but
 * silent (a database stall), still able to renew its lease and go on; its runs are marked once another batch has taken
 * the lease. Called in the transaction that takes the lease (every batch's start) and at each process start. Returns
 * how many.
 */
export async function interruptStaleRuns(tx: EntityManager, leaseMs: number, nowMs = Date.now(), spareHolder = false): Promise<number> {
  const now = iso(nowMs);
  const lease = await tx.getRepository(WarningRuleLease).findOneBy({ name: RULES_LEASE });
  const live = lease && lease.batchId && (spareHolder || lease.expiresAt > now) ? lease.batchId : null;
  const qb = tx
    .getRepository(WarningRuleRun)
    .createQueryBuilder()
    .update()
    .set({ status: WarningRuleRunStatus.INTERRUPTED, errorCode: 'HEARTBEAT_LOST', finishedAt: now })
    .where('status = :running AND ("heartbeatAt" IS NULL OR "heartbeatAt" <= :cutoff)', { running: WarningRuleRunStatus.RUNNING, cutoff: iso(nowMs - leaseMs) });
  if (live) qb.andWhere('"batchId" <> :live', { live });
  return (await qb.execute()).affected ?? 0;
}

/** At a process's start: the runs a stopped process left RUNNING become INTERRUPTED (counts only are logged). */
export async function recoverInterruptedRuns(db: DataSource, leaseMs: number, log?: Logger): Promise<number> {
  const n = await writeTransaction(db, (tx) => interruptStaleRuns(tx, leaseMs, Date.now(), true));
  if (n) log?.warn({ runs: n, errorCode: 'HEARTBEAT_LOST' }, 'warning rule runs left RUNNING by a stopped process marked INTERRUPTED');
  return n;
}

/** The batches running in this process (the schedule's, the CLI's, the mutations'): a graceful stop interrupts them. */
const active = new Set<BatchLease>();

/**
 * A batch that holds the lease (taken by tryAcquireLease): renews it with its runs' heartbeat (at each page through
 * `beat`, and every quarter of the lease by a timer: a slow page does not lose it), frees it at the end (`release`), and
 * interrupts the batch (`interrupt`: its RUNNING runs INTERRUPTED, the lease freed, `signal` aborted so that the running
 * rule stops before its next page). A renewal that finds the lease taken by another batch (this one was silent longer
 * than the lease: a database outage, a frozen process) interrupts it LEASE_LOST.
 */
export class BatchLease {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  private ended = false;
  /** why the batch was interrupted, once it was */
  interrupted: InterruptCode | null = null;

  constructor(
    readonly db: DataSource,
    readonly batchId: string,
    private readonly leaseMs: number,
    private readonly log?: Logger,
  ) {}

  /** aborted when the batch is interrupted */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Start renewing (every quarter of the lease). */
  start(): this {
    active.add(this);
    this.timer = setInterval(() => void this.beat(), Math.max(1000, Math.floor(this.leaseMs / 4)));
    this.timer.unref();
    return this;
  }

  /** Renew the lease and the heartbeat of the batch's RUNNING runs now (one renewal at a time; errors are logged, not thrown). */
  beat(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.renewing ??= this.renew().finally(() => (this.renewing = null));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    const nowMs = Date.now();
    const now = iso(nowMs);
    let kept = true;
    try {
      await writeTransaction(this.db, async (tx) => {
        const r = await tx
          .getRepository(WarningRuleLease)
          .createQueryBuilder()
          .update()
          .set({ renewedAt: now, expiresAt: iso(nowMs + this.leaseMs) })
          .where('name = :name AND "batchId" = :batch', { name: RULES_LEASE, batch: this.batchId })
          .execute();
        kept = r.affected === 1;
        if (kept) await tx.getRepository(WarningRuleRun).update({ batchId: this.batchId, status: WarningRuleRunStatus.RUNNING }, { heartbeatAt: now });
      });
    } catch (e) {
      // the database did not answer: try again at the next beat (the lease stays this batch's unless another takes it after its expiry)
      this.log?.warn({ batch: this.batchId, type: (e as Error).name }, 'warning rules: the lease could not be renewed');
      return;
    }
    if (!kept && !this.ended) {
      this.log?.warn({ batch: this.batchId, errorCode: 'LEASE_LOST' }, 'warning rules: the lease was taken by another batch after it expired; this batch stops');
      await this.interrupt('LEASE_LOST');
    }
  }

  /** The batch ended: stop renewing and free the lease (if still its own). */
  async release(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.stopTimer();
    await this.renewing?.catch(() => undefined);
    await writeTransaction(this.db, (tx) => this.free(tx)).catch((e) => this.log?.warn({ batch: this.batchId, type: (e as Error).name }, 'warning rules: the lease could not be freed (it expires by itself)'));
  }

  /**
   * Interrupt the batch: abort its signal, mark its RUNNING runs INTERRUPTED with `code` (finished now) and free the
   * lease. Never throws (a database already gone leaves the runs to the next start's HEARTBEAT_LOST).
   */
  async interrupt(code: InterruptCode): Promise<void> {
    if (this.interrupted) return;
    this.interrupted = code;
    this.controller.abort(code);
    const lost = code === 'LEASE_LOST';
    this.ended = true;
    this.stopTimer();
    try {
      await writeTransaction(this.db, async (tx) => {
        await tx.getRepository(WarningRuleRun).update(
          { batchId: this.batchId, status: WarningRuleRunStatus.RUNNING },
          { status: WarningRuleRunStatus.INTERRUPTED, errorCode: code, finishedAt: iso(Date.now()) },
        );
        if (!lost) await this.free(tx);
      });
      this.log?.warn({ batch: this.batchId, errorCode: code }, 'warning rule batch interrupted');
    } catch (e) {
      this.log?.warn({ batch: this.batchId, errorCode: code, type: (e as Error).name }, 'warning rule batch interrupted; its runs could not be marked (the next start marks them)');
    }
  }

  /** The batch is over (ended or interrupted): no longer interrupted by a stop. */
  forget(): void {
    active.delete(this);
    this.stopTimer();
  }

  /** Free the lease in `tx`, if it is still this batch's (expired now, no holder). */
  private async free(tx: EntityManager): Promise<void> {
    const now = iso(Date.now());
    await tx
      .getRepository(WarningRuleLease)
      .createQueryBuilder()
      .update()
      .set({ holder: null, batchId: null, trigger: null, renewedAt: now, expiresAt: now })
      .where('name = :name AND "batchId" = :batch', { name: RULES_LEASE, batch: this.batchId })
      .execute();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A graceful stop (SIGTERM, SIGINT): every batch of this process (on `db`, when given) interrupted PROCESS_STOPPED, its lease freed. */
export async function interruptActiveBatches(code: InterruptCode = 'PROCESS_STOPPED', db?: DataSource): Promise<number> {
  const batches = [...active].filter((b) => !db || b.db === db);
  await Promise.all(batches.map((b) => b.interrupt(code)));
  return batches.length;
}
