import { TOWNSHIPS } from '../domain/divisions';
import { badInput } from '../errors';
import { clockToday } from '../clock';
import { fenToYuan } from '../domain/money';
import { compareKeys, type RawCell } from './suppression';
import type { MeasuredCell, StatisticsDimension, SuppressedTable } from './statistics';

/**
 * The full grid of a statistics table (a declaration's `fullGrid`): every combination of its dimensions' known values is
 * a cell, those without records included (zero). Without it a table lists only the combinations that have records, and
 * a suppressed cell still tells that records exist in its combination (a township, a month): with it, a combination
 * without records is one more cell of fewer than k people, suppressed (and complemented) by the same procedure as a
 * small one, so that a suppressed cell no longer tells whether it holds anyone. Auditors get the zeros as they are.
 *
 * Known values (the same for every caller, never from a filter, so that every answer is a slice of one table):
 * - an enumeration its values, a boolean false and true, a text dimension its list (`values`), a township every township
 *   of the city (divisions.json) — and any other value the records hold;
 * - a year or a month every period from the declared start (`fullGrid: { since: 'YYYY-MM' }`: the first month a record
 *   can have) to today's (clockToday), whatever the records hold: the range of periods never tells whether, or when,
 *   there are records (a range from the first record to the last would: one alert in the city gives a single month, none
 *   no period at all). A record outside that range (a clock moved back) adds its period, the gaps filled;
 * - a village (no closed list here) the values the records hold.
 * A combination the dimensions themselves rule out is not a cell: a month of another year than the year dimension of
 * the same column, a village of another township.
 * Periods asked for by a filter beyond that range (before the start, after today) are answered as cells too, after
 * suppression (every figure of such a period is 0: suppressed like the others, 0 for auditors).
 * Size: the grid of the largest grouping must stay within STATISTICS_MAX_COMPUTED_CELLS (a month with its year counted
 * as the pairs that go together); a larger one is refused (BAD_USER_INPUT TOO_MANY_CELLS, the refusal of every
 * too-large table), whatever the records: the refusal tells nothing either. The range grows by a month a month: group
 * by fewer dimensions (a month grouping implies its year) as the years go by.
 */

type Value = string | number | boolean | null;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;

/** The closed list of values of a dimension, or null where it has none (years, months, villages, free text). */
export function knownValues(d: StatisticsDimension): Value[] | null {
  if (d.kind === 'township') return TOWNSHIPS.map((t) => t.code);
  if (d.kind === 'boolean') return [false, true];
  if (d.kind === 'enum') {
    const values = Object.values(d.enum!);
    // a numeric enum has its names as values too (the reverse mapping): its numbers only
    return values.some((v) => typeof v === 'number') ? values.filter((v) => typeof v === 'number') : values;
  }
  if (d.kind === 'text' && d.values) return [...d.values];
  return null;
}

/** The period range of a full grid: its first month (the declaration's `since`), to today's by the clock. */
export interface GridPeriods {
  since: string;
}

/**
 * Every period (years, or YYYY-MM months) from the month `since` to today's (clockToday), and any other of `seen` (a
 * null when the records hold one), the gaps filled: the same range whatever the records hold.
 */
function periodRange(d: StatisticsDimension, seen: Value[], periods: GridPeriods): Value[] {
  const present = seen.filter((v) => v !== null);
  const nulls = seen.length > present.length ? [null] : [];
  const today = clockToday().slice(0, 7);
  if (d.kind === 'year') {
    const years = [...present.map(Number), Number(periods.since.slice(0, 4)), Number(today.slice(0, 4))];
    const out: Value[] = [];
    for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push(y);
    return [...nulls, ...out];
  }
  const months = [...present.map(String).filter((m) => MONTH.test(m)), periods.since, today].map(monthIndex);
  const out: Value[] = [];
  for (let i = Math.min(...months); i <= Math.max(...months); i++) out.push(monthOf(i));
  return [...nulls, ...out];
}

