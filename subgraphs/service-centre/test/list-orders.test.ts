import { serviceCentre } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The service-centre lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows forward and backward, the same sequence on SQLite and PostgreSQL; analysts may not use the list at all
 * (department.record), so every key is FORBIDDEN to them (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'applications', orderType: 'AssistanceApplicationOrder', table: 'assistance_application', analystForbidden: ['STEP_ENTERED_ON', 'SUBMITTED_ON'], size: 5, pages: 3,
    checks: [{ field: 'STEP_ENTERED_ON', column: 'stepEnteredOn', kind: 'date' }, { field: 'SUBMITTED_ON', column: 'submittedOn', kind: 'date' }] },
];

describeListOrders('service-centre', (kind) => startSubgraphHarness(serviceCentre, kind, { seedSize: 2400, seed: 'service-centre-list-orders' }), testDatabaseKinds(), LISTS);
