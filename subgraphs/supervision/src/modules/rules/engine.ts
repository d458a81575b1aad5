import crypto from 'node:crypto';
import type { DataSource, EntityManager, UpdateResult } from 'typeorm';
import { GraphQLError } from 'graphql';
import {
  auditedWrite, badInput, clockToday, createContext, forbidden, idempotent, mayWriteSome, writeTransaction, type Identity, type Logger, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { WarningRuleRun, type WarningRuleRunBatch } from '../warning-alert/warning-alert.entity';
import { DEPARTMENT, WarningRuleCode, WarningRuleRunStatus, WarningRuleTrigger } from '../warning-alert/warning-alert.enums';
import { storeFindings } from '../warning-alert/warning-alert.service';
import type { RunWarningRulesInput } from '../warning-alert/warning-alert.input';
import { readRulesConfig, rulesEnabled, serviceToken, type RulesConfig } from './config';
import { GatewayClient, RuleRunError } from './gateway-client';
import { RULES, ruleOf } from './index';
import { BatchLease, interruptActiveBatches, interruptStaleRuns, recoverInterruptedRuns, tryAcquireLease, type LeaseHeld } from './lease';

/** What a run reports after each page (the CLI's progress bar, the benchmark's rows/s and memory). */
export interface PageProgress {
  rule: WarningRuleCode;
  page: number;
  rows: number;
  rowsRead: number;
  raised: number;
  seen: number;
  requests: number;
}

/**
 * A batch of rules asked for while another batch holds the lease (lease.ts): one batch at a time across every process
 * on supervision's database. The mutation answers it CONFLICT RULES_RUNNING; the CLI exits 3 (or 0 with
 * --skip-if-running); the schedule logs that it skipped.
 */
export class RulesRunningError extends Error {
  constructor(readonly held: LeaseHeld) {
    super(`a batch of warning rules is running (batch ${held.batchId ?? 'unknown'}, ${held.trigger ?? 'unknown trigger'}, lease until ${held.expiresAt})`);
    this.name = 'RulesRunningError';
  }
}

/** CONFLICT RULES_RUNNING, with the running batch's id (WarningRuleRun.batchId) and until when its lease holds. */
export function rulesRunning(held: LeaseHeld): GraphQLError {
  return new GraphQLError(
    'a batch of warning rules is running (one batch at a time, across every replica, the schedule and the command line): follow it with warningRuleRuns (its batchId), and run again once it has ended',
    { extensions: { code: 'CONFLICT', reason: 'RULES_RUNNING', batchId: held.batchId, trigger: held.trigger, leaseExpiresAt: held.expiresAt } },
  );
}

/** The process's logger for batches started by the mutation (set by startRulesBackground; none in tests). */
let processLog: Logger | undefined;

/** The identity the schedule and the CLI write (and audit) under. */
export function systemIdentity(subject: 'schedule' | 'cli'): Identity {
  return { subject: `supervision-rules:${subject}`, role: 'department_officer', department: DEPARTMENT };
}

/** The runs of a new batch: RUNNING (queued, with a heartbeat) when the rules are configured, else SKIPPED NOT_CONFIGURED (finished at once). */
function newRuns(batchId: string, rules: WarningRuleCode[], trigger: WarningRuleTrigger, startedBy: string, enabled: boolean): WarningRuleRun[] {
  const now = new Date().toISOString();
  return rules.map((rule) =>
    Object.assign(new WarningRuleRun(), {
      id: crypto.randomUUID(), batchId, rule, trigger, startedBy, startedAt: now, rowsRead: 0, alertsRaised: 0, alertsSeen: 0,
      status: enabled ? WarningRuleRunStatus.RUNNING : WarningRuleRunStatus.SKIPPED,
      errorCode: enabled ? null : 'NOT_CONFIGURED',
      gatewayErrorCodes: null,
      finishedAt: enabled ? null : now,
      heartbeatAt: enabled ? now : null,
    }),
  );
}

/** Write to the run table one writer at a time (on SQLite a bare write would join whatever transaction is open on the connection). */
function updateRun(db: DataSource, where: { id: string; status?: WarningRuleRunStatus }, patch: Partial<WarningRuleRun>): Promise<UpdateResult> {
  return writeTransaction(db, (tx) => tx.getRepository(WarningRuleRun).update(where, patch));
}

/**
 * Run one rule whose run row exists (RUNNING) under its batch's lease: stream its pages through the gateway, store each
 * page's findings in a transaction of its own (audited under `identity`), renew the lease and the heartbeat after each
 * page, and finish the row (SUCCEEDED, or FAILED with an error code; alerts of pages already stored stay). A batch
 * interrupted (the lease's signal) stops before its next page: the run is INTERRUPTED (lease.ts marked it). Never throws.
 */
export async function executeRun(
  db: DataSource,
  identity: Identity,
  run: WarningRuleRun,
  config: RulesConfig,
  o: { log?: Logger; onPage?: (p: PageProgress) => void; lease?: BatchLease } = {},
): Promise<WarningRuleRun> {
  const rule = ruleOf(run.rule);
  const signal = o.lease?.signal;
  let page = 0;
  const tally = { counted: new Set<string>() };
  // when this rule starts reading (a batch runs its rules one after another: each run has its own start)
  run.startedAt = new Date().toISOString();
  run.heartbeatAt = run.startedAt;
  try {
    await updateRun(db, { id: run.id }, { startedAt: run.startedAt, heartbeatAt: run.heartbeatAt });
    const client = new GatewayClient({
      url: config.SUPERVISION_GATEWAY_URL!, token: serviceToken(config), timeoutMs: config.SUPERVISION_GATEWAY_TIMEOUT_MS, rateLimitRetries: config.SUPERVISION_RATE_LIMIT_RETRIES,
    });
    for await (const p of rule.run({ client, pageSize: config.SUPERVISION_PAGE_SIZE, today: clockToday() })) {
      // interrupted (a graceful stop, the lease lost): the page read is not stored, the rule stops here
      if (signal?.aborted) break;
      page++;
      const ctx = createContext(identity, db, `rules-${run.id}-${page}`, `rule ${run.rule}`);
      const r = await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, run.id, p.findings, rule.implies, tally));
      run.rowsRead += p.rows;
      run.alertsRaised += r.raised;
      run.alertsSeen += r.seen;
      // the batch is alive: its lease and its runs' heartbeat renewed as the pages are read
      await o.lease?.beat();
      o.onPage?.({ rule: run.rule, page, rows: p.rows, rowsRead: run.rowsRead, raised: run.alertsRaised, seen: run.alertsSeen, requests: client.requests });
      // the counts are kept on the row as the run goes (a crash leaves them as far as it got)
      if (page % 10 === 0) await updateRun(db, { id: run.id }, { rowsRead: run.rowsRead, alertsRaised: run.alertsRaised, alertsSeen: run.alertsSeen });
    }
    run.status = WarningRuleRunStatus.SUCCEEDED;
  } catch (e) {
    run.status = WarningRuleRunStatus.FAILED;
    run.errorCode = e instanceof RuleRunError ? e.code : 'INTERNAL';
    run.gatewayErrorCodes = e instanceof RuleRunError ? gatewayCodes(e.errorCodes) : null;
    // codes only: an error's message may not carry personal data, but the log line keeps to codes all the same
    if (!signal?.aborted) o.log?.warn({ rule: run.rule, run: run.id, errorCode: run.errorCode, codes: e instanceof RuleRunError ? e.errorCodes : undefined, type: (e as Error).name }, 'warning rule run failed');
  }
  run.finishedAt = new Date().toISOString();
  const counts = { rowsRead: run.rowsRead, alertsRaised: run.alertsRaised, alertsSeen: run.alertsSeen };
  if (signal?.aborted) {
    // the interruption marked the row (INTERRUPTED, its code, when): the counts as far as it got
    run.status = WarningRuleRunStatus.INTERRUPTED;
    run.errorCode = o.lease!.interrupted;
    await updateRun(db, { id: run.id }, counts).catch(() => undefined);
  } else {
    // only a run still RUNNING ends so: one marked INTERRUPTED meanwhile (its lease lost to another batch) stays so
    await updateRun(db, { id: run.id }, counts);
    const ended = await updateRun(db, { id: run.id, status: WarningRuleRunStatus.RUNNING }, { status: run.status, errorCode: run.errorCode, gatewayErrorCodes: run.gatewayErrorCodes, finishedAt: run.finishedAt, heartbeatAt: run.finishedAt });
    if (ended.affected === 0) {
      const stored = await db.getRepository(WarningRuleRun).findOneBy({ id: run.id });
      if (stored) Object.assign(run, { status: stored.status, errorCode: stored.errorCode, gatewayErrorCodes: stored.gatewayErrorCodes, finishedAt: stored.finishedAt });
    }
  }
  o.log?.info({ rule: run.rule, run: run.id, status: run.status, rowsRead: run.rowsRead, raised: run.alertsRaised, seen: run.alertsSeen }, 'warning rule run ended');
  return run;
}

