import { civilAffairs } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The civil-affairs lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript
 * from the seeded rows (strings by Unicode code point, dates as ISO, ties by id) forward and backward, the same sequence
 * on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const AUDITOR = { role: 'auditor' as const };
const LISTS: ListOrderSpec[] = [
  { list: 'people', orderType: 'PersonOrder', table: 'person', analystForbidden: ['NAME', 'BIRTH_DATE'], size: 50,
    checks: [{ field: 'NAME', column: 'name', kind: 'string' }, { field: 'BIRTH_DATE', column: 'birthDate', kind: 'date' }] },
];

describeListOrders('civil-affairs', (kind) => startSubgraphHarness(civilAffairs, kind, { seedSize: 400, seed: 'civil-affairs-list-orders' }), testDatabaseKinds(), LISTS, (harness) => {
  it('sorts Chinese names, some of them repeated (code point order, ties by id)', async () => {
    const names: string[] = (await harness().db.query('SELECT name FROM person')).map((r: { name: string }) => r.name);
    expect(names.every((n) => /^[\u4e00-\u9fff\u3400-\u4dbf·]+$/u.test(n))).toBe(true);
    expect(new Set(names).size).toBeLessThan(names.length);
  });

  it('orders the audit log by seq, newest first with DESC, and pages it back', async () => {
    const h = harness();
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
});
