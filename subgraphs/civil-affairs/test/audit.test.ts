import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { civilAffairs } from '../src/subgraph';
import {
  AuditEntry, NO_CHECKPOINT_CONFIGURED, appendAuditEntries, writeTransaction, type SubgraphContext, archiveAuditLog, fileCheckpointStore, hashEntry, readSeals, redisCheckpointStore,
  verifyAuditChain, verifyAuditLog,
} from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'audit-test';
const persons = generatePopulation({ seed: SEED, size: 120 }).households.flatMap((h) => h.members);
const KIT_CLI = path.resolve(__dirname, '../../kit/dist/cli');

/** Run an audit command of the kit (built), returning its exit code and output. */
function cli(command: 'audit-verify' | 'audit-archive', args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [path.join(KIT_CLI, `${command}.js`), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    return { code: 0, out };
  } catch (e: any) {
    return { code: e.status as number, out: String(e.stdout) + String(e.stderr) };
  }
}

/** The bytes an audit row stores: the UTF-8 length of every column's value (what the hash chain covers). */
function rowBytes(row: Record<string, unknown>): number {
  return Object.values(row).reduce<number>((n, v) => n + Buffer.byteLength(v == null ? '' : String(v)), 0);
}

const tmpFile = (name: string) => path.join(os.tmpdir(), `aidgraph-audit-test-${crypto.randomBytes(6).toString('hex')}-${name}`);

