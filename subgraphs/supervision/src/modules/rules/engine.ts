import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  auditedWrite, badInput, clockToday, createContext, forbidden, idempotent, mayWriteSome, type Identity, type Logger, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { WarningRuleRun, type WarningRuleRunBatch } from '../warning-alert/warning-alert.entity';
import { DEPARTMENT, WarningRuleCode, WarningRuleRunStatus, WarningRuleTrigger } from '../warning-alert/warning-alert.enums';
import { storeFindings } from '../warning-alert/warning-alert.service';
import type { RunWarningRulesInput } from '../warning-alert/warning-alert.input';
import { readRulesConfig, rulesEnabled, serviceToken, type RulesConfig } from './config';
import { GatewayClient, RuleRunError } from './gateway-client';
import { RULES, ruleOf } from './index';

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

/** Rules running in this process: a second run of a rule while one runs is SKIPPED ALREADY_RUNNING (a finding is stored once). */
const running = new Set<WarningRuleCode>();

/** The identity the schedule and the CLI write (and audit) under. */
export function systemIdentity(subject: 'schedule' | 'cli'): Identity {
  return { subject: `supervision-rules:${subject}`, role: 'department_officer', department: DEPARTMENT };
}

/** Create the runs of a batch (RUNNING, or SKIPPED with why) in the caller's transaction. */
function newRuns(batchId: string, rules: WarningRuleCode[], trigger: WarningRuleTrigger, startedBy: string, enabled: boolean): WarningRuleRun[] {
  const now = new Date().toISOString();
  return rules.map((rule) =>
    Object.assign(new WarningRuleRun(), {
      id: crypto.randomUUID(), batchId, rule, trigger, startedBy, startedAt: now, finishedAt: null, rowsRead: 0, alertsRaised: 0, alertsSeen: 0,
      status: !enabled ? WarningRuleRunStatus.SKIPPED : running.has(rule) ? WarningRuleRunStatus.SKIPPED : WarningRuleRunStatus.RUNNING,
      errorCode: !enabled ? 'NOT_CONFIGURED' : running.has(rule) ? 'ALREADY_RUNNING' : null,
    }),
  );
}

/**
 * Run one rule whose run row exists (RUNNING): stream its pages through the gateway, store each page's findings in a
 * transaction of its own (audited under `identity`), and finish the row (SUCCEEDED, or FAILED with an error code;
 * alerts of pages already stored stay). Never throws.
 */
export async function executeRun(db: DataSource, identity: Identity, run: WarningRuleRun, config: RulesConfig, o: { log?: Logger; onPage?: (p: PageProgress) => void } = {}): Promise<WarningRuleRun> {
  const rule = ruleOf(run.rule);
  const repo = db.getRepository(WarningRuleRun);
  running.add(run.rule);
  let page = 0;
  const tally = { counted: new Set<string>() };
  // when this rule starts reading (a batch runs its rules one after another: each run has its own start)
  run.startedAt = new Date().toISOString();
  try {
    await repo.update({ id: run.id }, { startedAt: run.startedAt });
    const client = new GatewayClient({
      url: config.SUPERVISION_GATEWAY_URL!, token: serviceToken(config), timeoutMs: config.SUPERVISION_GATEWAY_TIMEOUT_MS, rateLimitRetries: config.SUPERVISION_RATE_LIMIT_RETRIES,
    });
    for await (const p of rule.run({ client, pageSize: config.SUPERVISION_PAGE_SIZE, today: clockToday() })) {
      page++;
      const ctx = createContext(identity, db, `rules-${run.id}-${page}`, `rule ${run.rule}`);
      const r = await auditedWrite(ctx, (tx) => storeFindings(ctx, tx, run.id, p.findings, rule.implies, tally));
      run.rowsRead += p.rows;
      run.alertsRaised += r.raised;
      run.alertsSeen += r.seen;
      o.onPage?.({ rule: run.rule, page, rows: p.rows, rowsRead: run.rowsRead, raised: run.alertsRaised, seen: run.alertsSeen, requests: client.requests });
      // the counts are kept on the row as the run goes (a crash leaves them as far as it got)
      if (page % 10 === 0) await repo.update({ id: run.id }, { rowsRead: run.rowsRead, alertsRaised: run.alertsRaised, alertsSeen: run.alertsSeen });
    }
    run.status = WarningRuleRunStatus.SUCCEEDED;
  } catch (e) {
    run.status = WarningRuleRunStatus.FAILED;
    run.errorCode = e instanceof RuleRunError ? e.code : 'INTERNAL';
    // codes only: an error's message may not carry personal data, but the log line keeps to codes all the same
    o.log?.warn({ rule: run.rule, run: run.id, errorCode: run.errorCode, codes: e instanceof RuleRunError ? e.errorCodes : undefined, type: (e as Error).name }, 'warning rule run failed');
  } finally {
    running.delete(run.rule);
  }
  run.finishedAt = new Date().toISOString();
  await repo.update({ id: run.id }, { status: run.status, errorCode: run.errorCode, finishedAt: run.finishedAt, rowsRead: run.rowsRead, alertsRaised: run.alertsRaised, alertsSeen: run.alertsSeen });
  o.log?.info({ rule: run.rule, run: run.id, status: run.status, rowsRead: run.rowsRead, raised: run.alertsRaised, seen: run.alertsSeen }, 'warning rule run ended');
  return run;
}

