// jest's global expect, read when a check runs (this module is loaded outside jest too, e.g. by tools)
const expect = (v: unknown): any => (globalThis as any).expect(v);
import { fenToYuan } from '../domain/money';
import { cellKeyOf, perturbCell, recordKey } from '../statistics/perturbation';
import type { SubgraphHarness, TokenAs } from './subgraph-harness';

/**
 * Brute-force checks of a statistics query (kit statistics/): the test reads the rows itself (plain SELECT), groups them
 * in JavaScript and compares every cell the query answers — the auditor's exactly (records, distinct people, the yuan
 * sum); everyone else's unsuppressed cells against the documented perturbation of those true figures (statistics/
 * perturbation.ts: the cell key summed here from the rows' persons with the record key, PostgreSQL's uuid_hash, so the
 * database's key must agree with it) and within its bounds; suppressed ones against the rule (every group of fewer than
 * k people suppressed, complements of k or more).
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
  // per group: its people, and its true figures with what the noise is drawn from
  const groups = new Map<string, { seen: Set<string>; cell?: BruteCell }>();
  for (const row of rows) {
    if (c.keep && !c.keep(row)) continue;
    const key = JSON.stringify(c.fields.map((f) => row.values[f] ?? null));
    const g = groups.get(key) ?? { seen: new Set<string>() };
    g.cell = addToBruteCell(g.cell, row.person, row.amountFen ?? 0, row.person !== null && !g.seen.has(row.person));
    if (row.person !== null) g.seen.add(row.person);
    groups.set(key, g);
  }
  const answered = new Map<string, any>(t.cells.map((cell: any) => [JSON.stringify(c.fields.map((f) => cell[f])), cell]));
  // every group is answered; a combination with no records may be listed too, suppressed (a structural zero hidden by
  // the audit), never for the auditor
  expect({ q, keys: [...groups.keys()].filter((k) => !answered.has(k)) }).toEqual({ q, keys: [] });
  for (const [key, cell] of answered)
    if (!groups.has(key)) expect({ q, key, zero: { suppressed: cell.suppressed, exact: t.exact } }).toEqual({ q, key, zero: { suppressed: true, exact: false } });
  for (const [key, { cell: g }] of groups as Map<string, { cell: BruteCell }>) {
    const cell = answered.get(key);
    const exact = { count: g.count, people: g.people, ...(c.amount ? { amount: fenToYuan(g.fen) } : {}) };
    if (t.exact) {
      expect({ q, key, cell: { count: cell.count, people: cell.people, ...(c.amount ? { amount: cell.amount } : {}), suppressed: cell.suppressed } }).toEqual({ q, key, cell: { ...exact, suppressed: false } });
    } else if (cell.suppressed) {
      expect({ q, key, count: cell.count, people: cell.people, amount: cell.amount ?? null }).toEqual({ q, key, count: null, people: null, amount: null });
    } else {
      expect({ q, key, people: g.people >= minCell }).toEqual({ q, key, people: true });
      // the published figures: the true ones perturbed as documented, from the cell's records
      const p = expectedPublished(g, minCell);
      const published = { count: p.count, people: p.people, ...(c.amount ? { amount: p.amount } : {}) };
      expect({ q, key, cell: { count: cell.count, people: cell.people, ...(c.amount ? { amount: cell.amount } : {}) } }).toEqual({ q, key, cell: published });
      expect({ q, key, within: Math.abs(cell.people - g.people) <= 2 && Math.abs(cell.count - g.count) <= 2 && cell.people >= minCell }).toEqual({ q, key, within: true });
      // the amount: the records' published noise in largest amounts, plus at most half the largest amount
      if (c.amount) expect({ q, key, within: Math.abs(Math.round(Number(cell.amount) * 100) - g.fen - (cell.count - g.count) * g.maxFen) <= g.maxFen / 2 }).toEqual({ q, key, within: true });
    }
  }
  return t.cells;
}

/**
 * A statistics query answers every one of its dimensions, alone, on the subgraph's database: for the auditor the counts
 * add up to the table's rows (one SELECT COUNT(*)); for analysts and for `as` (the owning department's officers) without
 * error, every cell either suppressed or of k people or more (analysts: FORBIDDEN only for a village, or the dimensions
 * in `analystDenied`), and the same cells for both (the suppression and the noise are the same for every role but the
 * auditor). `multiValued` dimensions (a JSON list) are left out of the sum.
 */