describe.each(testDatabaseKinds())('the audit log of civil affairs on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 120, seed: SEED });
  });
  afterAll(() => h?.close());
  const log = async (subject?: string) =>
    (await h.request(`query($s: String) { civilAffairsAuditLog(first: 500, filter: { subject: $s }) { totalCount edges { node { seq subject role scope operation kind personIds detail classes } } } }`, { s: subject ?? null })).data.civilAffairsAuditLog.edges.map((e: any) => e.node);

  it('records who read which persons\' personal fields (one entry per request), and writes with what changed', async () => {
    const [a, b] = persons;
    await h.request(`query LookUp($ids: [_Any!]!) { _entities(representations: $ids) { ... on Person { id name gender } } }`, { ids: [{ __typename: 'Person', id: a.id }, { __typename: 'Person', id: b.id }] }, { role: 'analyst', subject: 'ana' });
    await h.request(`query NoPersonal { townships { code } }`, undefined, { role: 'analyst', subject: 'ana' });
    await h.request(`query OnlyIds { people(first: 20) { totalCount edges { cursor node { id } } } }`, undefined, { role: 'analyst', subject: 'ana' });
    const target = persons.find((p) => p.status === 'ACTIVE' && p.enrolments.length === 0)!;
    await h.request(
      `mutation Enrol($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId: target.id, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '800' } },
      { role: 'caseworker', township: target.townshipCode, subject: 'window-1' },
    );
    const reads = await log('ana');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ role: 'analyst', kind: 'read', operation: 'LookUp' });
    expect([...reads[0].personIds].sort()).toEqual([a.id, b.id].sort());
    // gender is personal data too, though it carries no @Protected rule: every field of a person is noted
    expect(JSON.parse(reads[0].detail)).toEqual({ fields: ['Person.gender', 'Person.name'] });
    // the classes of data read, from the access policy's classification of those coordinates
    expect(reads[0].classes).toContain('identifier.name');
    const writes = (await log('window-1')).filter((e: any) => e.kind === 'write');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ role: 'caseworker', scope: target.townshipCode, kind: 'write', personIds: [target.id], operation: 'Enrol' });
    expect(JSON.parse(writes[0].detail).changes).toEqual({ programme: [null, 'TEMPORARY'], amount: [null, '800.00'], startDate: [null, '2026-03-01'] });
  });

  it('notes the persons found by a classified filter or lookup, with its coordinate, even when only ids are selected', async () => {
    const marginal = persons.filter((p) => p.enrolments.some((e) => e.programme === 'MARGINAL' && e.status === 'ACTIVE')).map((p) => p.id);
    expect(marginal.length).toBeGreaterThan(0);
    const justice = { role: 'department_officer' as const, department: 'JUSTICE', subject: 'justice-ids' };
    const r = await h.request(`query Ids { people(filter: { programme: MARGINAL }, first: 500) { edges { node { id } } } }`, undefined, justice);
    expect(r.errors).toBeUndefined();
    expect(r.data.people.edges.map((e: any) => e.node.id).sort()).toEqual([...marginal].sort());
    const entries = await log('justice-ids');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'read', operation: 'Ids', scope: 'JUSTICE' });
    expect([...entries[0].personIds].sort()).toEqual([...marginal].sort());
    expect(JSON.parse(entries[0].detail)).toEqual({ fields: ['PersonFilter.programme'] });
    // a lookup by id with only the id selected is a look at the person too (Query.person is a classified lookup)
    const one = { ...justice, subject: 'justice-one' };
    expect((await h.request(`query One($id: ID!) { person(id: $id) { id } }`, { id: marginal[0] }, one)).errors).toBeUndefined();
    const lookups = await log('justice-one');
    expect(lookups).toHaveLength(1);
    expect(lookups[0].personIds).toEqual([marginal[0]]);
    expect(JSON.parse(lookups[0].detail)).toEqual({ fields: ['Query.person'] });
    // a bare count reaches no row: no one is named; a township filter (coarse, not revealing) with ids names no one either
    const counter = { ...justice, subject: 'justice-count' };
    expect((await h.request(`{ people(filter: { programme: MARGINAL }) { totalCount } }`, undefined, counter)).errors).toBeUndefined();
    expect((await h.request(`query($t: String) { people(first: 5, filter: { townshipCode: $t }) { edges { node { id } } } }`, { t: persons[0].townshipCode }, counter)).errors).toBeUndefined();
    expect(await log('justice-count')).toEqual([]);
  });

  it('notes the persons of a list ordered by a protected key, with the sort coordinate, even when only ids are selected', async () => {
    const townships = [...new Set(persons.map((p) => p.townshipCode))];
    const windowA = { role: 'caseworker' as const, township: townships[0], subject: 'window-order' };
    const q = `query Oldest($o: PersonOrder, $a: String) { people(first: 5, after: $a, orderBy: $o) { edges { node { id } } pageInfo { endCursor } } }`;
    const r = await h.request(q, { o: { field: 'BIRTH_DATE', direction: 'DESC' } }, windowA);
    expect(r.errors).toBeUndefined();
    const ids = r.data.people.edges.map((e: any) => e.node.id);
    expect(ids).toHaveLength(5);
    const entries = await log('window-order');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'read', operation: 'Oldest', scope: townships[0] });
    expect([...entries[0].personIds].sort()).toEqual([...ids].sort());
    expect(JSON.parse(entries[0].detail)).toEqual({ fields: ['PersonOrder.field[BIRTH_DATE]'] });
    // the cursor is the caller's: a caseworker of another township (same subject) is refused it, without a reason why
    const cursor = r.data.people.pageInfo.endCursor;
    const other = await h.request(q, { o: { field: 'BIRTH_DATE', direction: 'DESC' }, a: cursor }, { ...windowA, township: townships[1] });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'BAD_CURSOR' });
    expect((await h.request(q, { o: { field: 'BIRTH_DATE', direction: 'DESC' }, a: cursor }, windowA)).errors).toBeUndefined();
    // an order by ID (the default, an opaque random id) with ids alone names no one
    const byId = { ...windowA, subject: 'window-order-id' };
    expect((await h.request(q, { o: { field: 'ID', direction: 'DESC' } }, byId)).errors).toBeUndefined();
    expect(await log('window-order-id')).toEqual([]);
  });

  it('logs 100 reads of sensitive data as 100 person-reads, whatever fields they read', async () => {
    const queries = [
      `query Groups($id: ID!) { person(id: $id) { coveredGroups } }`,
      `query Enrolments($id: ID!) { person(id: $id) { enrolments { programme amount } } }`,
      `query Income($id: ID!) { person(id: $id) { household { perCapitaMonthlyIncome assetsWithinRules } } }`,
      `query Category($id: ID!) { person(id: $id) { assistanceCategory status age } }`,
    ];
    const readers = persons.slice(0, 100);
    for (const [i, p] of readers.entries()) {
      const r = await h.request(queries[i % queries.length], { id: p.id }, { role: 'caseworker', township: p.townshipCode, subject: 'hundred' });
      expect(r.errors).toBeUndefined();
    }
    const entries = await log('hundred');
    expect(entries).toHaveLength(100);
    expect(entries.every((e: any) => e.kind === 'read')).toBe(true);
    const personReads = entries.flatMap((e: any) => e.personIds);
    expect(personReads.length).toBeGreaterThanOrEqual(100);
    expect(new Set(personReads)).toEqual(new Set(readers.map((p) => p.id)));
    const fields = new Set(entries.flatMap((e: any) => JSON.parse(e.detail).fields));
    for (const f of ['Person.coveredGroups', 'Person.enrolments', 'Enrolment.amount', 'Person.household', 'Household.perCapitaMonthlyIncome', 'Person.assistanceCategory'])
      expect(fields).toContain(f);
    // a household reached from a person is named by that person; read directly, by its id and its members
    const income = entries.find((e: any) => JSON.parse(e.detail).fields.includes('Household.perCapitaMonthlyIncome'));
    expect(income.personIds).toHaveLength(1);
    expect(JSON.parse(income.detail).households).toBeUndefined();
    expect(income.classes).toContain('income');
    const household = generatePopulation({ seed: SEED, size: 120 }).households.find((x) => x.members.length > 1)!;
    await h.request(`query Household($id: ID!) { household(id: $id) { address members { id } } }`, { id: household.id }, { role: 'auditor', subject: 'household-reader' });
    const [direct, ...more] = await log('household-reader');
    expect(more).toHaveLength(0);
    expect([...direct.personIds].sort()).toEqual(household.members.map((m) => m.id).sort());
    expect(JSON.parse(direct.detail)).toEqual({ fields: ['Household.address', 'Household.members'], households: [household.id] });
  });

  it('keeps a 50-person list to one compact entry (bytes computed from the stored row)', async () => {
    const q = `query List { people(first: 50) { edges { node { id name idNumber birthDate gender coveredGroups assistanceCategory enrolments { programme amount startDate } household { address perCapitaMonthlyIncome } } } } }`;
    const r = await h.request(q, undefined, { role: 'auditor', subject: 'lister' });
    expect(r.errors).toBeUndefined();
    const listed = r.data.people.edges.map((e: any) => e.node.id);
    expect(listed).toHaveLength(50);
    const rows: Record<string, unknown>[] = await h.db.query(`SELECT * FROM audit_log WHERE "subject" = 'lister'`);
    expect(rows).toHaveLength(1);
    const entry = (await log('lister'))[0];
    expect([...entry.personIds].sort()).toEqual([...listed].sort());
    const detail = JSON.parse(entry.detail);
    expect(detail.fields).toHaveLength(13);
    // the households reached from the persons are named by the persons: no second list of ids
    expect(detail.households).toBeUndefined();
    // bound: 250 bytes of fixed columns (time, caller, request id, operation, two 64-character hashes), 23 bytes per
    // person (a packed id and a space), each coordinate once (~26 bytes): 250 + 50 × 23 + 13 × 26 = 1,738 bytes.
    // (Before issue 14 a 50-person list with these fields cost 15.4 KB here: one JSON object per record, measured with
    // npm run bench:audit's queries on the previous code.)
    const bytes = rowBytes(rows[0]);
    expect(bytes).toBeLessThan(250 + 23 * 50 + 26 * detail.fields.length);
    expect(bytes).toBeLessThan(1750);
  });

  it('logs every refusal (caller, operation, coordinate, reason), never as a read', async () => {
    const p = persons.find((x) => x.phone)!;
    const other = persons.find((x) => x.townshipCode !== p.townshipCode)!;
    const officer = { role: 'department_officer' as const, department: 'EDUCATION', subject: 'edu-officer' };
    const phone = await h.request(`query Phone($id: ID!) { person(id: $id) { name phone } }`, { id: p.id }, officer);
    expect(phone.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const caseworker = { role: 'caseworker' as const, township: p.townshipCode, subject: 'cw-out-of-scope' };
    // out of scope answers as no one (null): no refusal, no read of the person
    const scope = await h.request(`query Other($id: ID!) { person(id: $id) { name } }`, { id: other.id }, caseworker);
    expect({ errors: scope.errors, data: scope.data }).toEqual({ errors: undefined, data: { person: null } });
    const officerEntries = await log('edu-officer');
    const refusal = officerEntries.find((e: any) => e.kind === 'refusal');
    expect(refusal).toMatchObject({ role: 'department_officer', scope: 'EDUCATION', operation: 'Phone', personIds: [p.id] });
    expect(JSON.parse(refusal.detail)).toEqual([
      { coordinate: 'Person.phone', path: 'person.phone', code: 'FORBIDDEN', reason: expect.stringMatching(/department officers see only/), count: 1 },
    ]);
    // the name was read (and is logged), the phone was not
    expect(JSON.parse(officerEntries.find((e: any) => e.kind === 'read').detail).fields).toEqual(['Person.name', 'Query.person']);
    const cw = await log('cw-out-of-scope');
    expect(cw.filter((e: any) => e.kind === 'refusal')).toEqual([]);
    expect(cw.flatMap((e: any) => e.personIds)).not.toContain(other.id);
    // no personal data in a refusal entry: not the name, ID number or phone of the person asked for
    expect(JSON.stringify([refusal, ...cw])).not.toMatch(new RegExp([p.name, p.idNumber, other.name, other.idNumber].join('|')));
    // a request without a valid token has no identity: refused (UNAUTHENTICATED), and nothing is appended
    const before = (await log()).length;
    const anonymous = await h.request(`{ person(id: "${p.id}") { name } }`, undefined, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await log()).length).toBe(before + 0);
  });

  it('lets only auditors read the log', async () => {
    const r = await h.request(`{ civilAffairsAuditLog(first: 1) { totalCount } }`, undefined, { role: 'analyst' });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('detects an edited entry and a deleted one', async () => {
    for (let i = 0; i < 3; i++) await h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[10 + i].id }, { role: 'analyst', subject: `reader-${i}` });
    const before = await verifyAuditChain(h.db);
    expect(before.ok).toBe(true);
    const args = ['--database-url', h.server.config.DATABASE_URL, '--checkpoint-file', h.server.config.AUDIT_CHECKPOINT_FILE!];
    expect(cli('audit-verify', args)).toEqual({ code: 0, out: expect.stringMatching(/audit chain OK: \d+ entries verified; checkpoints match \(file .*: seq \d+\)/) });
    expect(before.entries).toBeGreaterThanOrEqual(5);
    await h.db.query(`UPDATE audit_log SET subject = 'someone-else' WHERE seq = 2`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringMatching(/edited/) } });
    // the command reports it too, with a non-zero exit code
    expect(cli('audit-verify', args)).toEqual({ code: 1, out: expect.stringMatching(/BROKEN at entry 2: its content does not match its hash/) });
    await h.db.query(`DELETE FROM audit_log WHERE seq = 2`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'entry 2 is missing' } });
    expect(cli('audit-verify', args)).toEqual({ code: 1, out: expect.stringMatching(/BROKEN at entry 2: entry 2 is missing/) });
  });
});

describe.each(testDatabaseKinds())('truncation of the audit log on %s', (kind) => {
  const read = (h: SubgraphHarness, i: number, subject = `t-${i}`) => h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[i].id }, { role: 'analyst', subject });

  it('is detected against the checkpoint file: deleted newest entries, a rewritten head, an edited checkpoint', async () => {
    const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 60, seed: SEED });
    try {
      const file = h.server.config.AUDIT_CHECKPOINT_FILE!;
      for (let i = 0; i < 5; i++) await read(h, i);
      const store = fileCheckpointStore(file);
      const checkpoint = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(checkpoint).toMatchObject({ seq: 5, hash: expect.stringMatching(/^[0-9a-f]{64}$/), sig: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await verifyAuditLog(h.db, { checkpoints: [store] })).toMatchObject({ ok: true, problems: [] });
      // the attacker deletes the two newest entries: the shorter chain still verifies, the checkpoint does not
      await h.db.query('DELETE FROM audit_log WHERE seq > 3');
      const truncated = await verifyAuditLog(h.db, { checkpoints: [store] });
      expect(truncated.chain.ok).toBe(true);
      expect(truncated.problems).toEqual([`checkpoint (file ${file}): the log ends at seq 3 but the checkpoint says 5 (truncated)`]);
      const args = ['--database-url', h.server.config.DATABASE_URL, '--checkpoint-file', file];
      expect(cli('audit-verify', args)).toEqual({ code: 1, out: expect.stringContaining('the log ends at seq 3 but the checkpoint says 5') });
      // the running subgraph never reuses a seq it saw committed: its next reads go after 5, the deletion stays a gap
      await read(h, 10);
      expect((await verifyAuditLog(h.db, { checkpoints: [store] })).problems).toEqual(['table: entry 4: entry 4 is missing']);
      await h.db.query('DELETE FROM audit_log WHERE seq > 3');
      // an attacker (without a chain key here) re-writes entries 4 to 6 (the checkpoint followed the read to 6) with
      // other content, chained and hashed: the chain verifies, the head no longer matches the checkpoint
      let prevHash = (await h.db.query('SELECT hash FROM audit_log WHERE seq = 3'))[0].hash as string;
      for (const seq of [4, 5, 6]) {
        const content = { seq, at: new Date().toISOString(), subject: 'someone-else', role: 'analyst', scope: null, operation: null, requestId: `forged-${seq}`, kind: 'read', personIds: '', detail: '{"fields":[]}', prevHash };
        const hash = hashEntry(content);
        await h.db.getRepository(AuditEntry).insert({ ...content, hash });
        prevHash = hash;
      }
      expect((await verifyAuditLog(h.db, { checkpoints: [store] })).problems).toEqual([
        `checkpoint (file ${file}): the entry at seq 6 does not have the checkpoint's head hash (the chain was rewritten)`,
      ]);
      // and an attacker who edits the checkpoint to match the log is caught by its signature
      fs.writeFileSync(file, JSON.stringify({ ...checkpoint, seq: 3 }));
      expect((await verifyAuditLog(h.db, { checkpoints: [store] })).problems).toEqual([`checkpoint (file ${file}): the checkpoint is forged or edited (its signature does not verify)`]);
      expect(cli('audit-verify', args)).toEqual({ code: 1, out: expect.stringContaining('the checkpoint is forged or edited') });
    } finally {
      await h.close();
    }
  });

  it('is detected when the newest entries AND the checkpoint file are deleted (checkpoint missing), and no checkpoint at all fails unless accepted', async () => {
    const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 60, seed: SEED });
    try {
      const file = h.server.config.AUDIT_CHECKPOINT_FILE!;
      for (let i = 0; i < 5; i++) await read(h, i);
      const store = fileCheckpointStore(file);
      expect(await verifyAuditLog(h.db, { checkpoints: [store] })).toMatchObject({ ok: true, problems: [], warnings: [] });
      // the attacker deletes the two newest entries and the checkpoint file: the shorter chain verifies, the missing checkpoint does not
      await h.db.query('DELETE FROM audit_log WHERE seq > 3');
      fs.rmSync(file);
      const missing = `checkpoint (file ${file}): checkpoint missing: the log holds entries up to seq 3 but no checkpoint is stored (deleted, or never written)`;
      expect(await verifyAuditLog(h.db, { checkpoints: [store] })).toMatchObject({ ok: false, chain: { ok: true }, problems: [missing] });
      const out = cli('audit-verify', ['--database-url', h.server.config.DATABASE_URL, '--checkpoint-file', file]);
      expect(out).toEqual({ code: 1, out: expect.stringContaining(`audit checkpoint MISSING (file ${file}): checkpoint missing: the log holds entries up to seq 3`) });
      expect(out.out).not.toMatch(/audit chain OK|none yet/);
      // no checkpoint configured at all: a failure, unless the operator accepts it explicitly (then a warning)
      expect(await verifyAuditLog(h.db, {})).toMatchObject({ ok: false, problems: [NO_CHECKPOINT_CONFIGURED], warnings: [] });
      expect(await verifyAuditLog(h.db, { allowNoCheckpoint: true })).toMatchObject({ ok: true, problems: [], warnings: [NO_CHECKPOINT_CONFIGURED] });
      const none = ['--database-url', h.server.config.DATABASE_URL, '--checkpoint-file', 'off'];
      expect(cli('audit-verify', none)).toEqual({ code: 1, out: expect.stringContaining(`audit checkpoint MISSING: ${NO_CHECKPOINT_CONFIGURED}`) });
      const accepted = cli('audit-verify', [...none, '--no-checkpoint']);
      expect(accepted).toEqual({ code: 0, out: expect.stringContaining(`WARNING: ${NO_CHECKPOINT_CONFIGURED}`) });
      expect(accepted.out).toMatch(/audit chain OK: 3 entries verified; NOT compared with any checkpoint \(--no-checkpoint\)/);
    } finally {
      await h.close();
    }
  });

  it('is detected against a Redis checkpoint, which concurrent appenders never move backwards', async () => {
    const prefix = `aidgraph-test:${crypto.randomBytes(6).toString('hex')}:`;
    const key = `${prefix}civil-affairs`;
    const env = { AUDIT_CHECKPOINT_REDIS_URL: 'redis://127.0.0.1:6379', AUDIT_CHECKPOINT_REDIS_PREFIX: prefix, AUDIT_CHECKPOINT_FILE: 'off' };
    const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 60, seed: SEED, env });
    const store = redisCheckpointStore('redis://127.0.0.1:6379', key);
    try {
      await Promise.all(persons.slice(0, 20).map((_p, i) => read(h, i)));
      const head: { seq: number }[] = await h.db.query('SELECT MAX(seq) AS seq FROM audit_log');
      expect(Number(head[0].seq)).toBe(20);
      expect(await store.read()).toMatchObject({ seq: 20 });
      expect(await verifyAuditLog(h.db, { checkpoints: [store] })).toMatchObject({ ok: true });
      await h.db.query('DELETE FROM audit_log WHERE seq > 17');
      expect((await verifyAuditLog(h.db, { checkpoints: [store] })).problems).toEqual([`checkpoint (redis ${key}): the log ends at seq 17 but the checkpoint says 20 (truncated)`]);
      const emptyArchive = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-audit-archive-'));
      const out = cli('audit-verify', ['--subgraph', 'civil-affairs', '--database-url', h.server.config.DATABASE_URL, '--checkpoint-file', 'off', '--checkpoint-redis-url', 'redis://127.0.0.1:6379', '--checkpoint-redis-prefix', prefix, '--archive-dir', emptyArchive]);
      expect(out).toEqual({ code: 1, out: expect.stringContaining(`audit checkpoint MISMATCH (redis ${key}): the log ends at seq 17 but the checkpoint says 20`) });
      fs.rmSync(emptyArchive, { recursive: true, force: true });
    } finally {
      await h.close();
      const Redis = (await import('ioredis')).default;
      const r = new Redis('redis://127.0.0.1:6379');
      await r.del(key);
      await r.quit();
      await store.close();
    }
  });
});

