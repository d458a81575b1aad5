import { legalAid } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The legal-aid list's orders (orderBy), on every test database: APPLIED_ON gives the order computed in JavaScript from
 * the seeded rows forward and backward, the same sequence on SQLite and PostgreSQL; analysts may only count the list
 * (legal.aid), so every key but ID is FORBIDDEN to them (kit: testing/list-orders.ts). SUBSIDY, a nullable key (NULLs
 * last both ways), is checked in legal-aid.test.ts.
 */
const LISTS: ListOrderSpec[] = [
  { list: 'legalAidCases', orderType: 'LegalAidCaseOrder', table: 'legal_aid_case', analystForbidden: ['APPLIED_ON', 'SUBSIDY'], size: 5, pages: 3,
    checks: [{ field: 'APPLIED_ON', column: 'appliedOn', kind: 'date' }] },
];

describeListOrders('legal-aid', (kind) => startSubgraphHarness(legalAid, kind, { seedSize: 2400, seed: 'legal-aid-list-orders' }), testDatabaseKinds(), LISTS);