/**
 * Run a batch's RUNNING runs one after another under its lease, then free the lease. A run left when the batch was
 * interrupted is INTERRUPTED (marked by the interruption).
 */
async function runBatch(
  db: DataSource,
  identity: Identity,
  runs: WarningRuleRun[],
  config: RulesConfig,
  lease: BatchLease,
  o: { log?: Logger; onPage?: (p: PageProgress) => void; onRunStart?: (run: WarningRuleRun) => void } = {},
): Promise<void> {
  try {
    for (const run of runs) {
      if (run.status !== WarningRuleRunStatus.RUNNING) continue;
      if (lease.signal.aborted) {
        Object.assign(run, { status: WarningRuleRunStatus.INTERRUPTED, errorCode: lease.interrupted, finishedAt: new Date().toISOString() });
        continue;
      }
      o.onRunStart?.(run);
      await executeRun(db, identity, run, config, { ...o, lease });
    }
  } finally {
    await lease.release();
    lease.forget();
  }
}

/** What runRules does when another batch holds the lease: `skip` (log it, start nothing, answer no runs) or `throw` RulesRunningError. */
export type WhenRunning = 'skip' | 'throw';

/**
 * Start a batch of runs outside a request (the schedule, the CLI): takes the lease (one batch at a time across every
 * process; in the same transaction the runs a stopped process left RUNNING become INTERRUPTED), then runs the rules one
 * after another. Another batch holding the lease: `whenRunning` — by default the schedule skips (logged, no runs
 * recorded) and the CLI throws RulesRunningError. Rules not configured: every run SKIPPED NOT_CONFIGURED, no lease.
 */