/** The grid of a table: each canonical dimension's values, and the test of a combination the dimensions allow. */
export interface StatisticsGrid {
  values: Value[][];
  /** false for a combination the dimensions rule out (`at`: the canonical index of each value of `key`) */
  allows: (key: readonly Value[], at: readonly number[]) => boolean;
  /** the positions in `at` (canonical indices) of the year of each month of the same column, if there (for the size) */
  yearsOf: (at: readonly number[]) => (number | undefined)[];
}

/** The grid of the `dimensions` (canonical order) over the computed table `cells` (keys in that order), periods from `periods.since` to today. */
export function statisticsGrid(dimensions: StatisticsDimension[], cells: readonly RawCell[], periods: GridPeriods): StatisticsGrid {
  if (!MONTH.test(periods.since)) throw new Error(`fullGrid.since must be a month YYYY-MM (${periods.since})`);
  const values = dimensions.map((d, i) => {
    const seen = new Map<string, Value>();
    for (const c of cells) seen.set(JSON.stringify(c.key[i]), c.key[i]);
    const observed = [...seen.values()];
    if (d.kind === 'year' || d.kind === 'month') return periodRange(d, observed, periods);
    const known = knownValues(d) ?? [];
    const all = new Map<string, Value>(known.map((v) => [JSON.stringify(v), v]));
    for (const v of observed) all.set(JSON.stringify(v), v);
    return [...all.values()];
  });
  // pairs of dimensions whose values go together: a month and the year of the same column, a village and its township
  const pairs: [number, number, (a: Value, b: Value) => boolean][] = [];
  dimensions.forEach((d, i) =>
    dimensions.forEach((e, j) => {
      if (d.kind === 'month' && e.kind === 'year' && d.column === e.column) pairs.push([i, j, (m, y) => m === null || y === null || String(m).slice(0, 4) === String(y).padStart(4, '0')]);
      if (d.kind === 'village' && e.kind === 'township') pairs.push([i, j, (v, t) => v === null || t === null || String(v).startsWith(String(t))]);
    }),
  );
  return {
    values,
    yearsOf: (at) =>
      at.map((i) => {
        const pair = pairs.find(([m, y]) => m === i && dimensions[m].kind === 'month' && dimensions[y].kind === 'year' && at.includes(y));
        return pair ? at.indexOf(pair[1]) : undefined;
      }),
    allows: (key, at) =>
      pairs.every(([i, j, ok]) => {
        const a = at.indexOf(i);
        const b = at.indexOf(j);
        return a < 0 || b < 0 || ok(key[a], key[b]);
      }),
  };
}

/** Every combination of `lists` (one value from each, in order) that `allows` keeps. */
function* combinations(lists: Value[][], allows: (key: Value[]) => boolean, prefix: Value[] = []): Generator<Value[]> {
  if (prefix.length === lists.length) {
    if (allows(prefix)) yield [...prefix];
    return;
  }
  for (const v of lists[prefix.length]) yield* combinations(lists, allows, [...prefix, v]);
}

/**
 * How many cells the grid has (a month and the year of the same column counted as their pairs that go together, the
 * other combinations ruled out at most): BAD_USER_INPUT TOO_MANY_CELLS above `max`, the refusal of every too-large
 * table. `yearOf`: for a list of months, the index of the list of their years, if any.
 */
function checkGridSize(lists: Value[][], max: number, yearOf: (number | undefined)[] = []): void {
  const paired = new Set<number>();
  let size = 1;
  lists.forEach((l, i) => {
    const y = yearOf[i];
    if (y === undefined) return;
    // the (month, year) pairs that go together: a null on either side goes with every value of the other
    let pairs = 0;
    for (const m of l) for (const v of lists[y]) if (m === null || v === null || String(m).slice(0, 4) === String(v).padStart(4, '0')) pairs++;
    size *= pairs;
    paired.add(i).add(y);
  });
  size = lists.reduce((n, l, i) => (paired.has(i) ? n : n * l.length), size);
  if (size > max) throw badInput(`the full table of these dimensions has more than ${max} cells: group or filter by fewer dimensions`, 'groupBy', 'TOO_MANY_CELLS');
}

