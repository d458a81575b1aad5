import type { DataSource } from 'typeorm';

/**
 * Small-cell suppression of aggregate tables (statistics for analysts, fund use): the ONE implementation, used by every
 * subgraph's statistics and fund-use queries (statistics.ts, fund-use.ts).
 *
 * - Primary: a cell whose number of distinct people is below k (STATISTICS_MIN_CELL, default 5) is suppressed: no
 *   count, no people, no sum, only `suppressed: true`.
 * - Secondary (the "hypercube" heuristic): a table's margins are answers too (the same query grouped by fewer
 *   dimensions), so a suppressed cell could be derived from its row total minus the other cells. For every row along
 *   every grouped dimension (the cells equal in every other dimension), when the suppressed cells of the row are exactly
 *   one, or their people together are fewer than k, the smallest unsuppressed cell of the row (fewest people, then
 *   fewest records, then the first key in code-point order: deterministic) is suppressed too; repeated until nothing
 *   changes.
 * - Combinations with no records are not cells (GROUP BY gives no row for them): a zero is a known value, never a
 *   complement. A row whose only records are one suppressed cell needs no complement: its margin is then that cell's own
 *   figure, below k, and the coarser table suppresses it by the primary rule. A declaration that publishes the full grid
 *   (grid.ts) makes them cells of 0 people: primary cells like any cell below k, so a zero is never told apart.
 * - Auditors get the exact table (`exact: true`): nothing suppressed.
 * - Hierarchy (suppressHierarchy): that heuristic is the first pattern of each table only; the tables of every subset of
 *   the dimensions (the coarser queries an attacker can also ask) are suppressed first, in one canonical order of the
 *   dimensions, and each table is then audited against them (see suppressHierarchy).
 */

/** One cell of an aggregate table before suppression. */
export interface RawCell {
  /** the values of the grouped dimensions, in the table's dimension order */
  key: readonly (string | number | boolean | null)[];
  /** distinct people in the cell */
  people: number;
  /** records in the cell */
  count: number;
}

/** The default k: a cell of fewer distinct people than this is suppressed (STATISTICS_MIN_CELL). */
export const DEFAULT_STATISTICS_MIN_CELL = 5;

const minCells = new WeakMap<object, number>();

/** Use k = `minCell` for the statistics of the database `db` (the subgraph server sets it from STATISTICS_MIN_CELL). */
export function setStatisticsMinCell(db: DataSource, minCell: number): void {
  minCells.set(db, minCell);
}

/** The k of the database `db` (DEFAULT_STATISTICS_MIN_CELL unless the server set STATISTICS_MIN_CELL). */
export function statisticsMinCell(db: DataSource | undefined): number {
  return (db && minCells.get(db)) ?? DEFAULT_STATISTICS_MIN_CELL;
}

const keyText = (key: RawCell['key']) => JSON.stringify(key);

/** Code-point order of two keys (numbers numerically, null first): the order of cells in every answer. */
export function compareKeys(a: RawCell['key'], b: RawCell['key']): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = String(x);
    const sy = String(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

/**
 * Which cells to suppress (true at a cell's index), for k = `minCell` over a table of `dimensions` grouped
 * dimensions (every key has that many values). `exact`: nothing (the auditor's table).
 */
export function suppressCells(cells: readonly RawCell[], dimensions: number, minCell: number, opts: { exact?: boolean } = {}): boolean[] {
  const out = cells.map((c) => !opts.exact && c.people < minCell);
  if (opts.exact) return out;
  // the rows along each dimension: cells with the same values in every other dimension
  const rows: number[][] = [];
  for (let d = 0; d < dimensions; d++) {
    const byRest = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const rest = keyText(c.key.filter((_, j) => j !== d));
      const row = byRest.get(rest);
      if (row) row.push(i);
      else byRest.set(rest, [i]);
    });
    rows.push(...byRest.values());
  }
  const smaller = (i: number, j: number) =>
    cells[i].people - cells[j].people || cells[i].count - cells[j].count || compareKeys(cells[i].key, cells[j].key);
  for (let changed = true; changed; ) {
    changed = false;
    for (const row of rows) {
      const hidden = row.filter((i) => out[i]);
      if (!hidden.length) continue;
      const hiddenPeople = hidden.reduce((s, i) => s + cells[i].people, 0);
      if (hidden.length > 1 && hiddenPeople >= minCell) continue;
      const open = row.filter((i) => !out[i]);
      if (!open.length) continue;
      out[open.reduce((best, i) => (smaller(i, best) < 0 ? i : best))] = true;
      changed = true;
    }
  }
  return out;
}

/**
 * The most dimensions one statistics table may have, counting the filtered dimensions and the caller's scope: the
 * hierarchical suppression computes and audits the table of every subset of them (2^n tables, one GROUP BY each).
 */
export const STATISTICS_MAX_DIMENSIONS = 4;

/** The tables of a dimension lattice: subset bitmask (bit i = the i-th dimension in canonical order) -> its cells. */
export type LatticeTables = ReadonlyMap<number, readonly RawCell[]>;

