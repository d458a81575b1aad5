import { attackStatistics, startSubgraphHarness, testDatabaseKinds, type BruteRow, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { disasterRelief } from '../src/subgraph';

/**
 * The hostile review's solver recovered groups of 1-4 people from disasterReliefStatistics by combining the answers of
 * every subset of the dimensions. On the demo population (seed jiaozhou-2020-106, 2,400 people), an attacker asking
 * every subset in every order and solving singleton rows over all of them must now recover none.
 */
const STAFF = { role: 'department_officer' as const, department: 'EMERGENCY_MANAGEMENT' };
const ANALYST = { role: 'analyst' as const };
const isoDate = (v: any): string => (typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10));

describe.each(testDatabaseKinds())('disaster-relief statistics against the margin attack on %s', (kind) => {
  let h: SubgraphHarness;
  let rows: BruteRow[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disasterRelief, kind, { seedSize: 2400, seed: 'jiaozhou-2020-106' });
    rows = (await h.db.query('SELECT "personId", "townshipCode", "reliefType", "status", "grantedOn", "amount" FROM disaster_relief')).map((r: any) => ({
      values: { township: r.townshipCode, reliefType: r.reliefType, status: r.status, grantedYear: Number(isoDate(r.grantedOn).slice(0, 4)) },
      person: r.personId,
      amountFen: Number(r.amount),
    }));
  });
  afterAll(() => h?.close());

  it('recovers no group under 5 by township, relief type and status, nor by relief type, status and year', async () => {
    const small = new Map<string, Set<string>>();
    for (const r of rows) {
      const k = `${r.values.township}/${r.values.reliefType}/${r.values.status}`;
      small.set(k, (small.get(k) ?? new Set()).add(r.person!));
    }
    // there are groups to protect
    expect([...small.values()].filter((p) => p.size < 5).length).toBeGreaterThan(0);
    for (const [dimensions, fields] of [
      [['TOWNSHIP', 'RELIEF_TYPE', 'STATUS'], ['township', 'reliefType', 'status']],
      [['RELIEF_TYPE', 'STATUS', 'GRANTED_YEAR'], ['reliefType', 'status', 'grantedYear']],
    ]) {
      const r = await attackStatistics(h, rows, { query: 'disasterReliefStatistics', dimensions, fields, amount: true, as: ANALYST });
      expect({ dimensions, leaks: r.leaks }).toEqual({ dimensions, leaks: [] });
    }
  });

  it('does not let the months of a year, published apart, be subtracted from the year: a month table is audited as year × month', async () => {
    const years = await h.request('{ t: disasterReliefStatistics(groupBy: [GRANTED_YEAR]) { cells { grantedYear count people suppressed } } }', undefined, STAFF);
    const months = await h.request('{ t: disasterReliefStatistics(groupBy: [GRANTED_MONTH]) { cells { grantedMonth count people suppressed } } }', undefined, STAFF);
    expect([years.errors, months.errors]).toEqual([undefined, undefined]);
    // the people of each month, from the rows
    const peopleOf = new Map<string, Set<string>>();
    for (const r of await h.db.query('SELECT "personId", "grantedOn" FROM disaster_relief')) {
      const m = isoDate(r.grantedOn).slice(0, 7);
      peopleOf.set(m, (peopleOf.get(m) ?? new Set()).add(r.personId));
    }
    // there are small months to protect
    expect([...peopleOf.values()].some((p) => p.size < 5)).toBe(true);
    let checked = 0;
    for (const y of years.data.t.cells.filter((c: any) => !c.suppressed)) {
      const hidden = months.data.t.cells.filter((c: any) => c.grantedMonth.startsWith(`${y.grantedYear}-`) && c.suppressed);
      if (hidden.length === 0) continue;
      checked++;
      // never one hidden month alone under a published year (it would be the year minus the others), and the hidden
      // months together hold at least k people
      const people = new Set(hidden.flatMap((c: any) => [...(peopleOf.get(c.grantedMonth) ?? [])]));
      expect({ year: y.grantedYear, hidden: hidden.length > 1, people: people.size >= 5 }).toEqual({ year: y.grantedYear, hidden: true, people: true });
    }
    expect(checked).toBeGreaterThan(0);
  });
});
