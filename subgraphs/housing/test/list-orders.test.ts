import { housing } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The housing lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'housing-list-orders';
const SIZE = 6000;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('housing list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders rentSubsidies by MONTHLY_AMOUNT, START_MONTH as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'rentSubsidies', orderType: 'RentSubsidyOrder', table: 'rent_subsidy', as: AUDITOR, size: 3, pages: 3,
      checks: [{ field: 'MONTHLY_AMOUNT', column: 'monthlyAmount', kind: 'integer' }, { field: 'START_MONTH', column: 'startMonth', kind: 'month' }],
    });
    expect(rows).toBeGreaterThanOrEqual(9);
    await checkPagingRules(h, { list: 'rentSubsidies', orderType: 'RentSubsidyOrder', field: 'MONTHLY_AMOUNT', as: AUDITOR });
  });

  it('refuses analysts an order of rentSubsidies by MONTHLY_AMOUNT, START_MONTH (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['MONTHLY_AMOUNT', 'START_MONTH'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: RentSubsidyOrder) { rentSubsidies(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.rentSubsidies ?? null).toBeNull();
      }
  });

  it('orders publicRentalAllocations by MONTHLY_RENT, LEASE_START as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'publicRentalAllocations', orderType: 'PublicRentalAllocationOrder', table: 'public_rental_allocation', as: AUDITOR, size: 3, pages: 3,
      checks: [{ field: 'MONTHLY_RENT', column: 'monthlyRent', kind: 'integer' }, { field: 'LEASE_START', column: 'leaseStart', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(9);
    await checkPagingRules(h, { list: 'publicRentalAllocations', orderType: 'PublicRentalAllocationOrder', field: 'MONTHLY_RENT', as: AUDITOR });
  });

  it('refuses analysts an order of publicRentalAllocations by MONTHLY_RENT (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['MONTHLY_RENT'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: PublicRentalAllocationOrder) { publicRentalAllocations(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.publicRentalAllocations ?? null).toBeNull();
      }
  });

  it('orders dilapidatedHouseRenovations by SUBSIDY, ASSESSED_ON as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'dilapidatedHouseRenovations', orderType: 'DilapidatedHouseRenovationOrder', table: 'dilapidated_house_renovation', as: AUDITOR, size: 3, pages: 3,
      checks: [{ field: 'SUBSIDY', column: 'subsidy', kind: 'integer' }, { field: 'ASSESSED_ON', column: 'assessedOn', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(9);
    await checkPagingRules(h, { list: 'dilapidatedHouseRenovations', orderType: 'DilapidatedHouseRenovationOrder', field: 'SUBSIDY', as: AUDITOR });
  });

  it('refuses analysts an order of dilapidatedHouseRenovations by SUBSIDY (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['SUBSIDY'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: DilapidatedHouseRenovationOrder) { dilapidatedHouseRenovations(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.dilapidatedHouseRenovations ?? null).toBeNull();
      }
  });

});

describe('housing list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