/**
 * Add to every table of the lattice (`tables`: subset bitmask over the canonical dimensions -> cells) the combinations
 * of the grid it lacks, as cells without records (count, people, amounts and key 0). Returns the grid.
 */
export function fillGrid(
  tables: Map<number, MeasuredCell[]>,
  dimensions: StatisticsDimension[],
  withAmount: boolean,
  maxCells: number,
  periods: GridPeriods,
): StatisticsGrid {
  const full = (1 << dimensions.length) - 1;
  const grid = statisticsGrid(dimensions, tables.get(full) ?? [], periods);
  for (const [mask, cells] of tables) {
    const at = dimensions.map((_, i) => i).filter((i) => mask & (1 << i));
    const lists = at.map((i) => grid.values[i]);
    checkGridSize(lists, maxCells, grid.yearsOf(at));
    const present = new Set(cells.map((c) => JSON.stringify(c.key)));
    for (const key of combinations(lists, (k) => grid.allows(k, at))) {
      if (present.has(JSON.stringify(key))) continue;
      cells.push({ key, count: 0, people: 0, amountFen: withAmount ? '0' : null, cellKey: 0n, maxFen: withAmount ? '0' : null });
    }
  }
  return grid;
}

/**
 * The cells of the periods a filter asks for beyond the grid (before its start or after today's period),
 * added to the answer `t` after suppression: every figure there is 0, so each is suppressed (0 for the auditor's exact
 * table). `dims` are the answer's dimensions, `canonical` the table's, `slice` the filters and scope.
 */
export function withAskedPeriods(
  t: SuppressedTable,
  grid: StatisticsGrid,
  decls: Record<string, StatisticsDimension>,
  canonical: string[],
  slice: ReadonlyMap<string, ReadonlySet<string | number | boolean>>,
  withAmount: boolean,
  maxCells: number,
): SuppressedTable {
  const dims = t.dimensions;
  const extra = new Map<string, Set<string>>();
  const lists = dims.map((k) => {
    const known = grid.values[canonical.indexOf(k)];
    const allowed = slice.get(k);
    if (!allowed) return known;
    const inGrid = known.filter((v) => v !== null && allowed.has(v));
    const d = decls[k];
    if (d.kind !== 'year' && d.kind !== 'month') return inGrid;
    const texts = new Set(known.map((v) => JSON.stringify(v)));
    const beyond = [...allowed].filter((v) => !texts.has(JSON.stringify(v)));
    extra.set(k, new Set(beyond.map((v) => JSON.stringify(v))));
    return [...inGrid, ...beyond];
  });
  if (![...extra.values()].some((s) => s.size)) return t;
  const at = dims.map((k) => canonical.indexOf(k));
  checkGridSize(lists, maxCells, grid.yearsOf(at));
  const cells = [...t.cells];
  const zero = withAmount ? fenToYuan('0') : null;
  for (const key of combinations(lists, (k) => grid.allows(k, at))) {
    // only the combinations with a period beyond the grid: the others are the table's own cells
    if (!key.some((v, i) => extra.get(dims[i])?.has(JSON.stringify(v)))) continue;
    cells.push(t.exact ? { key, count: 0, people: 0, amount: zero, suppressed: false } : { key, count: null, people: null, amount: null, suppressed: true });
  }
  if (cells.length > maxCells) throw badInput(`the answer would hold more than ${maxCells} cells: group by fewer dimensions or filter`, 'groupBy', 'TOO_MANY_CELLS');
  cells.sort((a, b) => compareKeys(a.key, b.key));
  return { ...t, cells };
}
