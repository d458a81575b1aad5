import assert from 'node:assert/strict';
import type { GraphQLResponse, SubgraphHarness, TokenAs } from './subgraph-harness';

/**
 * The kit's concurrency harness (issue 14 items 5 and 6): fire N calls of one mutation at once over HTTP at a running
 * subgraph harness (`startSubgraphHarness`) and check that exactly the right number succeed, that every refusal is the
 * expected CONFLICT, and that nothing is lost. Every mutation of every subgraph has a case in its subgraph's
 * test/concurrency.test.ts, on SQLite and PostgreSQL.
 */
export interface ConcurrencyCase {
  /** the mutation document; its root field is `field` and selects at least `id` */
  mutation: string;
  field: string;
  /** the variables of call i (0 ... n-1): the same record, the same or different values */
  variables: (i: number) => Record<string, unknown>;
  /** how many calls fire at once (default 50) */
  n?: number;
  /** who calls (call i) */
  as: TokenAs | ((i: number) => TokenAs);
  expect: ConcurrencyExpectation;
}

/** What must hold after the N calls. */
export interface ConcurrencyExpectation {
  /** how many calls succeed: exactly this number, or all of them */
  succeed: number | 'all';
  /** every failed call is CONFLICT with one of these `extensions.reason`s (no other error is allowed) */
  conflictReasons?: string[];
  /** every successful call returns the same record id (idempotent replays) */
  sameId?: boolean;
  /** the number of records afterwards (nothing duplicated, nothing lost) */
  records?: { count: () => Promise<number>; equals: number };
  /**
   * The record's write entries in the audit log, in seq order, chain before -> after with no gap (each entry's before
   * equals the state the previous entries left), the stored state equals where the chain ends, and every successful
   * call is one new entry (carrying the values `sets(i)` when given): every success was a real, serialised change.
   */
  chain?: AuditChainExpectation;
}

export interface AuditChainExpectation {
  /** the audit entity name (EducationAid, ...) and the record's key */
  entity: string;
  key: string;
  /** the record's stored values of the fields to compare (as the audit log writes them: strings for amounts and dates) */
  stored: () => Promise<Record<string, unknown>>;
  /** the values call i sets (checked against the new entries, as a multiset) */
  sets?: (i: number) => Record<string, unknown>;
}

/** The calls as they came back. */
export interface ConcurrencyOutcome {
  successes: { i: number; data: Record<string, any> }[];
  failures: { i: number; code?: string; reason?: string; message: string }[];
}

/** One write of a record as the audit log holds it. */
export interface AuditedWrite {
  seq: number;
  action: string;
  changes: Record<string, [unknown, unknown]>;
}

/** The audit log's write entries for one record, in seq order (after `afterSeq` when given). */
export async function auditedWritesOf(h: SubgraphHarness, entity: string, key: string, afterSeq = 0): Promise<AuditedWrite[]> {
  const rows: { seq: number | string; detail: string }[] = await h.db.query(
    `SELECT seq, detail FROM audit_log WHERE kind = 'write' AND seq > ${Number(afterSeq)} ORDER BY seq`,
  );
  const out: AuditedWrite[] = [];
  for (const r of rows) {
    const parsed = JSON.parse(r.detail) as unknown;
    for (const w of (Array.isArray(parsed) ? parsed : [parsed]) as { entity?: string; key?: string; action?: string; changes?: AuditedWrite['changes'] }[])
      if (w && w.entity === entity && w.key === key) out.push({ seq: Number(r.seq), action: String(w.action), changes: w.changes ?? {} });
  }
  return out;
}

async function lastSeq(h: SubgraphHarness): Promise<number> {
  const [row] = await h.db.query('SELECT MAX(seq) AS s FROM audit_log');
  return Number(row?.s ?? 0);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null) || (a != null && b != null && String(a) === String(b));

/**
 * Check that the record's audit writes chain: each entry's "before" equals the value the entries before it left (no
 * lost or unseen write between them), and the stored record equals where the chain ends (for the fields `stored`
 * gives that the chain knows). Returns the entries.
 */
export async function assertAuditChain(h: SubgraphHarness, c: AuditChainExpectation): Promise<AuditedWrite[]> {
  const writes = await auditedWritesOf(h, c.entity, c.key);
  const state = new Map<string, unknown>();
  for (const w of writes)
    for (const [field, [before, after]] of Object.entries(w.changes)) {
      if (state.has(field))
        assert.ok(same(state.get(field), before), `${c.entity} ${c.key}: audit entry ${w.seq} changes ${field} from ${JSON.stringify(before)}, but the entries before it left ${JSON.stringify(state.get(field))} (a lost update)`);
      state.set(field, after);
    }
  const stored = await c.stored();
  for (const [field, value] of Object.entries(stored))
    if (state.has(field))
      assert.ok(same(state.get(field), value), `${c.entity} ${c.key}: ${field} is stored as ${JSON.stringify(value)}, but the audit chain ends at ${JSON.stringify(state.get(field))}`);
  return writes;
}

