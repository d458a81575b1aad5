// jest's global expect, read when a check runs (this module is loaded outside jest too, e.g. by tools)
const expect = (v: unknown): any => (globalThis as any).expect(v);
import { fenToYuan } from '../domain/money';
import type { SubgraphHarness, TokenAs } from './subgraph-harness';

/**
 * Brute-force checks of a statistics query (kit statistics/): the test reads the rows itself (plain SELECT), groups them
 * in JavaScript and compares every cell the query answers — unsuppressed cells exactly (records, distinct people, the
 * yuan sum), suppressed ones against the rule (every group of fewer than k people suppressed, complements of k or more).
 */

/** One row of the table as the test read it: the dimension values by cell field, the person, the amount in fen. */
export interface BruteRow {
  values: Record<string, string | number | boolean | null>;
  person: string | null;
  amountFen?: number;
}

export interface StatisticsCheck {
  query: string;
  groupBy: string[];
  /** the GraphQL filter literal, e.g. `{ township: ["370281001"] }` */
  filter?: string;
  /** the cell fields of the dimensions, in the order of the table's dimensions (as answered) */
  fields: string[];
  /** whether cells have an amount */
  amount?: boolean;
  /** which rows the slice keeps (the filter and the caller's scope) */
  keep?: (r: BruteRow) => boolean;
  as: TokenAs;
}

/** Run the query and compare it with the rows; returns the answer's cells (for further assertions). */
export async function expectStatisticsMatch(h: SubgraphHarness, rows: BruteRow[], c: StatisticsCheck, minCell = 5): Promise<any[]> {
  const args = `groupBy: [${c.groupBy.join(', ')}]${c.filter ? `, filter: ${c.filter}` : ''}`;
  const q = `{ t: ${c.query}(${args}) { dimensions minCell exact cells { ${c.fields.join(' ')} count people ${c.amount ? 'amount' : ''} suppressed } } }`;
  const r = await h.request(q, undefined, c.as);
  expect({ q, errors: r.errors }).toEqual({ q, errors: undefined });
  const t = r.data.t;
  expect(t.minCell).toBe(minCell);
  const groups = new Map<string, { people: Set<string>; count: number; fen: number }>();
  for (const row of rows) {
    if (c.keep && !c.keep(row)) continue;
    const key = JSON.stringify(c.fields.map((f) => row.values[f] ?? null));
    const g = groups.get(key) ?? { people: new Set<string>(), count: 0, fen: 0 };
    if (row.person !== null) g.people.add(row.person);
    g.count++;
    g.fen += row.amountFen ?? 0;
    groups.set(key, g);
  }
  const answered = new Map<string, any>(t.cells.map((cell: any) => [JSON.stringify(c.fields.map((f) => cell[f])), cell]));
  // every group is answered; a combination with no records may be listed too, suppressed (a structural zero hidden by
  // the audit), never for the auditor
  expect({ q, keys: [...groups.keys()].filter((k) => !answered.has(k)) }).toEqual({ q, keys: [] });
  for (const [key, cell] of answered)
    if (!groups.has(key)) expect({ q, key, zero: { suppressed: cell.suppressed, exact: t.exact } }).toEqual({ q, key, zero: { suppressed: true, exact: false } });
  for (const [key, g] of groups) {
    const cell = answered.get(key);
    const exact = { count: g.count, people: g.people.size, ...(c.amount ? { amount: fenToYuan(g.fen) } : {}) };
    if (t.exact) {
      expect({ q, key, cell: { count: cell.count, people: cell.people, ...(c.amount ? { amount: cell.amount } : {}), suppressed: cell.suppressed } }).toEqual({ q, key, cell: { ...exact, suppressed: false } });
    } else if (cell.suppressed) {
      expect({ q, key, count: cell.count, people: cell.people, amount: cell.amount ?? null }).toEqual({ q, key, count: null, people: null, amount: null });
    } else {
      expect({ q, key, people: g.people.size >= minCell }).toEqual({ q, key, people: true });
      expect({ q, key, cell: { count: cell.count, people: cell.people, ...(c.amount ? { amount: cell.amount } : {}) } }).toEqual({ q, key, cell: exact });
    }
  }
  return t.cells;
}

/**
 * A statistics query answers every one of its dimensions, alone, on the subgraph's database: for the auditor the counts
 * add up to the table's rows (one SELECT COUNT(*)), for `as` (the owning department's officers) without error, every cell either suppressed
 * (analysts: FORBIDDEN)
 * or of k people or more. `multiValued` dimensions (a JSON list) are left out of the sum.
 */
export async function expectEveryDimension(h: SubgraphHarness, query: string, table: string, dimensions: string[], opts: { as?: TokenAs[]; multiValued?: string[] } = {}): Promise<void> {
  const [{ n }] = await h.db.query(`SELECT COUNT(*) AS n FROM ${table}`);
  expect(Number(n)).toBeGreaterThan(0);
  for (const d of dimensions) {
    const q = `{ t: ${query}(groupBy: [${d}]) { exact cells { count people suppressed } } }`;
    const auditor = await h.request(q, undefined, { role: 'auditor' });
    expect({ d, errors: auditor.errors }).toEqual({ d, errors: undefined });
    if (!opts.multiValued?.includes(d)) expect({ d, total: auditor.data.t.cells.reduce((s: number, c: any) => s + c.count, 0) }).toEqual({ d, total: Number(n) });
    // analysts see none of the rows: FORBIDDEN (STATISTICS_ROLES); the owning department's officers get suppressed tables
    const analyst = await h.request(q, undefined, { role: 'analyst' } as TokenAs);
    expect({ d, code: analyst.errors?.[0]?.extensions?.code }).toEqual({ d, code: 'FORBIDDEN' });
    expect(opts.as?.length).toBeGreaterThan(0);
    for (const as of opts.as ?? []) {
      const r = await h.request(q, undefined, as);
      expect({ d, as, errors: r.errors }).toEqual({ d, as, errors: undefined });
      for (const c of r.data.t.cells) expect({ d, ok: c.suppressed ? c.count === null && c.people === null : c.people >= 5 }).toEqual({ d, ok: true });
    }
  }
}