describe.each(testDatabaseKinds())('concurrent appenders of the audit log on %s', (kind) => {
  it('keep one whole chain: reads grouped in one statement, writes in their transactions, and another process\'s appends', async () => {
    const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 120, seed: SEED });
    // "another process": a second connection to the same database, which has never seen the chain's head
    const other = new DataSource({ ...h.db.options, name: undefined, migrationsRun: false, synchronize: false } as unknown as DataSourceOptions);
    await other.initialize();
    try {
      const active = persons.filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0);
      const reads = Array.from({ length: 40 }, (_, i) =>
        h.request(`query Look($id: ID!) { person(id: $id) { name } }`, { id: persons[i].id }, { role: 'analyst', subject: `conc-reader-${i}` }),
      );
      const writes = active.slice(0, 6).map((p, i) =>
        h.request(
          `mutation Enrol($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id startDate } }`,
          { i: { personId: p.id, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '300', idempotencyKey: `concurrent-${i}` } },
          { role: 'caseworker', township: p.townshipCode, subject: `conc-writer-${i}` },
        ),
      );
      const foreign = Array.from({ length: 10 }, (_, i) =>
        writeTransaction(other, (tx) =>
          appendAuditEntries(tx, { identity: { subject: `conc-other-${i}`, role: 'auditor' }, requestId: `other-${i}`, operationName: 'Other' } as unknown as SubgraphContext,
            { persons: [persons[50 + i].id], households: [], records: [], fields: ['Person.name'] }, []),
        ),
      );
      const answers = await Promise.all([...reads, ...writes]);
      await Promise.all(foreign);
      for (const a of answers) expect(a.errors).toBeUndefined();
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
      const rows: { subject: string; seq: number }[] = await h.db.query(`SELECT subject, seq FROM audit_log WHERE subject LIKE 'conc-%'`);
      const count = (prefix: string) => rows.filter((r) => r.subject.startsWith(prefix)).length;
      expect(count('conc-reader-')).toBe(40);
      expect(count('conc-writer-')).toBe(12); // each write: its write entry, and its read of the new enrolment's start date
      expect(count('conc-other-')).toBe(10);
      // and one more read after the other process's appends follows them (seq is the table's last + 1)
      const [{ max }] = await h.db.query('SELECT MAX(seq) AS max FROM audit_log');
      await h.request(`query Look($id: ID!) { person(id: $id) { name } }`, { id: persons[99].id }, { role: 'analyst', subject: 'conc-last' });
      expect((await h.db.query(`SELECT seq FROM audit_log WHERE subject = 'conc-last'`))[0].seq).toBe(Number(max) + 1);
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    } finally {
      await other.destroy();
      await h.close();
    }
  });
});

