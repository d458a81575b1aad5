import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** The working-day calendar's coverage is reported by /ready (review of issue 8): a year missing ahead is not silent. */
describe.each(testDatabaseKinds())('service-centre /ready and the working-day calendar on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind);
  });
  afterAll(() => {
    setToday(null);
    return h?.close();
  });
  const ready = async () => {
    const res = await fetch(h.url.replace(/\/graphql$/, '/ready'));
    return { status: res.status, body: (await res.json()) as { status: string; subgraph: string; warnings?: string[] } };
  };

  it('lists a warning naming the missing year when the calendar ends before today + 90 days, and none otherwise (still 200)', async () => {
    setToday('2026-06-01');
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', subgraph: 'service-centre' } });
    setToday('2026-12-02');
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.stringContaining('the working-day calendar does not cover 2027')]);
  });
});