/**
 * The hostile reviewer's attacker: asks `query` grouped by EVERY subset of `dimensions`, in EVERY order (and asserts
 * the orders agree), then solves singleton rows over all those published tables to a fixed point (a row of a table
 * along one dimension sums, in records and in fen, to its margin in the table without it; one unknown in a row gives
 * it) and returns the groups of fewer than k people it recovered (to be none), with how many cells it derived.
 * `rows` are the records the slice holds (brute force: which cells are primary).
 */
export async function attackStatistics(
  h: SubgraphHarness,
  rows: BruteRow[],
  c: { query: string; dimensions: string[]; fields: string[]; filter?: string; as: TokenAs; amount?: boolean },
  minCell = 5,
): Promise<{ leaks: string[]; derived: number; tables: number }> {
  const n = c.dimensions.length;
  const perms = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
  // published: mask -> key (fields in c.fields order, restricted to the subset) -> figures, null when suppressed
  const published = new Map<number, Map<string, { count: number; fen: number } | null>>();
  for (let m = 0; m < 1 << n; m++) {
    const dims = c.dimensions.filter((_, i) => m & (1 << i));
    const fields = c.fields.filter((_, i) => m & (1 << i));
    let first: string | undefined;
    for (const order of perms(dims)) {
      const orderFields = order.map((d) => fields[dims.indexOf(d)]);
      const q = `{ t: ${c.query}(groupBy: [${order.join(', ')}]${c.filter ? `, filter: ${c.filter}` : ''}) { cells { ${c.fields.join(' ')} count ${c.amount ? 'amount' : ''} suppressed } } }`;
      const r = await h.request(q, undefined, c.as);
      expect({ q, errors: r.errors }).toEqual({ q, errors: undefined });
      const cells = (r.data.t.cells as any[])
        .map((x) => [JSON.stringify(fields.map((f) => x[f])), x.suppressed ? null : { count: x.count, fen: c.amount ? Math.round(Number(x.amount) * 100) : 0 }] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const text = JSON.stringify(cells);
      if (first === undefined) first = text;
      // the same cells whatever the order of groupBy
      else expect({ q, order: orderFields, cells: text }).toEqual({ q, order: orderFields, cells: first });
      if (!published.has(m)) published.set(m, new Map(cells));
    }
  }
  const known = new Map<string, { count: number; fen: number }>();
  const id = (m: number, key: string) => `${m}:${key}`;
  for (const [m, cells] of published) for (const [key, v] of cells) if (v) known.set(id(m, key), v);
  const equations: string[][] = [];
  for (const [m, cells] of published)
    for (let d = 0; d < n; d++) {
      if (!(m & (1 << d))) continue;
      const pos = c.dimensions.filter((_, i) => m & (1 << i)).indexOf(c.dimensions[d]);
      const rowsOf = new Map<string, string[]>();
      for (const key of cells.keys()) {
        const rest = JSON.stringify((JSON.parse(key) as unknown[]).filter((_, j) => j !== pos));
        rowsOf.set(rest, [...(rowsOf.get(rest) ?? []), id(m, key)]);
      }
      for (const [rest, ids] of rowsOf) if (published.get(m & ~(1 << d))!.has(rest)) equations.push([...ids, id(m & ~(1 << d), rest)]);
    }
  let derived = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const unknown = eq.filter((x) => !known.has(x));
      if (unknown.length !== 1) continue;
      const margin = eq[eq.length - 1];
      const others = eq.filter((x) => x !== unknown[0] && x !== margin).reduce((s, x) => ({ count: s.count + known.get(x)!.count, fen: s.fen + known.get(x)!.fen }), { count: 0, fen: 0 });
      if (unknown[0] === margin) known.set(margin, others);
      else known.set(unknown[0], { count: known.get(margin)!.count - others.count, fen: known.get(margin)!.fen - others.fen });
      derived++;
      changed = true;
    }
  }
  // the primary cells: groups of the rows with fewer than k distinct people
  const leaks: string[] = [];
  for (const [m, cells] of published) {
    const fields = c.fields.filter((_, i) => m & (1 << i));
    const people = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = JSON.stringify(fields.map((f) => row.values[f] ?? null));
      const set = people.get(key) ?? new Set<string>();
      if (row.person !== null) set.add(row.person);
      people.set(key, set);
    }
    for (const key of cells.keys()) {
      const p = people.get(key)?.size ?? 0;
      if (p > 0 && p < minCell && known.has(id(m, key))) leaks.push(`${fields.join('×')} ${key}: ${JSON.stringify(known.get(id(m, key)))} (${p} people)`);
    }
  }
  return { leaks, derived, tables: published.size };
}
