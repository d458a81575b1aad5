import { education } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * A department's records for the township approver and the village assistant (issue 8, roles): an approver reads them
 * as a caseworker of its township; a village assistant gets none — education aid records carry a township and no
 * village (scopeWhere(identity, { villageCode: false }): an empty list; inScope without a village: out of scope) — and
 * writes none.
 */
const SEED = 'education-village-roles';
const SIZE = 600;

describe.each(testDatabaseKinds())('education aid for the township approver and the village assistant on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: { id: string; personId: string; townshipCode: string }[];
  let township: string;
  beforeAll(async () => {
    h = await startSubgraphHarness(education, kind, { seedSize: SIZE, seed: SEED });
    rows = await h.db.query('SELECT id, "personId", "townshipCode" FROM education_aid ORDER BY id');
    township = rows[0].townshipCode;
  });
  afterAll(() => h?.close());

  const LIST = `query { educationAids(first: 500) { totalCount edges { node { id } } } }`;
  const assistant = () => ({ role: 'village_assistant' as const, township, village: `${township}001` });

  it('lists a township approver what a caseworker of its township gets, and a village assistant nothing', async () => {
    const approver = await h.request(LIST, undefined, { role: 'township_approver', township });
    expect(approver.errors).toBeUndefined();
    expect(approver.data.educationAids.totalCount).toBe(rows.filter((r) => r.townshipCode === township).length);
    expect(approver).toEqual(await h.request(LIST, undefined, { role: 'caseworker', township }));
    const none = await h.request(LIST, undefined, assistant());
    expect(none.errors).toBeUndefined();
    expect(none.data).toEqual({ educationAids: { totalCount: 0, edges: [] } });
  });

  it('gives a village assistant no education aid on a person of its township', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id educationAids { id } } } }`;
    const r = { r: [{ __typename: 'Person', id: rows[0].personId }] };
    const asCaseworker = await h.request(q, r, { role: 'caseworker', township });
    expect(asCaseworker.data._entities[0].educationAids.length).toBeGreaterThan(0);
    const asAssistant = await h.request(q, r, assistant());
    expect(asAssistant.errors).toBeUndefined();
    expect(asAssistant.data._entities[0].educationAids).toEqual([]);
  });
});
