import { disability } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The disability lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'disability-list-orders';
const SIZE = 4000;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('disability list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(disability, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders disabilityCertificates by ISSUED_ON, EXPIRES_ON as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'disabilityCertificates', orderType: 'DisabilityCertificateOrder', table: 'disability_certificate', as: AUDITOR, size: 10, pages: 3,
      checks: [{ field: 'ISSUED_ON', column: 'issuedOn', kind: 'date' }, { field: 'EXPIRES_ON', column: 'expiresOn', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(30);
    await checkPagingRules(h, { list: 'disabilityCertificates', orderType: 'DisabilityCertificateOrder', field: 'ISSUED_ON', as: AUDITOR });
  });

  it('refuses analysts an order of disabilityCertificates by ISSUED_ON (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['ISSUED_ON'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: DisabilityCertificateOrder) { disabilityCertificates(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.disabilityCertificates ?? null).toBeNull();
      }
  });

  it('orders disabilitySubsidies by MONTHLY_AMOUNT, START_DATE as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'disabilitySubsidies', orderType: 'DisabilitySubsidyOrder', table: 'disability_subsidy', as: AUDITOR, size: 5, pages: 3,
      checks: [{ field: 'MONTHLY_AMOUNT', column: 'monthlyAmount', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(15);
    await checkPagingRules(h, { list: 'disabilitySubsidies', orderType: 'DisabilitySubsidyOrder', field: 'MONTHLY_AMOUNT', as: AUDITOR });
  });

  it('refuses analysts an order of disabilitySubsidies by START_DATE (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['START_DATE'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: DisabilitySubsidyOrder) { disabilitySubsidies(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.disabilitySubsidies ?? null).toBeNull();
      }
  });

  it('orders rehabilitationServices by AMOUNT, START_DATE as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'rehabilitationServices', orderType: 'RehabilitationServiceOrder', table: 'rehabilitation_service', as: AUDITOR, size: 5, pages: 3,
      checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(15);
    await checkPagingRules(h, { list: 'rehabilitationServices', orderType: 'RehabilitationServiceOrder', field: 'AMOUNT', as: AUDITOR });
  });

  it('refuses analysts an order of rehabilitationServices by START_DATE (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['START_DATE'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: RehabilitationServiceOrder) { rehabilitationServices(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.rehabilitationServices ?? null).toBeNull();
      }
  });

});

describe('disability list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
