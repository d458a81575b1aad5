import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { civilAffairs } from '../src/subgraph';
import { generatePopulation, hashEntry, verifyAuditChain } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'audit-test';
const persons = generatePopulation({ seed: SEED, size: 120 }).households.flatMap((h) => h.members);

describe.each(testDatabaseKinds())('the audit log of civil affairs on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: 120, seed: SEED });
  });
  afterAll(() => h?.close());
  const log = async () => (await h.request(`{ civilAffairsAuditLog(first: 500) { totalCount edges { node { seq subject role scope operation kind personIds detail } } } }`)).data.civilAffairsAuditLog;

  it('records who read which persons\' protected fields, and writes with what changed', async () => {
    const [a, b] = persons;
    await h.request(`query LookUp($ids: [_Any!]!) { _entities(representations: $ids) { ... on Person { id name gender } } }`, { ids: [{ __typename: 'Person', id: a.id }, { __typename: 'Person', id: b.id }] }, { role: 'analyst', subject: 'ana' });
    await h.request(`query NoPersonal { townships { code } }`, undefined, { role: 'analyst', subject: 'ana' });
    const target = persons.find((p) => p.status === 'ACTIVE' && p.enrolments.length === 0)!;
    await h.request(
      `mutation Enrol($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`,
      { i: { personId: target.id, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '800' } },
      { role: 'caseworker', township: target.townshipCode, subject: 'window-1' },
    );
    const entries = (await log()).edges.map((e: any) => e.node);
    const reads = entries.filter((e: any) => e.subject === 'ana');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ role: 'analyst', kind: 'read', operation: 'LookUp' });
    expect([...reads[0].personIds].sort()).toEqual([a.id, b.id].sort());
    expect(JSON.parse(reads[0].detail).map((r: any) => r.fields)).toEqual([['name'], ['name']]);
    const writes = entries.filter((e: any) => e.subject === 'window-1');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ role: 'caseworker', scope: target.townshipCode, kind: 'write', personIds: [target.id], operation: 'Enrol' });
    expect(JSON.parse(writes[0].detail).changes).toEqual({ programme: [null, 'TEMPORARY'], amount: [null, '800.00'], startDate: [null, '2026-03-01'] });
  });

  it('lets only auditors read the log', async () => {
    const r = await h.request(`{ civilAffairsAuditLog(first: 1) { totalCount } }`, undefined, { role: 'analyst' });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('detects an edited entry and a deleted one', async () => {
    for (let i = 0; i < 3; i++) await h.request(`query($id: ID!) { person(id: $id) { name } }`, { id: persons[10 + i].id }, { role: 'analyst', subject: `reader-${i}` });
    const before = await verifyAuditChain(h.db);
    expect(before.ok).toBe(true);
    expect(execFileSync(process.execPath, [path.resolve(__dirname, '../../kit/dist/cli/audit-verify.js'), '--database-url', h.server.config.DATABASE_URL], { encoding: 'utf8' })).toMatch(/audit chain OK: \d+ entries verified/);
    expect(before.entries).toBeGreaterThanOrEqual(5);
    await h.db.query(`UPDATE audit_log SET subject = 'someone-else' WHERE seq = 2`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringMatching(/edited/) } });
    // the command reports it too, with a non-zero exit code
    const cli = path.resolve(__dirname, '../../kit/dist/cli/audit-verify.js');
    const run = () => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [cli, '--database-url', h.server.config.DATABASE_URL], { encoding: 'utf8' }) };
      } catch (e: any) {
        return { code: e.status as number, out: String(e.stdout) };
      }
    };
    expect(run()).toEqual({ code: 1, out: expect.stringMatching(/BROKEN at entry 2: its content does not match its hash/) });
    await h.db.query(`DELETE FROM audit_log WHERE seq = 2`);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'entry 2 is missing' } });
    expect(run()).toEqual({ code: 1, out: expect.stringMatching(/BROKEN at entry 2: entry 2 is missing/) });
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
