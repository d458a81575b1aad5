import { disasterRelief } from '../src/subgraph';
import { describeListOrders, startSubgraphHarness, testDatabaseKinds, type ListOrderSpec } from '@aidgraph/subgraph-kit/testing';

/**
 * The disaster-relief lists' orders (orderBy), on every test database: each key gives the order computed in JavaScript
 * from the seeded rows forward and backward, the same sequence on SQLite and PostgreSQL; the grant and assessment lists
 * answer analysts only a bare count (quasi.programme), so their keys are FORBIDDEN to them, while every key of the
 * public event list is theirs too (kit: testing/list-orders.ts).
 */
const LISTS: ListOrderSpec[] = [
  { list: 'disasterReliefs', orderType: 'DisasterReliefOrder', table: 'disaster_relief', analystForbidden: ['AMOUNT', 'GRANTED_ON'], size: 5, pages: 3,
    checks: [{ field: 'AMOUNT', column: 'amount', kind: 'integer' }, { field: 'GRANTED_ON', column: 'grantedOn', kind: 'date' }] },
  { list: 'disasterAssessments', orderType: 'DisasterAssessmentOrder', table: 'disaster_assessment', analystForbidden: ['ASSESSED_ON', 'PEOPLE_AFFECTED'], size: 5, pages: 3,
    checks: [{ field: 'ASSESSED_ON', column: 'assessedOn', kind: 'date' }, { field: 'PEOPLE_AFFECTED', column: 'peopleAffected', kind: 'integer' }] },
  { list: 'disasterEvents', orderType: 'DisasterEventOrder', table: 'disaster_event', analystForbidden: [], size: 1, pages: 3,
    checks: [{ field: 'START_DATE', column: 'startDate', kind: 'date' }, { field: 'NAME', column: 'name', kind: 'string' }] },
];

describeListOrders('disaster-relief', (kind) => startSubgraphHarness(disasterRelief, kind, { seedSize: 2400, seed: 'disaster-relief-list-orders' }), testDatabaseKinds(), LISTS, (harness) => {
  it('lets analysts order the public events by every key', async () => {
    for (const field of ['START_DATE', 'NAME']) {
      const r = await harness().request(`query($o: DisasterEventOrder) { disasterEvents(orderBy: $o) { edges { node { name } } } }`, { o: { field, direction: 'DESC' } }, { role: 'analyst' });
      expect(r.errors).toBeUndefined();
      expect(r.data.disasterEvents.edges).toHaveLength(3);
    }
  });
});