export async function runRules(
  db: DataSource,
  rules: readonly WarningRuleCode[],
  trigger: WarningRuleTrigger.SCHEDULE | WarningRuleTrigger.CLI,
  o: {
    config?: RulesConfig;
    log?: Logger;
    onPage?: (p: PageProgress) => void;
    onRunStart?: (run: WarningRuleRun) => void;
    whenRunning?: WhenRunning;
    /**
     * skip (answer no runs, record nothing) when a batch of the same trigger started less than this many milliseconds
     * ago and has finished (recentBatch), checked under the lease: the schedule of N replicas runs the rules once per
     * interval, not N times
     */
    notWithinMs?: number;
  } = {},
): Promise<WarningRuleRun[]> {
  const config = o.config ?? readRulesConfig();
  const identity = systemIdentity(trigger === WarningRuleTrigger.CLI ? 'cli' : 'schedule');
  const enabled = rulesEnabled(config);
  const leaseMs = config.SUPERVISION_RULES_LEASE;
  const batchId = crypto.randomUUID();
  const runs = newRuns(batchId, [...rules], trigger, identity.subject, enabled);
  let held: LeaseHeld | null = null;
  let stale = 0;
  let recent: string | null = null;
  await writeTransaction(db, async (tx) => {
    if (enabled) {
      held = await tryAcquireLease(tx, batchId, trigger, leaseMs);
      if (held) return;
      if (o.notWithinMs) {
        // under the lease, so two replicas cannot both find no recent batch (the previous batch's runs were committed
        // before its lease was freed); the lease taken above is given back with the rolled-back transaction. A batch
        // cut short by a crash still has runs RUNNING: not finished, so not recent (its runs become INTERRUPTED below,
        // under the lease: outside it, a batch alive but silent past its lease would be marked and carry on)
        recent = await recentBatch(tx, trigger, new Date(Date.now() - o.notWithinMs).toISOString());
        if (recent) throw new RecentBatch();
      }
      stale = await interruptStaleRuns(tx, leaseMs);
    }
    await tx.getRepository(WarningRuleRun).insert(runs);
  }).catch((e: unknown) => {
    if (!(e instanceof RecentBatch)) throw e;
  });
  if (recent) {
    o.log?.info({ trigger, lastStartedAt: recent, notWithinMs: o.notWithinMs }, 'warning rules skipped: a batch of this trigger started within the interval');
    return [];
  }
  if (held) {
    const h = held as LeaseHeld;
    // ids, a trigger and a time: no personal data
    o.log?.info({ trigger, runningBatch: h.batchId, runningTrigger: h.trigger, leaseExpiresAt: h.expiresAt }, 'warning rules skipped: another batch holds the lease');
    if ((o.whenRunning ?? (trigger === WarningRuleTrigger.SCHEDULE ? 'skip' : 'throw')) === 'throw') throw new RulesRunningError(h);
    return [];
  }
  if (stale) o.log?.warn({ runs: stale, errorCode: 'HEARTBEAT_LOST' }, 'warning rule runs left RUNNING by a stopped process marked INTERRUPTED');
  if (!enabled) return runs;
  await runBatch(db, identity, runs, config, new BatchLease(db, batchId, leaseMs, o.log).start(), o);
  return runs;
}

