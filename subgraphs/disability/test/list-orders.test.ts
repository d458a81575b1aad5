import { disability } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The disability lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id) forward and backward, the
 * same sequence on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'disabilityCertificates', orderType: 'DisabilityCertificateOrder', table: 'disability_certificate', analystForbidden: ['ISSUED_ON'],
    checks: [{ field: 'ISSUED_ON', column: 'issuedOn', kind: 'date' }, { field: 'EXPIRES_ON', column: 'expiresOn', kind: 'date' }] },
  { list: 'disabilitySubsidies', orderType: 'DisabilitySubsidyOrder', table: 'disability_subsidy', analystForbidden: ['START_DATE'], size: 5,
    checks: [{ field: 'MONTHLY_AMOUNT', column: 'monthlyAmount', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }] },
  { list: 'rehabilitationServices', orderType: 'RehabilitationServiceOrder', table: 'rehabilitation_service', analystForbidden: ['START_DATE'], size: 5,
    checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'START_DATE', column: 'startDate', kind: 'date' }] },
];

describeListOrders('disability', (kind) => startSubgraphHarness(disability, kind, { seedSize: 4000, seed: 'disability-list-orders' }), testDatabaseKinds(), LISTS);