const bitCount = (m: number) => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
};

/** A table of a lattice after suppression: its cells (with any structural zero listed as suppressed) and their flags. */
export interface SuppressedLatticeTable {
  /** the computed cells, then the structural zeros added to hide which combinations are empty (count 0, people 0) */
  cells: RawCell[];
  hidden: boolean[];
}

/**
 * Hierarchical suppression with an audit against the published margins (findings 1-2 of the hostile review).
 *
 * `tables` holds the table of EVERY subset of the `dimensions` dimensions (in one fixed, canonical order: a cell's key
 * lists the values of the subset's dimensions in ascending bit order). The table of a subset S is what the query grouped
 * by S publishes, and it is suppressed by this very procedure, from the grand total up (bottom-up by the number of
 * dimensions; each result memoized in the returned map): so the answer for S is safe GIVEN the published tables of all
 * subsets of S, which an attacker can ask for.
 *
 * For one table S: the hypercube heuristic (suppressCells) gives a first pattern, then an audit by propagation:
 * every row of every table of S's lattice along an additive dimension (`additive[i]`; a JSON-list dimension, where a
 * record counts under several values, is not) is an equation "the cells of the row sum to their margin cell" (records and
 * amounts are additive). Open cells are known, suppressed ones unknown; an equation with exactly one unknown makes it
 * known (a cell alone in its row with a published margin is known); repeated to a fixed point. When a primary cell (of
 * any table of the lattice) becomes known, or a suppressed cell of a subset table that its own lattice kept unknown (so
 * that the tables cannot be chained across lattices), one more open cell of S is suppressed: the smallest open one of
 * S in the equation that revealed it or, walking back along the chain of equations, in the nearest one holding an open
 * cell of S. When the chain holds no open cell of S (the primary cell follows from published margins and the shape of
 * S: a suppressed cell alone in its row, e.g. the ENDED row of finding 1), the empty combinations of the chain's rows of S
 * are listed as suppressed cells (structural zeros, indistinguishable from the others), so that the row is no longer
 * known to hold one cell. Then the audit is run again, until no violation is left (or none can be repaired: reported
 * in `unrepaired`). This catches chains of singleton rows, not every derivation by linear programming (bounds from
 * non-negativity, e.g. intervals); rounding is not used.
 *
 * Returns every table of the lattice with its flags (`exact`: none suppressed, no structural zero added).
 */
export function suppressHierarchy(
  tables: LatticeTables,
  dimensions: number,
  minCell: number,
  opts: { exact?: boolean; additive?: readonly boolean[] } = {},
): Map<number, SuppressedLatticeTable> & { unrepaired?: number } {
  const out: Map<number, SuppressedLatticeTable> & { unrepaired?: number } = new Map();
  out.unrepaired = 0;
  const masks = [...Array(1 << dimensions).keys()].sort((a, b) => bitCount(a) - bitCount(b) || a - b);
  for (const m of masks) {
    const cells = [...(tables.get(m) ?? [])];
    if (opts.exact) {
      out.set(m, { cells, hidden: cells.map(() => false) });
      continue;
    }
    const hidden = suppressCells(cells, bitCount(m), minCell);
    out.unrepaired += auditTable(out, m, cells, hidden, minCell, opts.additive ?? Array(dimensions).fill(true));
    out.set(m, { cells, hidden });
  }
  return out;
}

/**
 * The audit of the table `top` (`cells` and flags `hidden`, both changed in place) against the published tables of its
 * subsets; returns the number of violations it could not repair (0 in every case the tests know).
 */