/** Fire the case's N calls at once and check its expectation; returns what came back. */
export async function runConcurrently(h: SubgraphHarness, c: ConcurrencyCase): Promise<ConcurrencyOutcome> {
  const n = c.n ?? 50;
  const as = typeof c.as === 'function' ? c.as : () => c.as as TokenAs;
  const seqBefore = c.expect.chain ? await lastSeq(h) : 0;
  const responses: GraphQLResponse[] = await Promise.all(Array.from({ length: n }, (_, i) => h.request(c.mutation, c.variables(i), as(i))));
  const outcome: ConcurrencyOutcome = { successes: [], failures: [] };
  responses.forEach((r, i) => {
    assert.ok(r.status < 500, `call ${i} answered HTTP ${r.status}: ${JSON.stringify(r.errors)}`);
    if (r.errors?.length) {
      const e = r.errors[0];
      outcome.failures.push({ i, code: e.extensions?.code, reason: e.extensions?.reason, message: e.message });
    } else {
      assert.ok(r.data?.[c.field], `call ${i} returned no ${c.field}`);
      outcome.successes.push({ i, data: r.data[c.field] });
    }
  });
  const x = c.expect;
  const summary = () => JSON.stringify({ successes: outcome.successes.length, failures: outcome.failures.slice(0, 3) });
  const wanted = x.succeed === 'all' ? n : x.succeed;
  assert.equal(outcome.successes.length, wanted, `${c.field}: ${wanted} of ${n} concurrent calls should succeed: ${summary()}`);
  for (const f of outcome.failures) {
    assert.equal(f.code, 'CONFLICT', `${c.field}: call ${f.i} failed with ${f.code} (${f.reason}): ${f.message}`);
    if (x.conflictReasons) assert.ok(x.conflictReasons.includes(String(f.reason)), `${c.field}: call ${f.i} was refused for ${f.reason}, expected ${x.conflictReasons.join(' or ')}`);
  }
  if (x.sameId) {
    const ids = new Set(outcome.successes.map((s) => s.data.id));
    assert.equal(ids.size, 1, `${c.field}: the calls returned ${ids.size} different records`);
  }
  if (x.records) assert.equal(await x.records.count(), x.records.equals, `${c.field}: the number of records afterwards`);
  if (x.chain) {
    const writes = await assertAuditChain(h, x.chain);
    const fresh = writes.filter((w) => w.seq > seqBefore);
    assert.equal(fresh.length, outcome.successes.length, `${c.field}: ${outcome.successes.length} calls succeeded, but the audit log holds ${fresh.length} new writes of the record`);
    if (x.chain.sets) {
      const remaining = [...fresh];
      for (const s of outcome.successes) {
        const sets = x.chain.sets(s.i);
        const at = remaining.findIndex((w) => Object.entries(sets).every(([k, v]) => k in w.changes && same(w.changes[k][1], v)));
        assert.ok(at >= 0, `${c.field}: call ${s.i} succeeded, but no audit entry records its change ${JSON.stringify(sets)}`);
        remaining.splice(at, 1);
      }
    }
  }
  return outcome;
}

/** A creating mutation under test for idempotency keys (`assertIdempotentCreation`). */
export interface IdempotencyCase {
  /** the mutation document (variables from `variables`), its root field `field` selecting `id` */
  mutation: string;
  field: string;
  /** the variables of payload `variant` (0, 1, 2: three valid payloads that do not conflict with each other) with `idempotencyKey` set to `key` */
  variables: (variant: number, key: string) => Record<string, unknown>;
  /** the caller, and another caller allowed to make the same call (another token subject) */
  as: TokenAs;
  other: TokenAs;
  /**
   * Identities with the caller's subject but another role or scope. `forbidden`: ones that may not make the call (each
   * must be FORBIDDEN when replaying the caller's key; an analyst, an auditor and an officer of an unrelated department
   * are always tried as well). `notFound`: ones whose role may make the call but whose scope does not hold the record
   * it names (each must be NOT_FOUND, as for an id no record has). `mayWrite`: ones that may (each gets a new,
   * independent record for the same key).
   */
  sameSubject?: { forbidden?: TokenAs[]; notFound?: TokenAs[]; mayWrite?: TokenAs[] };
  /** the number of records of the mutation's kind in the database */
  count: () => Promise<number>;
  /** how many concurrent calls share one key (default 50) */
  n?: number;
}

