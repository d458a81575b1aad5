import { education } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The education lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'education-list-orders';
const SIZE = 600;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('education list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders educationAids by AMOUNT, APPROVED_ON as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'educationAids', orderType: 'EducationAidOrder', table: 'education_aid', as: AUDITOR, size: 10, pages: 3,
      checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'APPROVED_ON', column: 'approvedOn', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(30);
    await checkPagingRules(h, { list: 'educationAids', orderType: 'EducationAidOrder', field: 'AMOUNT', as: AUDITOR });
  });

  it('refuses analysts an order of educationAids by AMOUNT, APPROVED_ON (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['AMOUNT', 'APPROVED_ON'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: EducationAidOrder) { educationAids(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.educationAids ?? null).toBeNull();
      }
  });

});

describe('education list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
