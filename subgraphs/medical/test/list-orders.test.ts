import { medical } from '../src/subgraph';
import {
  SEEN_ORDERS, checkListOrders, checkPagingRules, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';

/**
 * The medical lists' orders (orderBy): each key gives, on each database, the order computed in JavaScript from the seeded
 * rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id), the same sequence on SQLite and
 * PostgreSQL, and backward paging gives back the forward pages; keys a role may not see are FORBIDDEN.
 */
const SEED = 'medical-list-orders';
const SIZE = 4000;
const AUDITOR = { role: 'auditor' as const };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('medical list orders on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(medical, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('orders medicalClaims by TOTAL_COST, DISCHARGE_DATE, ADMISSION_DATE as computed from the table, forward and backward', async () => {
    const rows = await checkListOrders(h, kind, {
      list: 'medicalClaims', orderType: 'MedicalClaimOrder', table: 'medical_claim', as: AUDITOR, size: 10, pages: 3,
      checks: [{ field: 'TOTAL_COST', column: 'totalCost', kind: 'integer' }, { field: 'DISCHARGE_DATE', column: 'dischargeDate', kind: 'date' }, { field: 'ADMISSION_DATE', column: 'admissionDate', kind: 'date' }],
    });
    expect(rows).toBeGreaterThanOrEqual(30);
    await checkPagingRules(h, { list: 'medicalClaims', orderType: 'MedicalClaimOrder', field: 'TOTAL_COST', as: AUDITOR });
  });

  it('refuses analysts an order of medicalClaims by DISCHARGE_DATE, ADMISSION_DATE (FORBIDDEN), rows or bare count', async () => {
    for (const field of ['DISCHARGE_DATE', 'ADMISSION_DATE'])
      for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
        const r = await h.request(`query($o: MedicalClaimOrder) { medicalClaims(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
        expect({ field, sel, code: r.errors?.[0].extensions?.code }).toEqual({ field, sel, code: 'FORBIDDEN' });
        expect(r.data?.medicalClaims ?? null).toBeNull();
      }
  });

});

describe('medical list orders across databases', () => {
  it('gives the same sequences on SQLite and PostgreSQL', () => {
    const { sqlite, postgres } = SEEN_ORDERS;
    if (!sqlite || !postgres) return; // only one database in TEST_DATABASES
    expect(Object.keys(sqlite).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });
});
