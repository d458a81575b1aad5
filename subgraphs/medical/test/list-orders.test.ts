import { medical } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The medical lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript from the
 * seeded rows (strings by Unicode code point, dates as ISO, amounts as numbers, ties by id) forward and backward, the
 * same sequence on SQLite and PostgreSQL, and keys an analyst may not see are FORBIDDEN (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'medicalClaims', orderType: 'MedicalClaimOrder', table: 'medical_claim', analystForbidden: ['DISCHARGE_DATE', 'ADMISSION_DATE'],
    checks: [{ field: 'TOTAL_COST', column: 'totalCost', kind: 'integer' }, { field: 'DISCHARGE_DATE', column: 'dischargeDate', kind: 'date' }, { field: 'ADMISSION_DATE', column: 'admissionDate', kind: 'date' }] },
];

describeListOrders('medical', (kind) => startSubgraphHarness(medical, kind, { seedSize: 4000, seed: 'medical-list-orders' }), testDatabaseKinds(), LISTS);