/** The rules of an input: every rule by default; each once (BAD_USER_INPUT DUPLICATE). */
function checkRules(rules: WarningRuleCode[] | null | undefined): WarningRuleCode[] {
  if (rules == null) return RULES.map((r) => r.code);
  if (!rules.length) throw badInput('name at least one rule, or leave `rules` out for all', 'rules', 'REQUIRED');
  rules.forEach((r, i) => {
    if (rules.indexOf(r) !== i) throw badInput('a rule is named twice', `rules[${i}]`, 'DUPLICATE');
  });
  return rules;
}

function authorizeRun(identity: Identity): void {
  if (!(identity.role === 'department_officer' && mayWriteSome(identity, DEPARTMENT))) throw forbidden('only supervision officers (SUPERVISION) run the warning rules');
}

/**
 * runWarningRules: SUPERVISION officers. Creates the batch's runs (idempotent per key: a retry returns the same runs and
 * starts nothing), then runs them one after another under the caller's identity — waiting for them (default) or not.
 * The batch takes the lease in the transaction that creates its runs and keeps the idempotency key: while another batch
 * holds it (any process, any trigger) the call is CONFLICT RULES_RUNNING and leaves nothing — no runs, no key (a retry
 * with the same key later starts the batch if the lease is free then). A retry of a call that started its batch never
 * asks for the lease: it answers the same runs as they stand (RUNNING until each ends), wait or not.
 */
export async function runWarningRulesMutation(ctx: SubgraphContext, input: RunWarningRulesInput): Promise<WarningRuleRunBatch> {
  authorizeRun(ctx.identity);
  const rules = checkRules(input.rules);
  const config = readRulesConfig();
  const enabled = rulesEnabled(config);
  const leaseMs = config.SUPERVISION_RULES_LEASE;
  const repo = ctx.db.getRepository(WarningRuleRun);
  let created: WarningRuleRun[] | null = null;
  const batch = await auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'runWarningRules', { rules, wait: input.wait ?? true, idempotencyKey: input.idempotencyKey } as RunWarningRulesInput, {
      authorize: () => authorizeRun(ctx.identity),
      create: async () => {
        const id = crypto.randomUUID();
        if (enabled) {
          const held = await tryAcquireLease(tx, id, WarningRuleTrigger.MUTATION, leaseMs);
          if (held) throw rulesRunning(held);
          await interruptStaleRuns(tx, leaseMs);
        }
        created = newRuns(id, rules, WarningRuleTrigger.MUTATION, ctx.identity.subject, enabled);
        await tx.getRepository(WarningRuleRun).insert(created);
        for (const r of created) ctx.audit.noteWrite({ entity: 'WarningRuleRun', key: r.id, action: 'create', changes: { rule: [null, r.rule], status: [null, r.status] } });
        return { id, runs: created };
      },
      reload: async (id) => ({ id, runs: await tx.getRepository(WarningRuleRun).find({ where: { batchId: id } }) }),
    }),
  );
  const mine = created as WarningRuleRun[] | null;
  if (mine && enabled) {
    // the lease was taken with the runs (committed): renewed from now on, freed when the batch ends
    const lease = new BatchLease(ctx.db, batch.id, leaseMs, processLog).start();
    const work = runBatch(ctx.db, ctx.identity, mine, config, lease, { log: processLog });
    if (input.wait ?? true) await work;
    else void work.catch((e) => processLog?.warn({ batch: batch.id, type: (e as Error).name }, 'warning rule batch failed'));
  }
  const runs = await repo.find({ where: { batchId: batch.id } });
  const order = new Map(rules.map((r, i) => [r, i]));
  runs.sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return { id: batch.id, runs };
}

/** Thrown inside runRules' transaction to roll back the lease it took when a recent batch makes it skip. */
class RecentBatch extends Error {}