export async function expectEveryDimension(
  h: SubgraphHarness,
  query: string,
  table: string,
  dimensions: string[],
  opts: { as?: TokenAs[]; multiValued?: string[]; analystDenied?: string[] } = {},
): Promise<void> {
  const [{ n }] = await h.db.query(`SELECT COUNT(*) AS n FROM ${table}`);
  expect(Number(n)).toBeGreaterThan(0);
  const denied = opts.analystDenied ?? ['VILLAGE'];
  for (const d of dimensions) {
    const q = `{ t: ${query}(groupBy: [${d}]) { exact cells { count people suppressed } } }`;
    const auditor = await h.request(q, undefined, { role: 'auditor' });
    expect({ d, errors: auditor.errors }).toEqual({ d, errors: undefined });
    if (!opts.multiValued?.includes(d)) expect({ d, total: auditor.data.t.cells.reduce((s: number, c: any) => s + c.count, 0) }).toEqual({ d, total: Number(n) });
    const analyst = await h.request(q, undefined, { role: 'analyst' } as TokenAs);
    if (denied.includes(d)) {
      expect({ d, code: analyst.errors?.[0]?.extensions?.code }).toEqual({ d, code: 'FORBIDDEN' });
      continue;
    }
    expect({ d, errors: analyst.errors }).toEqual({ d, errors: undefined });
    expect(opts.as?.length).toBeGreaterThan(0);
    for (const as of opts.as ?? []) {
      const r = await h.request(q, undefined, as);
      expect({ d, as, errors: r.errors }).toEqual({ d, as, errors: undefined });
      for (const c of r.data.t.cells) expect({ d, ok: c.suppressed ? c.count === null && c.people === null : c.people >= 5 }).toEqual({ d, ok: true });
      if (as.role !== 'caseworker' && as.role !== 'township_approver' && as.role !== 'village_assistant') expect({ d, as, cells: r.data.t.cells }).toEqual({ d, as, cells: analyst.data.t.cells });
    }
  }
}

/**
 * The hostile reviewer's attacker: asks `query` grouped by EVERY subset of `dimensions`, in EVERY order (and asserts
 * the orders agree), then solves singleton rows over all those published tables to a fixed point (a row of a table
 * along one dimension sums, in records and in fen, to its margin in the table without it; one unknown in a row gives
 * it). Every published count is known to the attacker only within ±2 (the documented noise, statistics/perturbation.ts),
 * so a derived count carries the sum of its inputs' radii. Returns the groups of fewer than k people it PINNED (the
 * values its derivation allows, within 1..k−1, are one: to be none), how many cells it derived, and how many of the
 * derived primary cells happened to equal the true count (a guess the attacker cannot tell from the others).
 * `rows` are the records the slice holds (brute force: which cells are primary).
 */
