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
  it('knows the values of enumerations (numbers of a numeric one), booleans, text lists and townships; none of periods and villages', () => {
    expect(knownValues(dim.enumOf('rule', Rule, 'r'))).toEqual(['A', 'B', 'C']);
    expect(knownValues(dim.enumOf('grade', Grade, 'g'))).toEqual([1, 2]);
    expect(knownValues(dim.boolean('b', 'b'))).toEqual([false, true]);
    expect(knownValues(dim.text('t', ['X', 'Y'], 't'))).toEqual(['X', 'Y']);
    expect(knownValues(dim.township())).toEqual(TOWNSHIPS.map((t) => t.code));
    expect(knownValues(dim.month('on', 'm'))).toBeNull();
    expect(knownValues(dim.village())).toBeNull();
  });

  it('fills periods from the first with records to the last, and keeps a month with its own year', () => {
    const dims = [dim.year('on', 'y'), dim.month('on', 'm')];
    const grid = statisticsGrid(dims, [cell([2025, '2025-11'], 3), cell([2026, '2026-02'], 9)]);
    expect(grid.values).toEqual([[2025, 2026], ['2025-11', '2025-12', '2026-01', '2026-02']]);
    expect(grid.allows([2025, '2025-12'], [0, 1])).toBe(true);
    expect(grid.allows([2026, '2025-12'], [0, 1])).toBe(false);
  });

  it('makes every rule x township a cell, zeros suppressed like small cells for analysts, 0 for auditors', () => {
    const dims = [dim.enumOf('rule', Rule, 'r'), dim.township()];
    // one cell of 2 people (below k) and one of 30: without the grid only these two would be cells
    const base = [cell(['A', T1], 2), cell(['B', T2], 30)];
    const answer = (who: never) => {
      const tables = marginTables(base, 2);
      fillGrid(tables, dims, false, 20_000);
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
    const grid = fillGrid(tables, dims, false, 20_000);
    const slice = new Map([['MONTH', new Set<string | number | boolean>(['2026-02', '2026-03'])]]);
    const decls = { RULE: dims[0], MONTH: dims[1] };
    const t = withAskedPeriods(answerTable(auditor, 5, ['RULE', 'MONTH'], ['RULE', 'MONTH'], tables, slice, [true, true], false), grid, decls, ['RULE', 'MONTH'], slice, false, 5000);
    expect(t.cells.map((c) => [...c.key, c.count])).toEqual([['A', '2026-02', 0], ['A', '2026-03', 7], ['B', '2026-02', 0], ['B', '2026-03', 0], ['C', '2026-02', 0], ['C', '2026-03', 0]]);
    // analysts: the asked month without records is suppressed, and so is the one with records (its row's zeros need a complement)
    const theirs = marginTables([cell(['A', '2026-03'], 7)], 2);
    fillGrid(theirs, dims, false, 20_000);
    const hidden = withAskedPeriods(answerTable(analyst, 5, ['RULE', 'MONTH'], ['RULE', 'MONTH'], theirs, slice, [true, true], false), grid, decls, ['RULE', 'MONTH'], slice, false, 5000);
    expect(hidden.cells).toHaveLength(6);
    expect(hidden.cells.every((c) => c.suppressed && c.count === null)).toBe(true);
  });
});
