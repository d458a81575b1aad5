import { charity } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The charity lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'charity-list-orders';
const SIZE = 600;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('charity list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders charityGrants by AMOUNT, GRANTED_ON as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'charityGrants', orderType: 'CharityGrantOrder', table: 'charity_grant', as: AUDITOR, size: 10, pages: 3,
      checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'GRANTED_ON', column: 'grantedOn', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(30);
    await checkPagingRules(h, { list: 'charityGrants', orderType: 'CharityGrantOrder', field: 'AMOUNT', as: AUDITOR });
  });

  it('refuses analysts an order of charityGrants by AMOUNT, GRANTED_ON (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['AMOUNT', 'GRANTED_ON'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: CharityGrantOrder) { charityGrants(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.charityGrants ?? null).toBeNull();
      }
  });

  it('orders charityDonations by AMOUNT, RECEIVED_ON as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'charityDonations', orderType: 'CharityDonationOrder', table: 'charity_donation', as: AUDITOR, size: 10, pages: 3,
      checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'RECEIVED_ON', column: 'receivedOn', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(30);
    await checkPagingRules(h, { list: 'charityDonations', orderType: 'CharityDonationOrder', field: 'AMOUNT', as: AUDITOR });
  });

  it('orders charityProjects by NAME, BUDGET, START_DATE as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'charityProjects', orderType: 'CharityProjectOrder', table: 'charity_project', as: AUDITOR, size: 2, pages: 2,
      checks: [{ field: 'NAME', column: 'name', kind: 'string' }, { field: 'BUDGET', column: 'budget', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(4);
    await checkPagingRules(h, { list: 'charityProjects', orderType: 'CharityProjectOrder', field: 'NAME', as: AUDITOR });
  });

});

describe('charity list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
