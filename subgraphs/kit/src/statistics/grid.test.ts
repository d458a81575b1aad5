import { registerEnumType } from 'type-graphql';
import { TOWNSHIPS } from '../domain/divisions';
import { answerTable, marginTables, statisticsDimension as dim, type MeasuredCell } from './statistics';
import { fillGrid, knownValues, statisticsGrid, withAskedPeriods } from './grid';

/**
 * The full grid (a declaration's fullGrid): every combination of the dimensions' known values is a cell, a combination
 * without records suppressed like a small cell, so that a suppressed cell does not tell that records exist there.
 */

enum Rule {
  A = 'A',
  B = 'B',
  C = 'C',
}
registerEnumType(Rule, { name: 'GridTestRule' });
enum Grade {
  ONE = 1,
  TWO = 2,
}

const analyst = { role: 'analyst' } as never;
const auditor = { role: 'auditor' } as never;
const T1 = TOWNSHIPS[0].code;
const T2 = TOWNSHIPS[1].code;
const cell = (key: MeasuredCell['key'], people: number): MeasuredCell => ({ key, count: people, people, amountFen: null, cellKey: 0n, maxFen: null });

describe('the full grid', () => {
  const saved = process.env.AIDGRAPH_TODAY;
  beforeAll(() => (process.env.AIDGRAPH_TODAY = '2026-03-15'));
  afterAll(() => (saved === undefined ? delete process.env.AIDGRAPH_TODAY : (process.env.AIDGRAPH_TODAY = saved)));

  it('knows the values of enumerations (numbers of a numeric one), booleans, text lists and townships; none of periods and villages', () => {
    expect(knownValues(dim.enumOf('rule', Rule, 'r'))).toEqual(['A', 'B', 'C']);
    expect(knownValues(dim.enumOf('grade', Grade, 'g'))).toEqual([1, 2]);
    expect(knownValues(dim.boolean('b', 'b'))).toEqual([false, true]);
    expect(knownValues(dim.text('t', ['X', 'Y'], 't'))).toEqual(['X', 'Y']);
    expect(knownValues(dim.township())).toEqual(TOWNSHIPS.map((t) => t.code));
    expect(knownValues(dim.month('on', 'm'))).toBeNull();
    expect(knownValues(dim.village())).toBeNull();
  });

  it('fills periods from the declared start to today, whatever the records hold, and keeps a month with its own year', () => {
    const dims = [dim.year('on', 'y'), dim.month('on', 'm')];
    const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
    // records, none, or one: the same periods
    for (const cells of [[cell([2025, '2025-11'], 3), cell([2026, '2026-02'], 9)], [], [cell([2026, '2026-03'], 1)]]) {
      const grid = statisticsGrid(dims, cells, { since: '2025-11' });
      expect(grid.values).toEqual([[2025, 2026], months]);
      expect(grid.allows([2025, '2025-12'], [0, 1])).toBe(true);
      expect(grid.allows([2026, '2025-12'], [0, 1])).toBe(false);
    }
    // a record before the start (a clock moved back) adds its periods
    expect(statisticsGrid(dims, [cell([2025, '2025-09'], 3)], { since: '2025-11' }).values).toEqual([[2025, 2026], ['2025-09', '2025-10', ...months]]);
    expect(() => statisticsGrid(dims, [], { since: '2025' })).toThrow(/YYYY-MM/);
  });

  it('answers no alerts and one alert with the same cells, all suppressed, by month for analysts', () => {
    const dims = [dim.enumOf('rule', Rule, 'r'), dim.township(), dim.year('on', 'y'), dim.month('on', 'm')];
    const answer = (base: MeasuredCell[], who: never) => {
      const tables = marginTables(base, 4);
      fillGrid(tables, dims, false, 20_000, { since: '2025-11' });
      return answerTable(who, 5, ['RULE', 'TOWNSHIP', 'YEAR', 'MONTH'], ['RULE', 'TOWNSHIP', 'YEAR', 'MONTH'], tables, new Map(), [true, true, true, true], false);
    };
    const none = answer([], analyst);
    const one = answer([cell(['A', T1, 2026, '2026-02'], 1)], analyst);
    // 3 rules x 14 townships x the 5 months from 2025-11 to today (2026-03)
    expect(none.cells).toHaveLength(3 * TOWNSHIPS.length * 5);
    expect(one.cells).toEqual(none.cells);
    expect(none.cells.every((c) => c.suppressed && c.count === null)).toBe(true);
    expect([...new Set(none.cells.map((c) => c.key[3]))]).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    // auditors: the one alert, and zeros
    const exact = answer([cell(['A', T1, 2026, '2026-02'], 1)], auditor);
    expect(exact.cells).toHaveLength(3 * TOWNSHIPS.length * 5);
    expect(exact.cells.filter((c) => c.count !== 0).map((c) => [c.key, c.count])).toEqual([[['A', T1, 2026, '2026-02'], 1]]);
  });

  it('refuses a grid larger than the computed-cells limit, records or not, counting a month with its own year only', () => {
    const dims = [dim.enumOf('rule', Rule, 'r'), dim.township(), dim.year('on', 'y'), dim.month('on', 'm')];
    // since 2025-11: 5 (year, month) pairs, not 2 x 5: 3 x 14 x 5 = 210 cells
    expect(() => fillGrid(marginTables([], 4), dims, false, 210, { since: '2025-11' })).not.toThrow();
    for (const base of [[], [cell(['A', T1, 2026, '2026-02'], 1)]])
      expect(() => fillGrid(marginTables(base, 4), dims, false, 209, { since: '2025-11' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'TOO_MANY_CELLS' }) }));
  });

  it('makes every rule x township a cell, zeros suppressed like small cells for analysts, 0 for auditors', () => {
    const dims = [dim.enumOf('rule', Rule, 'r'), dim.township()];
    // one cell of 2 people (below k) and one of 30: without the grid only these two would be cells
    const base = [cell(['A', T1], 2), cell(['B', T2], 30)];
    const answer = (who: never) => {
      const tables = marginTables(base, 2);
      fillGrid(tables, dims, false, 20_000, { since: '2026-03' });
      return answerTable(who, 5, ['RULE', 'TOWNSHIP'], ['RULE', 'TOWNSHIP'], tables, new Map(), [true, true], false);
    };
    const a = answer(analyst);
    expect(a.cells).toHaveLength(3 * TOWNSHIPS.length);
    const small = a.cells.find((c) => c.key[0] === 'A' && c.key[1] === T1)!;
    const zero = a.cells.find((c) => c.key[0] === 'C' && c.key[1] === T1)!;
    expect(small).toEqual({ key: ['A', T1], count: null, people: null, amount: null, suppressed: true });
    expect({ ...zero, key: small.key }).toEqual(small);
    // the rule A row (its zeros and the small cell) cannot be completed from the rule's total: the total is hidden too
    const exact = answer(auditor);
    expect(exact.cells).toHaveLength(3 * TOWNSHIPS.length);
    expect(exact.cells.filter((c) => c.count !== 0).map((c) => [c.key, c.count])).toEqual([[['A', T1], 2], [['B', T2], 30]]);
  });

  it('answers the periods a filter asks for beyond the records as cells like the others', () => {
    const dims = [dim.enumOf('rule', Rule, 'r'), dim.month('on', 'm')];
    const tables = marginTables([cell(['A', '2026-03'], 7)], 2);
    const grid = fillGrid(tables, dims, false, 20_000, { since: '2026-03' });
    const slice = new Map([['MONTH', new Set<string | number | boolean>(['2026-02', '2026-03'])]]);
    const decls = { RULE: dims[0], MONTH: dims[1] };
    const t = withAskedPeriods(answerTable(auditor, 5, ['RULE', 'MONTH'], ['RULE', 'MONTH'], tables, slice, [true, true], false), grid, decls, ['RULE', 'MONTH'], slice, false, 5000);
    expect(t.cells.map((c) => [...c.key, c.count])).toEqual([['A', '2026-02', 0], ['A', '2026-03', 7], ['B', '2026-02', 0], ['B', '2026-03', 0], ['C', '2026-02', 0], ['C', '2026-03', 0]]);
    // analysts: the asked month without records is suppressed, and so is the one with records (its row's zeros need a complement)
    const theirs = marginTables([cell(['A', '2026-03'], 7)], 2);
    fillGrid(theirs, dims, false, 20_000, { since: '2026-03' });
    const hidden = withAskedPeriods(answerTable(analyst, 5, ['RULE', 'MONTH'], ['RULE', 'MONTH'], theirs, slice, [true, true], false), grid, decls, ['RULE', 'MONTH'], slice, false, 5000);
    expect(hidden.cells).toHaveLength(6);
    expect(hidden.cells.every((c) => c.suppressed && c.count === null)).toBe(true);
  });
});