function auditTable(published: ReadonlyMap<number, SuppressedLatticeTable>, top: number, cells: RawCell[], hidden: boolean[], minCell: number, additive: readonly boolean[]): number {
  if (top === 0) return 0;
  const subsets: number[] = [];
  for (let s = top; ; s = (s - 1) & top) {
    subsets.push(s);
    if (s === 0) break;
  }
  const tableOf = (s: number) => (s === top ? cells : published.get(s)!.cells);
  for (;;) {
    // the lattice: every subset of `top`, its cells numbered globally
    const offset = new Map<number, number>();
    const cellOf: { mask: number; index: number; cell: RawCell }[] = [];
    const byKey = new Map<number, Map<string, number>>();
    for (const s of subsets) {
      offset.set(s, cellOf.length);
      const keys = new Map<string, number>();
      tableOf(s).forEach((cell, index) => {
        keys.set(keyText(cell.key), cellOf.length);
        cellOf.push({ mask: s, index, cell });
      });
      byKey.set(s, keys);
    }
    const n = cellOf.length;
    // a structural zero (count 0) names nobody: it is not protected, only a cell of records below k is
    const primary = cellOf.map((c) => c.cell.people < minCell && c.cell.count > 0);
    // the equations: for a table s and a dimension bit b in s (additive), each row along b and its margin in s \ {b}
    const equations: number[][] = [];
    const rowOf: { mask: number; pos: number; rest: readonly (string | number | boolean | null)[] }[] = [];
    for (const s of subsets) {
      const bits: number[] = [];
      for (let b = 0; b < additive.length; b++) if (s & (1 << b)) bits.push(b);
      bits.forEach((b, pos) => {
        if (!additive[b]) return;
        const rows = new Map<string, { ids: number[]; rest: RawCell['key'] }>();
        tableOf(s).forEach((cell, i) => {
          const rest = cell.key.filter((_, j) => j !== pos);
          const text = keyText(rest);
          const row = rows.get(text);
          if (row) row.ids.push(offset.get(s)! + i);
          else rows.set(text, { ids: [offset.get(s)! + i], rest });
        });
        const marginKeys = byKey.get(s & ~(1 << b))!;
        for (const [text, row] of rows) {
          const margin = marginKeys.get(text);
          // no margin cell: the tables were read at different moments (a write between the statements); no equation
          if (margin === undefined) continue;
          equations.push([...row.ids, margin]);
          rowOf.push({ mask: s, pos, rest: row.rest });
        }
      });
    }
    const member: number[][] = Array.from({ length: n }, () => []);
    equations.forEach((eq, e) => eq.forEach((id) => member[id].push(e)));
    const isTop = (id: number) => cellOf[id].mask === top;
    const open = (id: number) => (isTop(id) ? !hidden[cellOf[id].index] : !published.get(cellOf[id].mask)!.hidden[cellOf[id].index]);
    /** propagate: known cells, and the equation that derived each derived cell (-1: open or unknown) */
    const propagate = (withTop: boolean) => {
      const known = Array.from({ length: n }, (_, id) => (isTop(id) ? withTop && open(id) : open(id)));
      const via = new Array<number>(n).fill(-1);
      const unknown = equations.map((eq) => eq.reduce((u, id) => u + (known[id] ? 0 : 1), 0));
      // without the top table, its rows are not equations either: its shape (which combinations have records) is
      // published with it
      const usable = (e: number) => withTop || rowOf[e].mask !== top;
      const queue = equations.map((_, e) => e).filter((e) => unknown[e] === 1 && usable(e));
      while (queue.length) {
        const e = queue.pop()!;
        if (unknown[e] !== 1 || !usable(e)) continue;
        const id = equations[e].find((x) => !known[x])!;
        known[id] = true;
        via[id] = e;
        for (const f of member[id]) if (--unknown[f] === 1 && usable(f)) queue.push(f);
      }
      return { known, via };
    };
    const base = propagate(false);
    const smaller = (i: number, j: number) => {
      const a = cellOf[i].cell;
      const b = cellOf[j].cell;
      return a.people - b.people || a.count - b.count || compareKeys(a.key, b.key);
    };
    const { known, via } = propagate(true);
    const toHide = new Set<number>();
    const zeros = new Map<string, RawCell>();
    let unrepaired = 0;
    for (let id = 0; id < n; id++) {
      if (!known[id] || via[id] < 0) continue;
      const violation = isTop(id) ? primary[id] : !base.known[id];
      if (!violation) continue;
      // walk back along the chain: the nearest equation with an open cell of the top table
      const seen = new Set<number>([via[id]]);
      let pick = -1;
      for (let q = [via[id]]; q.length && pick < 0; ) {
        const next: number[] = [];
        for (const e of q) {
          for (const x of equations[e]) if (isTop(x) && open(x) && (pick < 0 || smaller(x, pick) < 0)) pick = x;
          if (pick >= 0) continue;
          for (const x of equations[e]) if (via[x] >= 0 && !seen.has(via[x])) (seen.add(via[x]), next.push(via[x]));
        }
        q = next;
      }
      if (pick >= 0) {
        toHide.add(pick);
        continue;
      }
      // no open cell of the top table along the chain: list the empty combinations of the chain's rows of the top
      // table as suppressed cells (a row then no longer shows that it holds one cell)
      const before = zeros.size;
      for (const e of seen) {
        const row = rowOf[e];
        if (row.mask !== top) continue;
        const values = new Map<string, RawCell['key'][number]>();
        for (const c of cells) values.set(keyText([c.key[row.pos]]), c.key[row.pos]);
        for (const v of values.values()) {
          const key = [...row.rest.slice(0, row.pos), v, ...row.rest.slice(row.pos)];
          const text = keyText(key);
          if (byKey.get(top)!.has(text) || zeros.has(text)) continue;
          // only where every row of the combination has a margin: otherwise it is a zero everyone knows
          let bit = 0;
          const hasMargins = key.every((_, j) => {
            while (!(top & (1 << bit))) bit++;
            const b = bit++;
            return byKey.get(top & ~(1 << b))!.has(keyText(key.filter((_, i) => i !== j)));
          });
          if (hasMargins) zeros.set(text, { key, people: 0, count: 0 });
        }
      }
      if (zeros.size === before) unrepaired++;
    }
    if (!toHide.size && !zeros.size) return unrepaired;
    // structural zeros first (they may break the chains of the other violations too, with nothing more suppressed)
    if (!zeros.size) for (const id of toHide) hidden[cellOf[id].index] = true;
    for (const z of zeros.values()) {
      cells.push(z);
      hidden.push(true);
    }
  }
}