/** Start a batch of runs outside a request (the schedule, the CLI): runs one rule after another. */
export async function runRules(
  db: DataSource,
  rules: readonly WarningRuleCode[],
  trigger: WarningRuleTrigger.SCHEDULE | WarningRuleTrigger.CLI,
  o: { config?: RulesConfig; log?: Logger; onPage?: (p: PageProgress) => void; onRunStart?: (run: WarningRuleRun) => void } = {},
): Promise<WarningRuleRun[]> {
  const config = o.config ?? readRulesConfig();
  const identity = systemIdentity(trigger === WarningRuleTrigger.CLI ? 'cli' : 'schedule');
  const runs = newRuns(crypto.randomUUID(), [...rules], trigger, identity.subject, rulesEnabled(config));
  await db.getRepository(WarningRuleRun).insert(runs);
  for (const run of runs) {
    if (run.status !== WarningRuleRunStatus.RUNNING) {
      run.finishedAt = run.startedAt;
      await db.getRepository(WarningRuleRun).update({ id: run.id }, { finishedAt: run.finishedAt });
      continue;
    }
    o.onRunStart?.(run);
    await executeRun(db, identity, run, config, o);
  }
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
 */
export async function runWarningRulesMutation(ctx: SubgraphContext, input: RunWarningRulesInput): Promise<WarningRuleRunBatch> {
  authorizeRun(ctx.identity);
  const rules = checkRules(input.rules);
  const config = readRulesConfig();
  const repo = ctx.db.getRepository(WarningRuleRun);
  let created: WarningRuleRun[] | null = null;
  const batch = await auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'runWarningRules', { rules, wait: input.wait ?? true, idempotencyKey: input.idempotencyKey } as RunWarningRulesInput, {
      authorize: () => authorizeRun(ctx.identity),
      create: async () => {
        const id = crypto.randomUUID();
        created = newRuns(id, rules, WarningRuleTrigger.MUTATION, ctx.identity.subject, rulesEnabled(config));
        for (const r of created) if (r.status !== WarningRuleRunStatus.RUNNING) r.finishedAt = r.startedAt;
        await tx.getRepository(WarningRuleRun).insert(created);
        for (const r of created) ctx.audit.noteWrite({ entity: 'WarningRuleRun', key: r.id, action: 'create', changes: { rule: [null, r.rule], status: [null, r.status] } });
        return { id, runs: created };
      },
      reload: async (id) => ({ id, runs: await tx.getRepository(WarningRuleRun).find({ where: { batchId: id } }) }),
    }),
  );
  const mine = created as WarningRuleRun[] | null;
  if (mine) {
    const todo = mine.filter((r) => r.status === WarningRuleRunStatus.RUNNING);
    const work = (async () => {
      for (const run of todo) await executeRun(ctx.db, ctx.identity, run, config);
    })();
    if (input.wait ?? true) await work;
    else void work.catch(() => undefined);
  }
  const runs = await repo.find({ where: { batchId: batch.id } });
  const order = new Map(rules.map((r, i) => [r, i]));
  runs.sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return { id: batch.id, runs };
}

/**
 * The schedule: every SUPERVISION_RULES_INTERVAL (off by default) all rules run once, one after another; a tick while
 * the previous batch still runs is skipped. Returns the stop function.
 */
export function startSchedule(db: DataSource, log: Logger, config: RulesConfig = readRulesConfig()): () => void {
  const every = config.SUPERVISION_RULES_INTERVAL;
  if (!every || !rulesEnabled(config)) return () => undefined;
  let current: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = runRules(db, RULES.map((r) => r.code), WarningRuleTrigger.SCHEDULE, { config, log })
      .catch((e) => log.warn({ type: (e as Error).name }, 'scheduled warning rules failed'))
      .finally(() => (current = null));
  }, every);
  timer.unref();
  log.info({ everyMs: every }, 'warning rules scheduled');
  // a batch in progress is not awaited at stop: its runs stay RUNNING in the table and the next start does not resume them
  return () => clearInterval(timer);
}