/**
 * Check a creating mutation's idempotency key end to end: a retried call with the same key creates one record and
 * returns the same id; the same key with a different payload is CONFLICT IDEMPOTENCY_KEY_REUSED and creates nothing;
 * another caller's identical key is independent (creates its own record); the caller's subject under another role or
 * scope replaying the key gets that identity's normal answer — FORBIDDEN if it may not write (analyst, auditor, an
 * unrelated department's officer, `sameSubject.forbidden`), NOT_FOUND if the record it names is outside its scope
 * (`sameSubject.notFound`), a new record if it may (`sameSubject.mayWrite`) — and never
 * the first record; N concurrent calls with one key create exactly one record and all return it.
 */
export async function assertIdempotentCreation(h: SubgraphHarness, c: IdempotencyCase): Promise<void> {
  const tag = `${c.field}-${h.kind}-${Math.random().toString(36).slice(2, 10)}`;
  const before = await c.count();
  const first = await h.request(c.mutation, c.variables(0, `${tag}-a`), c.as);
  assert.equal(first.errors, undefined, `${c.field}: the first call failed: ${JSON.stringify(first.errors)}`);
  const id = first.data[c.field].id;
  const retry = await h.request(c.mutation, c.variables(0, `${tag}-a`), c.as);
  assert.equal(retry.errors, undefined, `${c.field}: the retry failed: ${JSON.stringify(retry.errors)}`);
  assert.equal(retry.data[c.field].id, id, `${c.field}: the retry returned another record`);
  assert.equal(await c.count(), before + 1, `${c.field}: the retry created a record`);
  const reused = await h.request(c.mutation, c.variables(1, `${tag}-a`), c.as);
  assert.equal(reused.errors?.[0]?.extensions?.code, 'CONFLICT', `${c.field}: a different payload with a used key: ${JSON.stringify(reused.errors ?? reused.data)}`);
  assert.equal(reused.errors?.[0]?.extensions?.reason, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal(await c.count(), before + 1, `${c.field}: a refused reuse created a record`);
  const other = await h.request(c.mutation, c.variables(1, `${tag}-a`), c.other);
  assert.equal(other.errors, undefined, `${c.field}: another caller's identical key failed: ${JSON.stringify(other.errors)}`);
  assert.notEqual(other.data[c.field].id, id, `${c.field}: another caller got the first caller's record`);
  assert.equal(await c.count(), before + 2);
  // the caller's subject under another role or scope replaying the key: the normal answer for that identity, never the record
  const subject = c.as.subject ?? `test-${c.as.role}`;
  const unrelated = c.as.department === 'JUSTICE' ? 'EMERGENCY_MANAGEMENT' : 'JUSTICE';
  const refused: [TokenAs, string][] = [
    ...[
      { role: 'analyst', subject }, { role: 'auditor', subject }, { role: 'department_officer', department: unrelated, subject },
      ...(c.sameSubject?.forbidden ?? []).map((t) => ({ ...t, subject })),
    ].map((t) => [t as TokenAs, 'FORBIDDEN'] as [TokenAs, string]),
    ...(c.sameSubject?.notFound ?? []).map((t) => [{ ...t, subject }, 'NOT_FOUND'] as [TokenAs, string]),
  ];
  for (const [as, code] of refused) {
    const replay = await h.request(c.mutation, c.variables(0, `${tag}-a`), as);
    assert.equal(replay.errors?.[0]?.extensions?.code, code, `${c.field}: ${JSON.stringify(as)} replaying the key of ${subject}: ${JSON.stringify(replay.errors ?? replay.data)}`);
    assert.equal(replay.data?.[c.field] ?? null, null, `${c.field}: ${JSON.stringify(as)} got a record`);
  }
  assert.equal(await c.count(), before + 2, `${c.field}: a forbidden replay created a record`);
  let created = 2;
  for (const as of (c.sameSubject?.mayWrite ?? []).map((t) => ({ ...t, subject }))) {
    const replay = await h.request(c.mutation, c.variables(0, `${tag}-a`), as);
    assert.equal(replay.errors, undefined, `${c.field}: ${JSON.stringify(as)} (may write) with the key of ${subject}: ${JSON.stringify(replay.errors)}`);
    assert.notEqual(replay.data[c.field].id, id, `${c.field}: ${JSON.stringify(as)} got the first identity's record instead of a new one`);
    assert.equal(await c.count(), before + ++created, `${c.field}: ${JSON.stringify(as)} did not create its own record`);
  }
  const again = await h.request(c.mutation, c.variables(0, `${tag}-a`), c.as);
  assert.equal(again.data?.[c.field]?.id, id, `${c.field}: the first caller's replay no longer returns its record`);
  await runConcurrently(h, {
    mutation: c.mutation, field: c.field, n: c.n, as: c.as, variables: () => c.variables(2, `${tag}-b`),
    expect: { succeed: 'all', sameId: true, records: { count: c.count, equals: before + created + 1 } },
  });
  const bad = await h.request(c.mutation, c.variables(2, 'short'), c.as);
  assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${c.field}: a 5-character key was accepted`);
}