describe.each(testDatabaseKinds())('archiving the audit log on %s', (kind) => {
  it('moves old entries into sealed segments; the segments and the table verify together; a missing or edited segment is reported', async () => {
    const KEY = 'archive-test-chain-key-of-at-least-32-chars';
    const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 60, seed: SEED, env: { AUDIT_CHAIN_KEY: KEY } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-audit-archive-'));
    try {
      for (let i = 0; i < 7; i++) await h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[i].id }, { role: 'analyst', subject: `a-${i}` });
      const file = h.server.config.AUDIT_CHECKPOINT_FILE!;
      const opts = () => ({ chainKey: KEY, checkpointKey: KEY, archiveDir: dir, checkpoints: [fileCheckpointStore(file)] });
      // nothing is older than the retention yet
      expect(await archiveAuditLog(h.db, { dir, retentionDays: 30, chainKey: KEY, sealKey: KEY })).toEqual({ segments: [], entries: 0 });
      // three days later, with one day's retention: all but the newest entry go, in segments of at most 4
      const later = new Date(Date.now() + 3 * 86_400_000);
      const report = await archiveAuditLog(h.db, { dir, retentionDays: 1, chainKey: KEY, sealKey: KEY, now: later, segmentSize: 4 });
      expect(report.entries).toBe(6);
      expect(report.segments.map((s) => [s.firstSeq, s.lastSeq, s.count])).toEqual([[1, 4, 4], [5, 6, 2]]);
      const left: { seq: number }[] = await h.db.query('SELECT seq FROM audit_log ORDER BY seq');
      expect(left.map((r) => Number(r.seq))).toEqual([7]);
      // the auditors' query answers from the hot table
      expect((await h.request(`{ civilAffairsAuditLog(first: 50) { totalCount } }`)).data.civilAffairsAuditLog.totalCount).toBe(1);
      // the chain continues in the table from the last segment's hash
      await h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[8].id }, { role: 'analyst', subject: 'after' });
      const ok = await verifyAuditLog(h.db, opts());
      expect(ok).toMatchObject({ ok: true, archive: { segments: 2, entries: 6 }, chain: { ok: true, entries: 2 } });
      // the commands do the same
      const env = { AUDIT_CHAIN_KEY: KEY };
      const args = ['--database-url', h.server.config.DATABASE_URL, '--archive-dir', dir, '--checkpoint-file', file];
      expect(cli('audit-verify', args, env)).toEqual({ code: 0, out: expect.stringMatching(/audit chain OK: 2 entries verified after 6 archived entries in 2 sealed segments/) });
      expect(cli('audit-archive', [...args, '--retention-days', '1'], env)).toEqual({ code: 0, out: expect.stringMatching(/nothing to archive/) });

      // an entry deleted from a segment (the seal kept) is reported
      const [first, second] = await readSeals(dir);
      const segment = path.join(dir, first.file);
      const original = fs.readFileSync(segment);
      const lines = zlib.gunzipSync(original).toString('utf8').split('\n').filter(Boolean);
      fs.writeFileSync(segment, zlib.gzipSync(Buffer.from([lines[0], ...lines.slice(2)].join('\n') + '\n')));
      expect((await verifyAuditLog(h.db, opts())).problems).toEqual([`archive: segment ${first.file} was edited (its SHA-256 does not match its seal)`]);
      fs.writeFileSync(segment, original);
      // an edited seal (re-pointed at the edited file) fails its signature
      const sealFile = segment.replace(/\.jsonl\.gz$/, '.seal.json');
      const seal = fs.readFileSync(sealFile, 'utf8');
      fs.writeFileSync(sealFile, JSON.stringify({ ...JSON.parse(seal), count: 3 }));
      expect((await verifyAuditLog(h.db, opts())).problems).toEqual([`archive: the seal of segment ${first.file} is forged or edited`]);
      fs.writeFileSync(sealFile, seal);
      expect(await verifyAuditLog(h.db, opts())).toMatchObject({ ok: true });
      // a missing segment (file and seal) is reported: the first ...
      fs.renameSync(segment, `${segment}.away`);
      fs.renameSync(sealFile, `${sealFile}.away`);
      expect((await verifyAuditLog(h.db, opts())).problems).toEqual([
        `archive: segment ${second.file} starts at seq 5 but the chain continues at seq 1 (a segment is missing)`,
      ]);
      expect(cli('audit-verify', args, env)).toEqual({ code: 1, out: expect.stringContaining('a segment is missing') });
      fs.renameSync(`${segment}.away`, segment);
      fs.renameSync(`${sealFile}.away`, sealFile);
      // ... or the last: the table no longer continues the archive
      const lastFile = path.join(dir, second.file);
      fs.rmSync(lastFile);
      fs.rmSync(lastFile.replace(/\.jsonl\.gz$/, '.seal.json'));
      expect((await verifyAuditLog(h.db, opts())).problems).toEqual(['table: entry 5: entry 5 is missing']);
      // a segment file without its seal is reported too
      fs.rmSync(sealFile);
      expect((await verifyAuditLog(h.db, opts())).problems[0]).toBe(`archive: segment file ${first.file} has no seal`);
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabaseKinds())('a keyed audit chain (AUDIT_CHAIN_KEY) on %s', (kind) => {
  const KEY = 'k'.repeat(16) + '-audit-chain-key-for-tests';
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 60, seed: SEED, env: { AUDIT_CHAIN_KEY: KEY } });
  });
  afterAll(() => h?.close());

  it('cannot be rewritten and re-hashed by someone without the key', async () => {
    for (let i = 0; i < 3; i++) await h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[i].id }, { role: 'analyst', subject: `reader-${i}` });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, entries: 3 });
    // the attacker deletes entry 2, renumbers the rest and re-hashes them with plain SHA-256
    const rows: any[] = await h.db.query('SELECT * FROM audit_log ORDER BY seq');
    await h.db.query('DELETE FROM audit_log WHERE seq >= 2');
    let prevHash = rows[0].hash;
    for (const [i, r] of rows.slice(2).entries()) {
      const content = { ...r, seq: 2 + i, prevHash };
      delete content.hash;
      const hash = hashEntry(content);
      await h.db.query(`INSERT INTO audit_log ("seq", "at", "subject", "role", "scope", "operation", "requestId", "kind", "personIds", "detail", "prevHash", "hash") VALUES (${kind === 'postgres' ? '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12' : '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?'})`, [content.seq, r.at, r.subject, r.role, r.scope, r.operation, r.requestId, r.kind, r.personIds, r.detail, prevHash, hash]);
      prevHash = hash;
    }
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringMatching(/edited/) } });
    // and with another key nothing verifies
    expect(await verifyAuditChain(h.db, 5000, 'another-key-of-at-least-32-characters')).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
  });
});