/**
 * The start of the latest batch of `trigger` that started after `since` and has finished (no run RUNNING or
 * INTERRUPTED: a batch cut short by a crash or a stop does not count, the next tick runs the rules again), or null.
 * A batch's start is its first run's: each run's `startedAt` is when its rule began, one after another. Reads the runs
 * of the batches with a run in the window (index warning_rule_run_trigger_idx), all their runs.
 */
async function recentBatch(tx: EntityManager, trigger: WarningRuleTrigger, since: string): Promise<string | null> {
  const repo = tx.getRepository(WarningRuleRun);
  const inWindow = repo.createQueryBuilder('w').select('w.batchId').where('w.trigger = :trigger AND w.startedAt > :since');
  const batches = await repo
    .createQueryBuilder('r')
    .select('r.batchId', 'batchId')
    .addSelect('MIN(r.startedAt)', 'started')
    .addSelect('SUM(CASE WHEN r.status IN (:...unfinished) THEN 1 ELSE 0 END)', 'unfinished')
    .where(`r.batchId IN (${inWindow.getQuery()})`)
    .setParameters({ trigger, since, unfinished: [WarningRuleRunStatus.RUNNING, WarningRuleRunStatus.INTERRUPTED] })
    .groupBy('r.batchId')
    .getRawMany<{ batchId: string; started: string; unfinished: number | string }>();
  const finished = batches.filter((b) => Number(b.unfinished) === 0 && b.started > since).map((b) => b.started);
  return finished.length ? finished.sort().at(-1)! : null;
}

/**
 * The schedule: every SUPERVISION_RULES_INTERVAL (off by default) all rules run once, one after another; a tick while
 * the previous batch of this process still runs is skipped, and so is one that finds another batch holding the lease
 * (another replica's tick, a mutation, the CronJob), or a scheduled batch begun less than 90 % of the interval ago
 * and finished (another replica's tick: N replicas run the rules once per interval, not N times; recentBatch): logged,
 * nothing recorded. Returns the stop function.
 */
export function startSchedule(db: DataSource, log: Logger, config: RulesConfig = readRulesConfig()): { stop: () => Promise<void> } {
  const every = config.SUPERVISION_RULES_INTERVAL;
  if (!every || !rulesEnabled(config)) return { stop: async () => undefined };
  let current: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = runRules(db, RULES.map((r) => r.code), WarningRuleTrigger.SCHEDULE, { config, log, whenRunning: 'skip', notWithinMs: Math.floor(every * 0.9) })
      .catch((e) => log.warn({ type: (e as Error).name }, 'scheduled warning rules failed'))
      .finally(() => (current = null));
  }, every);
  timer.unref();
  log.info({ everyMs: every }, 'warning rules scheduled');
  return {
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}

/**
 * The subgraph's background work (SubgraphDefinition.started): at start, the runs a stopped process left RUNNING
 * (heartbeat older than the lease) become INTERRUPTED; the schedule, when set. The stop function (awaited at a graceful
 * stop, before the HTTP drain and the database closes) stops the schedule and interrupts every batch of this process —
 * its runs INTERRUPTED PROCESS_STOPPED, its lease freed — so that the next batch need not wait for the lease to expire.
 */
export function startRulesBackground(db: DataSource, log: Logger, config: RulesConfig = readRulesConfig()): () => Promise<void> {
  processLog = log;
  const recovered = recoverInterruptedRuns(db, config.SUPERVISION_RULES_LEASE, log).catch((e) =>
    log.warn({ type: (e as Error).name }, 'warning rules: the runs left RUNNING could not be checked at start'),
  );
  const schedule = startSchedule(db, log, config);
  return async () => {
    await recovered;
    await interruptActiveBatches('PROCESS_STOPPED', db);
    // the interrupted batch stops before its next page; a page still being read (up to SUPERVISION_GATEWAY_TIMEOUT_MS)
    // is not waited for beyond a few seconds: its runs are marked already, and the drain goes on
    await Promise.race([schedule.stop(), new Promise((r) => setTimeout(r, 5000).unref())]);
  };
}

/**
 * The gateway's error codes of a failed run as stored (WarningRuleRun.gatewayErrorCodes): distinct, in the order met, at
 * most 8, each a code (capitals, digits, `_`; anything else left out), comma-separated; null for none.
 */
export function gatewayCodes(codes: readonly string[]): string | null {
  const kept = [...new Set(codes.filter((c) => /^[A-Z][A-Z0-9_]{0,39}$/.test(c)))].slice(0, 8);
  return kept.length ? kept.join(',') : null;
}
