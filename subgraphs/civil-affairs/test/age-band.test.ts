import { civilAffairs } from '../src/subgraph';
import { ageBandAt, ageBandReferenceDate } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * Age bands leak birthdays over time when they follow the real date: a row whose band moves on a day tells the birthday
 * to whoever reads it daily. Every band (Person.ageBand, personStatistics' AGE_BAND) is computed as of 1 January of the
 * clock's year, so a person born in June moves band on 1 January of the next year, not on the birthday.
 */
const SEED = 'civil-affairs-age-band';
const SIZE = 400;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const AUDITOR = { role: 'auditor' as const };
const STAFF = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };
const ANALYST = { role: 'analyst' as const };

describe.each(testDatabaseKinds())('age bands as of 1 January on %s', (kind) => {
  let h: SubgraphHarness;
  const saved = process.env.AIDGRAPH_TODAY;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AIDGRAPH_TODAY;
    else process.env.AIDGRAPH_TODAY = saved;
    await h?.close();
  });
  const at = (day: string) => {
    process.env.AIDGRAPH_TODAY = day;
  };

  it('computes the reference date and the band of a birth date as of it', () => {
    expect(ageBandReferenceDate({ AIDGRAPH_TODAY: '2026-06-20' })).toBe('2026-01-01');
    expect(ageBandReferenceDate({ AIDGRAPH_TODAY: '2026-12-31' })).toBe('2026-01-01');
    expect(ageBandReferenceDate({ AIDGRAPH_TODAY: '2027-01-01' })).toBe('2027-01-01');
    // born 2008-06-15: 18 on 2026-06-15, but 17 on 2026-01-01 and 18 on 2027-01-01
    expect(['2026-01-01', '2027-01-01'].map((r) => ageBandAt('2008-06-15', r))).toEqual(['AGE_0_17', 'AGE_18_39']);
    expect(ageBandAt('2008-01-01', '2026-01-01')).toBe('AGE_18_39'); // a 1 January birthday counts on its day
    expect(ageBandAt('2026-03-01', '2026-01-01')).toBe('AGE_0_17'); // born after the reference date
  });

  it('moves a June birthday\'s band on 1 January of the next year, in the row and in the statistics, not on the birthday', async () => {
    // a person who turns 18 (or 40, 60) in June: the band changes that year
    const p = persons.find((x) => x.birthDate.slice(5, 7) === '06' && x.birthDate.slice(8) >= '10' && x.birthDate.slice(8) <= '20' && x.status === 'ACTIVE')!;
    expect(p).toBeDefined();
    const birthYear = Number(p.birthDate.slice(0, 4));
    const age = 2026 - birthYear;
    const boundary = [18, 40, 60].find((b) => b >= age) ?? 60;
    const year = birthYear + boundary; // the year of the birthday that crosses a band boundary
    const before = `${year}-06-01`;
    const birthday = p.birthDate.replace(/^\d{4}/, String(year));
    const after = `${year}-06-30`;
    const newYear = `${year + 1}-01-01`;
    const band = async (day: string, as: object) => {
      at(day);
      const r = await h.request(`query($id: ID!) { person(id: $id) { ageBand } }`, { id: p.id }, as as never);
      expect(r.errors).toBeUndefined();
      return r.data.person.ageBand as string;
    };
    const first = { 18: 'AGE_0_17', 40: 'AGE_18_39', 60: 'AGE_40_59' }[boundary]!;
    const second = { 18: 'AGE_18_39', 40: 'AGE_40_59', 60: 'AGE_60_PLUS' }[boundary]!;
    for (const as of [AUDITOR, ANALYST]) {
      expect({ as: (as as any).role, bands: [await band(before, as), await band(birthday, as), await band(after, as), await band(`${year}-12-31`, as), await band(newYear, as)] })
        .toEqual({ as: (as as any).role, bands: [first, first, first, first, second] });
    }
    // personStatistics' AGE_BAND: the auditor's exact counts are the same before and after the birthday, and move on 1 January
    const counts = async (day: string) => {
      at(day);
      const r = await h.request(`{ personStatistics(groupBy: [AGE_BAND]) { cells { ageBand count } } }`, undefined, AUDITOR);
      expect(r.errors).toBeUndefined();
      return Object.fromEntries(r.data.personStatistics.cells.map((c: any) => [c.ageBand, c.count]));
    };
    const c0 = await counts(before);
    expect(await counts(birthday)).toEqual(c0);
    expect(await counts(after)).toEqual(c0);
    const c1 = await counts(newYear);
    // they are the counts of the rows' bands as of the reference date: this year's 1 January, then next year's
    const expected = (reference: string) => {
      const out: Record<string, number> = {};
      for (const x of persons) out[ageBandAt(x.birthDate, reference)] = (out[ageBandAt(x.birthDate, reference)] ?? 0) + 1;
      return out;
    };
    expect(c0).toEqual(expected(`${year}-01-01`));
    expect(c1).toEqual(expected(newYear));
    expect(c1).not.toEqual(c0);
  });
});
