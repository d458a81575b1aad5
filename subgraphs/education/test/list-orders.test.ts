import { education } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The education lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id) forward and backward, the
 * same sequence on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'educationAids', orderType: 'EducationAidOrder', table: 'education_aid', analystForbidden: ['AMOUNT', 'APPROVED_ON'],
    checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'APPROVED_ON', column: 'approvedOn', kind: 'date' }] },
];

describeListOrders('education', (kind) => startSubgraphHarness(education, kind, { seedSize: 600, seed: 'education-list-orders' }), testDatabaseKinds(), LISTS);
