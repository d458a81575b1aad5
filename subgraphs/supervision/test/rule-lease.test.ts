import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createLogger } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { supervision } from '../src/subgraph';
import { readRulesConfig } from '../src/modules/rules/config';
import { RulesRunningError, runRules, startRulesBackground } from '../src/modules/rules/engine';
import { RULES_LEASE, WarningRuleLease } from '../src/modules/rules/lease';
import { WarningRuleRun } from '../src/modules/warning-alert/warning-alert.entity';
import { WarningRuleCode, WarningRuleTrigger } from '../src/modules/warning-alert/warning-alert.enums';

/**
 * One batch of warning rules at a time across processes (issue 10 item 1): two "processes" are two DataSources on the
 * same database (the harness's and a second one), the gateway a stand-in whose answers the test holds back to keep a
 * batch running. A crash is simulated by rows as a killed process leaves them: a lease with an old expiry, runs RUNNING
 * with an old heartbeat.
 */
const TOWNSHIP = '370281001';
const APPLICANT = '0b6f0a36-6b53-4d5e-9a8a-0a1b2c3d4e01';
const APPLICATION = '3e3e3e3e-0000-4000-8000-000000000003';
const SUPERVISOR = { role: 'department_officer' as const, department: 'SUPERVISION', subject: 'supervisor-1' };
const OVERDUE = [WarningRuleCode.APPLICATION_OVERDUE];
const RUN = `mutation($i: RunWarningRulesInput!) { runWarningRules(input: $i) { id runs { rule status errorCode batchId heartbeatAt } } }`;
const LEASE_MS = 30_000;

