import { charity } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The charity lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id) forward and backward, the
 * same sequence on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'charityGrants', orderType: 'CharityGrantOrder', table: 'charity_grant', analystForbidden: ['AMOUNT', 'GRANTED_ON'],
    checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'GRANTED_ON', column: 'grantedOn', kind: 'date' }] },
  { list: 'charityDonations', orderType: 'CharityDonationOrder', table: 'charity_donation', analystForbidden: [],
    checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'RECEIVED_ON', column: 'receivedOn', kind: 'date' }] },
  { list: 'charityProjects', orderType: 'CharityProjectOrder', table: 'charity_project', analystForbidden: [], size: 2, pages: 2,
    checks: [{ field: 'NAME', column: 'name', kind: 'string' }, { field: 'BUDGET', column: 'budget', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }] },
];

describeListOrders('charity', (kind) => startSubgraphHarness(charity, kind, { seedSize: 600, seed: 'charity-list-orders' }), testDatabaseKinds(), LISTS);