export async function attackStatistics(
  h: SubgraphHarness,
  rows: BruteRow[],
  c: { query: string; dimensions: string[]; fields: string[]; filter?: string; as: TokenAs; amount?: boolean },
  minCell = 5,
): Promise<{ leaks: string[]; derived: number; tables: number; primaryDerived: number; primaryEqual: number }> {
  const n = c.dimensions.length;
  const perms = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
  // published: mask -> key (fields in c.fields order, restricted to the subset) -> figures, null when suppressed
  const published = new Map<number, Map<string, { count: number; fen: number } | null>>();
  // the auditor's tables are exact (radius 0); everyone else's counts are known within ±2
  let radius = 2;
  for (let m = 0; m < 1 << n; m++) {
    const dims = c.dimensions.filter((_, i) => m & (1 << i));
    const fields = c.fields.filter((_, i) => m & (1 << i));
    let first: string | undefined;
    for (const order of perms(dims)) {
      const orderFields = order.map((d) => fields[dims.indexOf(d)]);
      const q = `{ t: ${c.query}(groupBy: [${order.join(', ')}]${c.filter ? `, filter: ${c.filter}` : ''}) { exact cells { ${c.fields.join(' ')} count ${c.amount ? 'amount' : ''} suppressed } } }`;
      const r = await h.request(q, undefined, c.as);
      expect({ q, errors: r.errors }).toEqual({ q, errors: undefined });
      if (r.data.t.exact) radius = 0;
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
  // what the attacker knows of a cell: a count within ±r (published: r = 2, the noise's bound) and a sum of fen
  const known = new Map<string, { count: number; fen: number; r: number }>();
  const id = (m: number, key: string) => `${m}:${key}`;
  for (const [m, cells] of published) for (const [key, v] of cells) if (v) known.set(id(m, key), { ...v, r: radius });
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
      const others = eq
        .filter((x) => x !== unknown[0] && x !== margin)
        .reduce((s, x) => ({ count: s.count + known.get(x)!.count, fen: s.fen + known.get(x)!.fen, r: s.r + known.get(x)!.r }), { count: 0, fen: 0, r: 0 });
      if (unknown[0] === margin) known.set(margin, others);
      else {
        const m = known.get(margin)!;
        known.set(unknown[0], { count: m.count - others.count, fen: m.fen - others.fen, r: m.r + others.r });
      }
      derived++;
      changed = true;
    }
  }
  // the primary cells: groups of the rows with fewer than k distinct people
  const leaks: string[] = [];
  let primaryDerived = 0;
  let primaryEqual = 0;
  for (const [m, cells] of published) {
    const fields = c.fields.filter((_, i) => m & (1 << i));
    const people = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = JSON.stringify(fields.map((f) => row.values[f] ?? null));
      const set = people.get(key) ?? new Set<string>();
      if (row.person !== null) set.add(row.person);
      people.set(key, set);
    }
    const records = new Map<string, number>();
    for (const row of rows) {
      const key = JSON.stringify(fields.map((f) => row.values[f] ?? null));
      records.set(key, (records.get(key) ?? 0) + 1);
    }
    for (const key of cells.keys()) {
      const p = people.get(key)?.size ?? 0;
      const k = known.get(id(m, key));
      if (!(p > 0 && p < minCell && k)) continue;
      primaryDerived++;
      if (k.count === records.get(key)) primaryEqual++;
      // the records' counts the derivation allows, of a cell that is known to hold 1 to k−1 people (1 record at least)
      const lo = Math.max(1, k.count - k.r);
      const hi = k.count + k.r;
      if (lo === hi) leaks.push(`${fields.join('×')} ${key}: ${JSON.stringify(k)} (${p} people)`);
    }
  }
  return { leaks, derived, tables: published.size, primaryDerived, primaryEqual };
}

/** What a test summed for one cell from the rows: true figures and what the noise is drawn from. */
export interface BruteCell {
  people: number;
  count: number;
  fen: number;
  /** the sum of the records' keys (recordKey of each record's person) */
  keySum: bigint;
  /** the largest single amount in fen */
  maxFen: number;
}

/**
 * Add one record (its person, or null, and its amount in fen) to a brute-force cell; `newPerson`: the person was not
 * yet counted. A record without a person adds no key (SUM skips a null in the database too).
 */
export function addToBruteCell(cell: BruteCell | undefined, person: string | null, fen: number, newPerson: boolean): BruteCell {
  const c = cell ?? { people: 0, count: 0, fen: 0, keySum: 0n, maxFen: 0 };
  if (newPerson) c.people++;
  c.count++;
  c.fen += fen;
  if (person !== null) c.keySum += BigInt(recordKey(person));
  c.maxFen = Math.max(c.maxFen, fen);
  return c;
}

/** The figures a non-auditor is published for a brute-force cell (statistics/perturbation.ts: the same in every query). */
export function expectedPublished(c: BruteCell, minCell = 5): { people: number; count: number; amount: string } {
  const p = perturbCell({ people: c.people, count: c.count, amountFen: String(c.fen), cellKey: cellKeyOf(c.keySum), maxFen: String(c.maxFen) }, minCell);
  return { people: p.people, count: p.count, amount: fenToYuan(p.amountFen!) };
}