/** A stand-in gateway answering the overdue list (one application past its limit); `hold()` keeps its answers back until released. */
function standInGateway() {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let arrived: () => void = () => undefined;
  let arrival = new Promise<void>((r) => (arrived = r));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const { query } = JSON.parse(body);
      requests.push(/query (\w+)/.exec(query)?.[1] ?? '');
      arrived();
      if (gate) await gate;
      const data = {
        overdueApplications: {
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: [{ node: { id: APPLICATION, step: 'REVIEW', dueOn: '2026-02-01', township: { code: TOWNSHIP }, applicant: { id: APPLICANT } } }],
        },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
  });
  return new Promise<{
    url: string;
    requests: string[];
    hold: () => Promise<void>;
    release: () => void;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
        requests,
        /** hold the answers back; resolves when the next request has arrived */
        hold: () => {
          arrival = new Promise<void>((r) => (arrived = r));
          gate = new Promise<void>((r) => (open = r));
          return arrival;
        },
        release: () => {
          gate = null;
          open();
        },
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

describe.each(testDatabaseKinds())('warning rule batches across processes on %s', (kind) => {
  let h: SubgraphHarness;
  let other: DataSource;
  let gw: Awaited<ReturnType<typeof standInGateway>>;
  const saved = { ...process.env };
  const config = () => readRulesConfig({ SUPERVISION_GATEWAY_URL: gw.url, SUPERVISION_TOKEN: 'aaaa.bbbb.cccc', SUPERVISION_RULES_LEASE: '30s' });
  const lease = async () => h.db.getRepository(WarningRuleLease).findOneByOrFail({ name: RULES_LEASE });
  const runsOf = (batchId: string) => h.db.getRepository(WarningRuleRun).findBy({ batchId });
  const alerts = async () => Number((await h.db.query('SELECT COUNT(*) AS n FROM warning_alert'))[0].n);
  /** a settled promise's outcome, without waiting for it */
  const settled = <T>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

  beforeAll(async () => {
    gw = await standInGateway();
    h = await startSubgraphHarness(supervision, kind, { seedSize: 0 });
    // a second process on the same database
    other = new DataSource({ ...h.db.options } as typeof h.db.options);
    await other.initialize();
    Object.assign(process.env, { SUPERVISION_GATEWAY_URL: gw.url, SUPERVISION_TOKEN: 'aaaa.bbbb.cccc', SUPERVISION_RULES_LEASE: '30s' });
  });
  afterAll(async () => {
    process.env = saved;
    gw?.release();
    await other?.destroy();
    await h?.close();
    await gw?.close();
  });
  beforeEach(async () => {
    gw.release();
    gw.requests.length = 0;
    await h.db.query('DELETE FROM warning_alert');
  });

  it('the migration leaves the lease free', async () => {
    expect(await lease()).toMatchObject({ holder: null, batchId: null, expiresAt: '1970-01-01T00:00:00.000Z' });
  });

  it('two processes starting a batch at once: exactly one runs, the other is refused RULES_RUNNING (CLI) or skips (schedule)', async () => {
    // PostgreSQL: the two processes race for real (two DataSources, two pools). SQLite's driver (better-sqlite3) waits for
    // another connection's lock synchronously, blocking the event loop, so two connections of one process cannot race
    // (two processes can: each waits in its own); there the race is two starts on one DataSource (a scheduled tick and a
    // mutation of one process), and the second DataSource starts while the first batch runs (below)
    const racer = kind === 'postgres' ? other : h.db;
    for (const [trigger, refused] of [[WarningRuleTrigger.CLI, 'throws'], [WarningRuleTrigger.SCHEDULE, 'skips']] as const) {
      gw.requests.length = 0;
      const arrived = gw.hold();
      const a = settled(runRules(h.db, OVERDUE, trigger, { config: config() }));
      const b = settled(runRules(racer, OVERDUE, trigger, { config: config() }));
      await arrived;
      // the winner waits on the gateway: the first to settle is the other one
      const first = await Promise.race([a, b]);
      const held = await lease();
      expect(held.batchId).not.toBeNull();
      expect(held.trigger).toBe(trigger);
      expect(held.expiresAt > new Date().toISOString()).toBe(true);
      if (refused === 'throws') {
        expect(first.ok).toBe(false);
        expect((first as { e: unknown }).e).toBeInstanceOf(RulesRunningError);
        expect(((first as { e: RulesRunningError }).e).held).toMatchObject({ batchId: held.batchId, trigger });
      } else expect(first).toEqual({ ok: true, v: [] });
      // the other process, while the batch runs
      expect(await settled(runRules(other, OVERDUE, trigger, { config: config() }))).toEqual(
        refused === 'throws' ? { ok: false, e: expect.objectContaining({ name: 'RulesRunningError', held: expect.objectContaining({ batchId: held.batchId }) }) } : { ok: true, v: [] },
      );
      gw.release();
      const outcomes = await Promise.all([a, b]);
      const ran = outcomes.filter((o) => o.ok && (o.v as WarningRuleRun[]).length);
      expect(ran).toHaveLength(1);
      const [run] = (ran[0] as { v: WarningRuleRun[] }).v;
      expect(run).toMatchObject({ rule: 'APPLICATION_OVERDUE', status: 'SUCCEEDED', batchId: held.batchId, errorCode: null });
      // one batch read the graph, and only one batch's runs were recorded
      expect(gw.requests).toEqual(['SupervisionOverdueApplications']);
      expect((await h.db.getRepository(WarningRuleRun).findBy({ trigger })).map((r) => r.batchId)).toEqual([held.batchId]);
      // freed at its end
      expect(await lease()).toMatchObject({ holder: null, batchId: null });
      expect((await lease()).expiresAt <= new Date().toISOString()).toBe(true);
    }
    expect(await alerts()).toBe(1);
  });

  it('the mutation while another process runs a batch: CONFLICT RULES_RUNNING with its batch id, nothing created; the same key later runs, and its retry answers the same runs', async () => {
    const arrived = gw.hold();
    const cron = settled(runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() }));
    await arrived;
    const running = (await lease()).batchId!;
    const before = await h.db.getRepository(WarningRuleRun).count();
    const refused = await h.request(RUN, { i: { rules: OVERDUE, idempotencyKey: 'lease-run-0001' } }, SUPERVISOR);
    expect(refused.data?.runWarningRules ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RULES_RUNNING', batchId: running, trigger: 'CLI' });
    // with wait: false alike
    const refusedNoWait = await h.request(RUN, { i: { rules: OVERDUE, wait: false } }, SUPERVISOR);
    expect(refusedNoWait.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RULES_RUNNING', batchId: running });
    expect(await h.db.getRepository(WarningRuleRun).count()).toBe(before);
    expect(gw.requests).toHaveLength(1);
    gw.release();
    expect((await cron).ok).toBe(true);
    // the refused call kept no idempotency key: the same key now starts its batch
    const first = await h.request(RUN, { i: { rules: OVERDUE, idempotencyKey: 'lease-run-0001' } }, SUPERVISOR);
    expect(first.errors).toBeUndefined();
    const batch = first.data.runWarningRules;
    expect(batch.runs).toEqual([{ rule: 'APPLICATION_OVERDUE', status: 'SUCCEEDED', errorCode: null, batchId: batch.id, heartbeatAt: expect.any(String) }]);
    expect(batch.id).not.toBe(running);
    const retry = await h.request(RUN, { i: { rules: OVERDUE, idempotencyKey: 'lease-run-0001' } }, SUPERVISOR);
    expect(retry.data.runWarningRules).toEqual(batch);
    expect(gw.requests).toHaveLength(2);
  });

  it('wait: false holds the lease while its batch runs: another call is CONFLICT, a retry with its key answers its runs RUNNING, then as they ended', async () => {
    const arrived = gw.hold();
    const started = await h.request(RUN, { i: { rules: OVERDUE, wait: false, idempotencyKey: 'lease-run-0002' } }, SUPERVISOR);
    expect(started.errors).toBeUndefined();
    const batch = started.data.runWarningRules;
    expect(batch.runs.map((r: { status: string }) => r.status)).toEqual(['RUNNING']);
    await arrived;
    expect(await lease()).toMatchObject({ batchId: batch.id, trigger: 'MUTATION' });
    // another call (no key, another key, another process's CLI): refused
    expect((await h.request(RUN, { i: { rules: OVERDUE } }, SUPERVISOR)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RULES_RUNNING', batchId: batch.id });
    expect((await h.request(RUN, { i: { rules: OVERDUE, idempotencyKey: 'lease-run-0003' } }, SUPERVISOR)).errors?.[0]?.extensions?.reason).toBe('RULES_RUNNING');
    await expect(runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() })).rejects.toBeInstanceOf(RulesRunningError);
    // the retry of the call that started it: the same runs, as they stand
    const retry = await h.request(RUN, { i: { rules: OVERDUE, wait: false, idempotencyKey: 'lease-run-0002' } }, SUPERVISOR);
    expect(retry.errors).toBeUndefined();
    expect(retry.data.runWarningRules.id).toBe(batch.id);
    expect(retry.data.runWarningRules.runs.map((r: { status: string }) => r.status)).toEqual(['RUNNING']);
    gw.release();
    for (let i = 0; i < 100 && (await runsOf(batch.id))[0].status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
    const done = await h.request(RUN, { i: { rules: OVERDUE, wait: false, idempotencyKey: 'lease-run-0002' } }, SUPERVISOR);
    expect(done.data.runWarningRules.runs.map((r: { status: string }) => r.status)).toEqual(['SUCCEEDED']);
    expect(gw.requests).toHaveLength(1);
    expect(await lease()).toMatchObject({ holder: null, batchId: null });
  });

  it('after a crash: the lease held until its expiry, then the next batch runs and marks the dead batch\'s runs INTERRUPTED (HEARTBEAT_LOST)', async () => {
    const dead = '9d9d9d9d-0000-4000-8000-00000000000d';
    const repo = h.db.getRepository(WarningRuleRun);
    // a process killed mid-batch: its lease and its runs as it left them, the last heartbeat 20 s ago
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: 'pod-a#1#dead', batchId: dead, trigger: WarningRuleTrigger.SCHEDULE, acquiredAt: iso(600_000), renewedAt: iso(20_000), expiresAt: iso(20_000 - LEASE_MS) });
    const base = { batchId: dead, trigger: WarningRuleTrigger.SCHEDULE, startedBy: 'supervision-rules:schedule', rowsRead: 400, alertsRaised: 3, alertsSeen: 0, errorCode: null, finishedAt: null };
    await repo.insert([
      { ...base, id: '9d9d9d9d-0000-4000-8000-000000000001', rule: WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS, status: 'RUNNING' as never, startedAt: iso(600_000), heartbeatAt: iso(20_000) },
      { ...base, id: '9d9d9d9d-0000-4000-8000-000000000002', rule: WarningRuleCode.DUPLICATE_NEED, status: 'RUNNING' as never, startedAt: iso(600_000), heartbeatAt: iso(20_000), rowsRead: 0, alertsRaised: 0 },
    ]);
    // within the lease: still the dead batch's (nobody can tell it is dead yet), its runs left alone
    await expect(runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() })).rejects.toMatchObject({ held: { batchId: dead } });
    expect((await h.request(RUN, { i: { rules: OVERDUE } }, SUPERVISOR)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'RULES_RUNNING', batchId: dead, trigger: 'SCHEDULE' });
    expect((await runsOf(dead)).map((r) => r.status)).toEqual(['RUNNING', 'RUNNING']);
    expect(gw.requests).toEqual([]);
    // the lease expired (the heartbeat is older than the lease): the next batch takes it and runs
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { renewedAt: iso(LEASE_MS + 5_000), expiresAt: iso(5_000) });
    await repo.update({ batchId: dead }, { heartbeatAt: iso(LEASE_MS + 5_000) });
    const beforeStart = new Date().toISOString();
    const [run] = await runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() });
    expect(run).toMatchObject({ status: 'SUCCEEDED', rule: 'APPLICATION_OVERDUE' });
    const marked = (await runsOf(dead)).sort((x, y) => x.id.localeCompare(y.id));
    expect(marked.map((r) => [r.status, r.errorCode, r.rowsRead, r.alertsRaised])).toEqual([
      ['INTERRUPTED', 'HEARTBEAT_LOST', 400, 3],
      ['INTERRUPTED', 'HEARTBEAT_LOST', 0, 0],
    ]);
    for (const r of marked) expect(r.finishedAt! >= beforeStart && r.finishedAt! <= new Date().toISOString()).toBe(true);
    expect(await lease()).toMatchObject({ holder: null, batchId: null });
    // the API tells it
    const listed = await h.request(`{ warningRuleRuns(first: 10, rule: DUPLICATE_NEED) { edges { node { status errorCode batchId finishedAt } } } }`, {}, SUPERVISOR);
    expect(listed.data.warningRuleRuns.edges.map((e: { node: object }) => e.node)).toEqual([{ status: 'INTERRUPTED', errorCode: 'HEARTBEAT_LOST', batchId: dead, finishedAt: marked[1].finishedAt }]);
  });

  it('at a process\'s start, a stale RUNNING run (heartbeat older than the lease, its lease expired) becomes INTERRUPTED; a live batch\'s runs are left alone', async () => {
    const repo = h.db.getRepository(WarningRuleRun);
    const base = { trigger: WarningRuleTrigger.CLI, startedBy: 'supervision-rules:cli', rowsRead: 0, alertsRaised: 0, alertsSeen: 0, errorCode: null, finishedAt: null, rule: WarningRuleCode.PROACTIVE_DISCOVERY, status: 'RUNNING' as never, startedAt: iso(900_000) };
    const stale = { ...base, id: '8c8c8c8c-0000-4000-8000-000000000001', batchId: '8c8c8c8c-0000-4000-8000-00000000000b', heartbeatAt: iso(LEASE_MS + 1_000) };
    // a batch of another process, alive: the lease its own and unexpired (its heartbeat old: a slow page; the lease decides)
    const live = { ...base, id: '8c8c8c8c-0000-4000-8000-000000000002', batchId: '8c8c8c8c-0000-4000-8000-00000000000c', heartbeatAt: iso(LEASE_MS + 1_000) };
    await repo.insert([stale, live]);
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: 'pod-b#7#live', batchId: live.batchId, trigger: WarningRuleTrigger.CLI, expiresAt: iso(-LEASE_MS) });
    const stop = startRulesBackground(h.db, createLogger('supervision', 'silent'), config());
    await stop();
    expect((await repo.findOneByOrFail({ id: stale.id })).status).toBe('INTERRUPTED');
    expect((await repo.findOneByOrFail({ id: stale.id })).errorCode).toBe('HEARTBEAT_LOST');
    expect((await repo.findOneByOrFail({ id: live.id })).status).toBe('RUNNING');
    // (tidy: that batch "ends")
    await repo.update({ id: live.id }, { status: 'SUCCEEDED' as never, finishedAt: iso(0) });
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: null, batchId: null, trigger: null, expiresAt: iso(0) });
  });

  it('at a process\'s start, the runs of the batch named on an expired lease are left alone (it may be alive, silent); the next batch to take the lease marks them', async () => {
    const repo = h.db.getRepository(WarningRuleRun);
    const silent = {
      id: '8c8c8c8c-0000-4000-8000-000000000003', batchId: '8c8c8c8c-0000-4000-8000-00000000000d', trigger: WarningRuleTrigger.CLI, startedBy: 'supervision-rules:cli',
      rowsRead: 0, alertsRaised: 0, alertsSeen: 0, errorCode: null, finishedAt: null, rule: WarningRuleCode.PROACTIVE_DISCOVERY, status: 'RUNNING' as never,
      startedAt: iso(900_000), heartbeatAt: iso(LEASE_MS + 1_000),
    };
    await repo.insert(silent);
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: 'pod-d#9#silent', batchId: silent.batchId, trigger: WarningRuleTrigger.CLI, expiresAt: iso(1_000) });
    const stop = startRulesBackground(h.db, createLogger('supervision', 'silent'), config());
    await stop();
    expect((await repo.findOneByOrFail({ id: silent.id })).status).toBe('RUNNING');
    // another batch takes the expired lease: the silent batch has lost it, its runs are marked
    const [run] = await runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() });
    expect(run.status).toBe('SUCCEEDED');
    expect(await repo.findOneByOrFail({ id: silent.id })).toMatchObject({ status: 'INTERRUPTED', errorCode: 'HEARTBEAT_LOST' });
  });

  it('a graceful stop marks its own running batch INTERRUPTED (PROCESS_STOPPED) and frees the lease at once; the page read after it is not stored', async () => {
    const stop = startRulesBackground(h.db, createLogger('supervision', 'silent'), config());
    const arrived = gw.hold();
    const batch = settled(runRules(h.db, [WarningRuleCode.APPLICATION_OVERDUE, WarningRuleCode.DUPLICATE_NEED], WarningRuleTrigger.SCHEDULE, { config: config() }));
    await arrived;
    const id = (await lease()).batchId!;
    await stop();
    expect((await runsOf(id)).map((r) => [r.rule, r.status, r.errorCode])).toEqual(
      expect.arrayContaining([['APPLICATION_OVERDUE', 'INTERRUPTED', 'PROCESS_STOPPED'], ['DUPLICATE_NEED', 'INTERRUPTED', 'PROCESS_STOPPED']]),
    );
    expect((await runsOf(id)).every((r) => r.finishedAt !== null)).toBe(true);
    expect(await lease()).toMatchObject({ holder: null, batchId: null });
    // another process need not wait for the lease to expire
    const next = settled(runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config() }));
    gw.release();
    const [ended, nextRun] = await Promise.all([batch, next]);
    expect(ended.ok).toBe(true);
    expect((ended as { v: WarningRuleRun[] }).v.map((r) => r.status)).toEqual(['INTERRUPTED', 'INTERRUPTED']);
    // the interrupted run stays so (its late page neither stored nor turned into SUCCEEDED)
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['INTERRUPTED', 'INTERRUPTED']);
    const [overdue] = (await runsOf(id)).filter((r) => r.rule === WarningRuleCode.APPLICATION_OVERDUE);
    expect([overdue.rowsRead, overdue.alertsRaised, overdue.alertsSeen]).toEqual([0, 0, 0]);
    expect(Number((await h.db.query(`SELECT COUNT(*) AS n FROM warning_alert WHERE "lastRunId" = '${overdue.id}'`))[0].n)).toBe(0);
    expect(nextRun.ok).toBe(true);
    expect((nextRun as { v: WarningRuleRun[] }).v.map((r) => r.status)).toEqual(['SUCCEEDED']);
    expect(gw.requests).toEqual(['SupervisionOverdueApplications', 'SupervisionOverdueApplications']);
  });

  it('a batch whose lease was taken by another after it expired stops LEASE_LOST, leaving the other\'s lease alone', async () => {
    const arrived = gw.hold();
    const batch = settled(runRules(h.db, OVERDUE, WarningRuleTrigger.CLI, { config: config() }));
    await arrived;
    const mine = (await lease()).batchId!;
    // it was silent longer than the lease (a database outage, a frozen process) and another batch took the lease
    const theirs = '7b7b7b7b-0000-4000-8000-00000000000e';
    await other.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: 'pod-c#3#took', batchId: theirs, trigger: WarningRuleTrigger.MUTATION, expiresAt: iso(-LEASE_MS) });
    gw.release();
    const ended = await batch;
    expect(ended.ok).toBe(true);
    expect((ended as { v: WarningRuleRun[] }).v.map((r) => [r.status, r.errorCode])).toEqual([['INTERRUPTED', 'LEASE_LOST']]);
    expect((await runsOf(mine)).map((r) => [r.status, r.errorCode])).toEqual([['INTERRUPTED', 'LEASE_LOST']]);
    expect(await lease()).toMatchObject({ batchId: theirs, holder: 'pod-c#3#took' });
    await h.db.getRepository(WarningRuleLease).update({ name: RULES_LEASE }, { holder: null, batchId: null, trigger: null, expiresAt: iso(0) });
  });

  it('the schedule of several replicas runs once per interval: a scheduled batch started within it makes the next tick skip', async () => {
    const runs = () => h.db.getRepository(WarningRuleRun).count();
    // the batches of the tests above are not in the window
    await h.db.getRepository(WarningRuleRun).createQueryBuilder().update().set({ startedAt: iso(3_600_000) }).execute();
    // one replica's tick runs the batch (the window is the schedule's: 90 % of the interval)
    const first = await runRules(h.db, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 60_000 });
    expect(first.map((r) => [r.trigger, r.status])).toEqual([[WarningRuleTrigger.SCHEDULE, 'SUCCEEDED']]);
    const recorded = await runs();
    const freed = await lease();
    // another replica's tick after it has finished: nothing recorded, the lease it took given back as it was
    gw.requests.length = 0;
    expect(await runRules(other, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 60_000 })).toEqual([]);
    expect(await runs()).toBe(recorded);
    expect(await lease()).toEqual(freed);
    expect(gw.requests).toEqual([]);
    // a batch of another trigger (the CronJob) is not held back by the schedule's, and a window shorter than the time
    // since the last scheduled batch lets the next tick run
    expect((await runRules(other, OVERDUE, WarningRuleTrigger.CLI, { config: config(), notWithinMs: 60_000 })).map((r) => r.status)).toEqual(['SUCCEEDED']);
    await new Promise((r) => setTimeout(r, 30));
    expect((await runRules(other, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 20 })).map((r) => r.status)).toEqual(['SUCCEEDED']);
    expect(await runs()).toBe(recorded + 2);
  });

  it('the schedule\'s window runs from a batch\'s start, and a batch cut short by a crash does not hold the next tick', async () => {
    const repo = h.db.getRepository(WarningRuleRun);
    await repo.createQueryBuilder().update().set({ startedAt: iso(3_600_000) }).execute();
    // a finished scheduled batch of two rules that began 50 s ago, its second rule 1 s ago: a 30 s window lets the
    // next tick run (each run's startedAt is its own rule's start; the batch's is its first)
    const [first] = await runRules(h.db, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config() });
    await repo.update({ id: first.id }, { startedAt: iso(50_000) });
    await repo.insert({ ...(await repo.findOneByOrFail({ id: first.id })), id: '7b7b7b7b-0000-4000-8000-0000000000a1', rule: WarningRuleCode.DUPLICATE_NEED, startedAt: iso(1_000) });
    const next = await runRules(other, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 30_000 });
    expect(next.map((r) => r.status)).toEqual(['SUCCEEDED']);
    // ... and that batch, begun now, holds the next tick of the same window
    expect(await runRules(h.db, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 30_000 })).toEqual([]);

    // a scheduled batch whose process died 5 s after it began (its run RUNNING, its heartbeat older than the lease,
    // the lease expired): the next tick runs the rules, and the dead batch's run is INTERRUPTED HEARTBEAT_LOST
    await repo.createQueryBuilder().update().set({ startedAt: iso(3_600_000) }).execute();
    await repo.update({ id: next[0].id }, { status: 'RUNNING' as never, startedAt: iso(5_000), heartbeatAt: iso(LEASE_MS + 5_000), finishedAt: null as never });
    const afterCrash = await runRules(other, OVERDUE, WarningRuleTrigger.SCHEDULE, { config: config(), notWithinMs: 60_000 });
    expect(afterCrash.map((r) => r.status)).toEqual(['SUCCEEDED']);
    expect(await repo.findOneByOrFail({ id: next[0].id })).toMatchObject({ status: 'INTERRUPTED', errorCode: 'HEARTBEAT_LOST' });
  });
});

describe('the lease\'s configuration', () => {
  it('SUPERVISION_RULES_LEASE: 2 minutes by default, a duration of 10 s to 1 h, anything else refused by name', () => {
    expect(readRulesConfig({}).SUPERVISION_RULES_LEASE).toBe(120_000);
    expect(readRulesConfig({ SUPERVISION_RULES_LEASE: '90s' }).SUPERVISION_RULES_LEASE).toBe(90_000);
    expect(readRulesConfig({ SUPERVISION_RULES_LEASE: '1h' }).SUPERVISION_RULES_LEASE).toBe(3_600_000);
    for (const bad of ['5s', '2h', '2 minutes', '0m', 'off'])
      expect(() => readRulesConfig({ SUPERVISION_RULES_LEASE: bad })).toThrow(expect.objectContaining({ issues: [expect.stringMatching(/^SUPERVISION_RULES_LEASE: /)] }));
  });
});
