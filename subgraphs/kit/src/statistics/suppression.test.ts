import { baseConfigSchema, ConfigError, loadConfig } from '../config';
import { compareKeys, setStatisticsMinCell, statisticsMinCell, suppressCells, type RawCell } from './suppression';

const cell = (key: RawCell['key'], people: number, count = people): RawCell => ({ key, people, count });
const hiddenKeys = (cells: RawCell[], hidden: boolean[]) => cells.filter((_, i) => hidden[i]).map((c) => c.key.join('/'));

describe('small-cell suppression', () => {
  it('suppresses a group of 4 and not a group of 5 (k = 5), with no margin to protect', () => {
    // no dimension: one cell, the total
    expect(suppressCells([cell([], 4)], 0, 5)).toEqual([true]);
    expect(suppressCells([cell([], 5)], 0, 5)).toEqual([false]);
    // k is the configured value
    expect(suppressCells([cell([], 5)], 0, 6)).toEqual([true]);
  });

  it('suppresses a complement in a row with one suppressed cell: the smallest other cell', () => {
    // one dimension (township): the row is the whole table, its margin the total
    const cells = [cell(['A'], 4), cell(['B'], 9), cell(['C'], 7), cell(['D'], 30)];
    expect(hiddenKeys(cells, suppressCells(cells, 1, 5))).toEqual(['A', 'C']);
  });

  it('needs no complement when two suppressed cells hold k people or more, and one when they hold fewer', () => {
    const enough = [cell(['A'], 3), cell(['B'], 4), cell(['C'], 7), cell(['D'], 30)];
    expect(hiddenKeys(enough, suppressCells(enough, 1, 5))).toEqual(['A', 'B']);
    const few = [cell(['A'], 1), cell(['B'], 2), cell(['C'], 7), cell(['D'], 30)];
    // 1 + 2 < 5: the total minus C and D would give a group of 3
    expect(hiddenKeys(few, suppressCells(few, 1, 5))).toEqual(['A', 'B', 'C']);
  });

  it('protects a column margin: a complement in the row forces one in the column, until stable', () => {
    // township x programme:
    //          P     Q     R
    //   A      2    10    12
    //   B      8    11    20
    //   C      9     6    40
    // (A,P) is primary. Column P (the row along township): (A,P) alone -> complement (B,P)=8, the smallest other.
    // Row A (along programme): (A,P) alone -> complement (A,Q)=10. Row B: (B,P) alone -> complement (B,Q)=11 (11 < 20).
    // Column Q now holds (A,Q) and (B,Q), 21 people: stable. A 2 x 2 rectangle: no margin gives any of its cells.
    const cells = [
      cell(['A', 'P'], 2), cell(['A', 'Q'], 10), cell(['A', 'R'], 12),
      cell(['B', 'P'], 8), cell(['B', 'Q'], 11), cell(['B', 'R'], 20),
      cell(['C', 'P'], 9), cell(['C', 'Q'], 6), cell(['C', 'R'], 40),
    ];
    const hidden = suppressCells(cells, 2, 5);
    expect(hiddenKeys(cells, hidden).sort()).toEqual(['A/P', 'A/Q', 'B/P', 'B/Q']);
    // no row or column is left with exactly one suppressed cell
    for (const d of [0, 1]) {
      const rows = new Map<string, number>();
      cells.forEach((c, i) => hidden[i] && rows.set(String(c.key[1 - d]), (rows.get(String(c.key[1 - d])) ?? 0) + 1));
      for (const n of rows.values()) expect(n).not.toBe(1);
    }
  });

  it('leaves a row whose only cell is suppressed alone (its margin is below k and suppressed itself)', () => {
    const cells = [cell(['A', 'P'], 3), cell(['B', 'P'], 20), cell(['B', 'Q'], 25)];
    // row A (along programme) has no other cell; column P: complement (B,P); row B: (B,P) alone -> complement (B,Q)
    expect(hiddenKeys(cells, suppressCells(cells, 2, 5)).sort()).toEqual(['A/P', 'B/P', 'B/Q']);
  });

  it('gives the auditor the exact table', () => {
    const cells = [cell(['A'], 1), cell(['B'], 2), cell(['C'], 70)];
    expect(suppressCells(cells, 1, 5, { exact: true })).toEqual([false, false, false]);
  });

  it('breaks ties deterministically (records, then key order)', () => {
    const cells = [cell(['A'], 4), cell(['C'], 6, 9), cell(['B'], 6, 9), cell(['D'], 6, 7)];
    expect(hiddenKeys(cells, suppressCells(cells, 1, 5))).toEqual(['A', 'D']);
    const tie = [cell(['A'], 4), cell(['C'], 6), cell(['B'], 6)];
    expect(hiddenKeys(tie, suppressCells(tie, 1, 5))).toEqual(['A', 'B']);
    expect(compareKeys([2025, 'x'], [2024, 'y'])).toBeGreaterThan(0);
    expect(compareKeys([null], ['a'])).toBeLessThan(0);
  });

  it('reads k from STATISTICS_MIN_CELL (default 5, validated 2-1000), per database', () => {
    const base = { PORT: '0', DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(baseConfigSchema, base).STATISTICS_MIN_CELL).toBe(5);
    expect(loadConfig(baseConfigSchema, { ...base, STATISTICS_MIN_CELL: '10' }).STATISTICS_MIN_CELL).toBe(10);
    for (const bad of ['1', '0', 'five', '2.5', '1001']) expect(() => loadConfig(baseConfigSchema, { ...base, STATISTICS_MIN_CELL: bad })).toThrow(ConfigError);
    const db = {} as never;
    expect(statisticsMinCell(db)).toBe(5);
    setStatisticsMinCell(db, 11);
    expect(statisticsMinCell(db)).toBe(11);
  });
});
