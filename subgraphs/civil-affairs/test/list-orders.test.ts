import { civilAffairs } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The civilAffairs lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'civilAffairs-list-orders';
const SIZE = 400;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('civilAffairs list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders people by NAME, BIRTH_DATE as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'people', orderType: 'PersonOrder', table: 'person', as: AUDITOR, size: 50, pages: 3,
      checks: [{ field: 'NAME', column: 'name', kind: 'string' }, { field: 'BIRTH_DATE', column: 'birthDate', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(150);
    // the names are Chinese (code point order differs from pinyin) and some repeat (ties broken by id)
    const names: string[] = (await h.db.query('SELECT name FROM person')).map((r: { name: string }) => r.name);
    expect(names.every((n) => /^[\u4e00-\u9fff\u3400-\u4dbf·]+$/u.test(n))).toBe(true);
    expect(new Set(names).size).toBeLessThan(names.length);
    await checkPagingRules(h, { list: 'people', orderType: 'PersonOrder', field: 'NAME', as: AUDITOR });
  });

  it('orders the audit log by seq, newest first with DESC, and pages it back', async () => {
    for (let i = 0; i < 3; i++) await h.request('{ people(first: 3) { edges { node { name } } } }', {}, AUDITOR);
    const q = `query($o: AuditLogOrder, $first: Int, $last: Int, $before: String) {
      civilAffairsAuditLog(orderBy: $o, first: $first, last: $last, before: $before) { edges { node { seq } } pageInfo { startCursor hasPreviousPage } } }`;
    const all = (await h.request(q, { first: 500 }, AUDITOR)).data.civilAffairsAuditLog.edges.map((e: any) => e.node.seq);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all).toEqual([...all].sort((a: number, b: number) => a - b));
    const desc = await h.request(q, { o: { field: 'ID', direction: 'DESC' }, first: 2 }, AUDITOR);
    expect(desc.data.civilAffairsAuditLog.edges.map((e: any) => e.node.seq)).toEqual([...all].reverse().slice(0, 2));
    const lastTwo = await h.request(q, { last: 2 }, AUDITOR);
    expect(lastTwo.data.civilAffairsAuditLog.edges.map((e: any) => e.node.seq)).toEqual(all.slice(-2));
    const before = await h.request(q, { last: 1, before: lastTwo.data.civilAffairsAuditLog.pageInfo.startCursor }, AUDITOR);
    expect(before.data.civilAffairsAuditLog.edges.map((e: any) => e.node.seq)).toEqual(all.slice(-3, -2));
  });

  it('refuses analysts an order of people by NAME, BIRTH_DATE (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['NAME', 'BIRTH_DATE'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: PersonOrder) { people(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.people ?? null).toBeNull();
      }
  });

});

describe('civilAffairs list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
