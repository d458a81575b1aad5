import { housing } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The housing lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id) forward and backward, the
 * same sequence on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'rentSubsidies', orderType: 'RentSubsidyOrder', table: 'rent_subsidy', analystForbidden: ['MONTHLY_AMOUNT', 'START_MONTH'], size: 3,
    checks: [{ field: 'MONTHLY_AMOUNT', column: 'monthlyAmount', kind: 'integer' }, { field: 'START_MONTH', column: 'startMonth', kind: 'month' }] },
  { list: 'publicRentalAllocations', orderType: 'PublicRentalAllocationOrder', table: 'public_rental_allocation', analystForbidden: ['MONTHLY_RENT'], size: 3,
    checks: [{ field: 'MONTHLY_RENT', column: 'monthlyRent', kind: 'integer' }, { field: 'LEASE_START', column: 'leaseStart', kind: 'date' }] },
  { list: 'dilapidatedHouseRenovations', orderType: 'DilapidatedHouseRenovationOrder', table: 'dilapidated_house_renovation', analystForbidden: ['SUBSIDY'], size: 3,
    checks: [{ field: 'SUBSIDY', column: 'subsidy', kind: 'integer' }, { field: 'ASSESSED_ON', column: 'assessedOn', kind: 'date' }] },
];

describeListOrders('housing', (kind) => startSubgraphHarness(housing, kind, { seedSize: 6000, seed: 'housing-list-orders' }), testDatabaseKinds(), LISTS);
