import { answerTable, marginTables, type MeasuredCell } from './statistics';
import { setKeySource } from '../access/derived-keys';
import { suppressCells, suppressHierarchy, type RawCell } from './suppression';

/**
 * The hierarchical suppression against the hostile review's attacks: a brute-force attacker holding EVERY published
 * table (the query of every subset of the dimensions, in every order) solves singleton rows to a fixed point and must
 * recover no primary cell.
 */

type Key = RawCell['key'];
const K = 5;
const analyst = { role: 'analyst' } as never;
const auditor = { role: 'auditor' } as never;

/** A crafted cube: one record per person, so people = records (amount: 100 yuan a record unless given). */
const cube = (rows: [Key, number, number?][]): MeasuredCell[] =>
  rows.map(([key, people, fen]) => ({ key, count: people, people, amountFen: String(fen ?? people * 10_000), cellKey: 0n, maxFen: '10000' }));

/** Every permutation of a list. */
const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

/**
 * What an analyst is given: for every subset of `dims` (declaration order) and every order of it, the answer of the query
 * grouped by it. Returns, per subset mask, the cells' figures keyed in declaration order (null: suppressed), after
 * checking that every order of the subset gives the same cells.
 */
function published(dims: string[], base: MeasuredCell[]): Map<number, Map<string, { count: number | null; fen: string | null; people: number }>> {
  const all = marginTables(base, dims.length);
  const out = new Map<number, Map<string, { count: number | null; fen: string | null; people: number }>>();
  for (let m = 0; m < 1 << dims.length; m++) {
    const canonical = dims.filter((_, i) => m & (1 << i));
    const tables = new Map<number, MeasuredCell[]>();
    // the query on `canonical` computes its own lattice: the subsets of m, re-indexed on canonical
    for (let s = 0; s < 1 << canonical.length; s++) {
      const sub = canonical.filter((_, i) => s & (1 << i));
      const mask = dims.reduce((acc, d, i) => (sub.includes(d) ? acc | (1 << i) : acc), 0);
      tables.set(s, all.get(mask)!.map((c) => ({ ...c, key: [...c.key] })));
    }
    let first: string | undefined;
    for (const order of permutations(canonical)) {
      const t = answerTable(analyst, K, order, canonical, new Map([...tables].map(([k, v]) => [k, v.map((c) => ({ ...c }))])), new Map(), undefined, false);
      // back to declaration order, to compare the orders
      const cells = t.cells.map((c) => ({ key: canonical.map((d) => c.key[order.indexOf(d)]), count: c.count, amount: c.amount, suppressed: c.suppressed }));
      cells.sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
      const text = JSON.stringify(cells);
      if (first === undefined) first = text;
      else expect(text).toBe(first);
    }
    const figures = new Map<string, { count: number | null; fen: string | null; people: number }>();
    for (const c of JSON.parse(first!) as { key: Key; count: number | null; amount: string | null }[]) {
      // a combination with no records listed as suppressed (a structural zero hidden): 0 people, nobody to protect
      const exact = all.get(m)!.find((x) => JSON.stringify(x.key) === JSON.stringify(c.key));
      if (!exact) expect(c.count).toBeNull();
      figures.set(JSON.stringify(c.key), { count: c.count, fen: c.amount === null ? null : String(Math.round(Number(c.amount) * 100)), people: exact?.people ?? Infinity });
    }
    out.set(m, figures);
  }
  return out;
}

/**
 * The attacker: singleton-row propagation over all published tables. A row of table m along dimension d sums to its
 * margin in m \ {d}; a row with exactly one unknown (counting the margin) gives it. Returns every cell derived, with its
 * derived record count and amount, and the primary cells (fewer than K people) among them.
 */
function attack(dims: string[], tables: ReturnType<typeof published>) {
  const known = new Map<string, { count: number; fen: bigint }>();
  const id = (m: number, key: string) => `${m}:${key}`;
  for (const [m, cells] of tables) for (const [key, c] of cells) if (c.count !== null) known.set(id(m, key), { count: c.count, fen: BigInt(c.fen!) });
  const equations: string[][] = [];
  for (const [m, cells] of tables)
    dims.forEach((_, d) => {
      if (!(m & (1 << d))) return;
      const pos = dims.filter((_, i) => m & (1 << i)).indexOf(dims[d]);
      const rows = new Map<string, string[]>();
      for (const key of cells.keys()) {
        const rest = JSON.stringify((JSON.parse(key) as Key).filter((_, j) => j !== pos));
        rows.set(rest, [...(rows.get(rest) ?? []), id(m, key)]);
      }
      for (const [rest, row] of rows) equations.push([...row, id(m & ~(1 << d), rest)]);
    });
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const unknown = eq.filter((x) => !known.has(x));
      if (unknown.length !== 1) continue;
      const margin = eq[eq.length - 1];
      const sum = (xs: string[]) => xs.reduce((s, x) => ({ count: s.count + known.get(x)!.count, fen: s.fen + known.get(x)!.fen }), { count: 0, fen: 0n });
      const others = sum(eq.filter((x) => x !== unknown[0] && x !== margin));
      if (unknown[0] === margin) known.set(margin, others);
      else {
        const total = known.get(margin)!;
        known.set(unknown[0], { count: total.count - others.count, fen: total.fen - others.fen });
      }
      changed = true;
    }
  }
  const leaks: string[] = [];
  for (const [m, cells] of tables) for (const [key, c] of cells) if (c.people < K && known.has(id(m, key))) leaks.push(`${dims.filter((_, i) => m & (1 << i)).join('×')} ${key}`);
  return { known, leaks };
}

describe('hierarchical suppression: no primary cell derivable from all published tables', () => {
  // finding 1: enrolments in one township, PROGRAMME × STATUS (the township is one value: left out)
  const enrolments = cube([
    [['DIBAO', 'ACTIVE'], 4, 149_400],
    [['DIBAO', 'ENDED'], 8, 303_600],
    [['MARGINAL', 'ACTIVE'], 8, 0],
    [['TEKUN', 'ACTIVE'], 1, 149_500],
  ]);

  it('the old single-table pattern was open to the chain of finding 1', () => {
    // the old procedure: each table suppressed on its own, every margin published as computed
    const dims = ['PROGRAMME', 'STATUS'];
    const all = marginTables(enrolments, 2);
    const tables = new Map<number, Map<string, { count: number | null; fen: string | null; people: number }>>();
    for (const [m, cells] of all) {
      const hidden = suppressCells(cells, dims.filter((_, i) => m & (1 << i)).length, K);
      tables.set(m, new Map(cells.map((c, i) => [JSON.stringify(c.key), { count: hidden[i] ? null : c.count, fen: hidden[i] ? null : c.amountFen, people: c.people }])));
    }
    const { known, leaks } = attack(dims, tables);
    // DIBAO 12 (published) − DIBAO·ENDED (the ENDED margin, whose row has one cell) = DIBAO·ACTIVE; then TEKUN·ACTIVE
    expect(leaks.sort()).toEqual(['PROGRAMME×STATUS ["DIBAO","ACTIVE"]', 'PROGRAMME×STATUS ["TEKUN","ACTIVE"]', 'PROGRAMME ["TEKUN"]'].sort());
    expect(known.get('3:["TEKUN","ACTIVE"]')).toEqual({ count: 1, fen: 149_500n });
  });

  it('finding 1 after the fix: nothing below k derivable, in any order', () => {
    const tables = published(['PROGRAMME', 'STATUS'], enrolments);
    expect(attack(['PROGRAMME', 'STATUS'], tables).leaks).toEqual([]);
    // DIBAO·ENDED is the whole ENDED margin (8, published): the ENDED row lists its empty combinations as suppressed
    // cells, so that it no longer shows one cell; every open figure is the exact one
    const all = marginTables(enrolments, 2);
    for (const [m, cells] of tables)
      for (const [key, c] of cells) {
        const exact = all.get(m)!.find((x) => JSON.stringify(x.key) === key);
        if (c.count !== null) expect([c.count, c.fen]).toEqual([exact!.count, exact!.amountFen]);
      }
    // MARGINAL·ACTIVE (8) is alone in its MARGINAL row: open, it would give the MARGINAL margin, the complement of
    // TEKUN (1) in the PROGRAMME table, and so TEKUN: suppressed too — the PROGRAMME × STATUS table is all suppressed
    expect([...tables.get(3)!].filter(([, c]) => c.count !== null)).toEqual([]);
    expect([...tables.get(3)!.keys()]).toEqual(expect.arrayContaining(['["MARGINAL","ENDED"]', '["TEKUN","ENDED"]']));
    // the STATUS table is all open (13 and 8 people) and the total (21) too
    expect([...tables.get(2)!.values()].map((c) => c.count)).toEqual([13, 8]);
    expect([...tables.get(0)!.values()].map((c) => c.count)).toEqual([21]);
  });

  // finding 2: legal aid ELIGIBILITY × STATUS; ECONOMIC_HARDSHIP: ASSIGNED 6, CLOSED 5, REFUSED 1
  const legalAid = cube([
    [['DIBAO_RECIPIENT', 'ASSIGNED'], 9],
    [['DIBAO_RECIPIENT', 'CLOSED'], 14],
    [['DIBAO_RECIPIENT', 'REFUSED'], 2],
    [['ECONOMIC_HARDSHIP', 'ASSIGNED'], 6],
    [['ECONOMIC_HARDSHIP', 'CLOSED'], 5],
    [['ECONOMIC_HARDSHIP', 'REFUSED'], 1],
    [['OTHER', 'ASSIGNED'], 7],
    [['OTHER', 'CLOSED'], 11],
    [['OTHER', 'REFUSED'], 3],
  ]);

  it('finding 2 after the fix: every order of groupBy gives the same cells, and nothing below k is derivable', () => {
    const dims = ['ELIGIBILITY', 'STATUS'];
    const tables = published(dims, legalAid); // asserts every order gives the same cells
    expect(attack(dims, tables).leaks).toEqual([]);
    const two = tables.get(3)!;
    // at most one of ECONOMIC_HARDSHIP·ASSIGNED (6) and ·CLOSED (5) is open: both open with the margin 12 give REFUSED = 1
    const eh = ['ASSIGNED', 'CLOSED'].filter((s) => two.get(JSON.stringify(['ECONOMIC_HARDSHIP', s]))!.count !== null);
    expect(eh.length).toBeLessThanOrEqual(1);
    expect(two.get('["ECONOMIC_HARDSHIP","REFUSED"]')!.count).toBeNull();
  });

  it('order independence of answerTable: every permutation of the dimensions gives the same cells', () => {
    const base = cube([
      [['A', 'P', 2025], 3], [['A', 'Q', 2025], 9], [['B', 'P', 2025], 12], [['B', 'Q', 2024], 2],
      [['A', 'P', 2024], 7], [['B', 'P', 2024], 6], [['A', 'Q', 2024], 11], [['B', 'Q', 2025], 8],
    ]);
    published(['TOWNSHIP', 'PROGRAMME', 'YEAR'], base); // throws on a difference between orders
    const dims = ['TOWNSHIP', 'PROGRAMME', 'YEAR'];
    const results = permutations(dims).map((order) => {
      const t = answerTable(analyst, K, order, dims, marginTables(base, 3), new Map([['TOWNSHIP', new Set<string | number | boolean>(['A'])]]), undefined, false);
      expect(t.dimensions).toEqual(order);
      return JSON.stringify(t.cells.map((c) => [dims.map((d) => c.key[order.indexOf(d)]), c.count, c.suppressed]).sort());
    });
    expect(new Set(results).size).toBe(1);
  });

  it('suppresses a group of 4 and not a group of 5; open cells carry the exact figures; the auditor the exact table', () => {
    const four = answerTable(analyst, K, ['TOWNSHIP'], ['TOWNSHIP'], marginTables(cube([[['A'], 4], [['B'], 30], [['C'], 12]]), 1), new Map(), undefined, false);
    expect(four.cells.map((c) => [c.key[0], c.count, c.suppressed])).toEqual([['A', null, true], ['B', 30, false], ['C', null, true]]);
    const five = answerTable(analyst, K, ['TOWNSHIP'], ['TOWNSHIP'], marginTables(cube([[['A'], 5], [['B'], 30], [['C'], 12]]), 1), new Map(), undefined, false);
    expect(five.cells.map((c) => [c.key[0], c.count, c.amount, c.suppressed])).toEqual([['A', 5, '500.00', false], ['B', 30, '3000.00', false], ['C', 12, '1200.00', false]]);
    const exact = answerTable(auditor, K, ['TOWNSHIP'], ['TOWNSHIP'], new Map([[1, cube([[['A'], 4], [['B'], 30]])]]), new Map(), undefined, false);
    expect(exact.cells.map((c) => [c.count, c.suppressed])).toEqual([[4, false], [30, false]]);
  });

  it('perturbed as published: a group of 4 is suppressed, a group of 5 is open at 5-7 people, the same records the same figures', () => {
    setKeySource('test-gateway-signing-key-0123456789abcdef');
    const cells = (a: number) => marginTables(cube([[['A'], a], [['B'], 30], [['C'], 12]]).map((c, i) => ({ ...c, cellKey: BigInt(1000 + i) })), 1);
    const four = answerTable(analyst, K, ['TOWNSHIP'], ['TOWNSHIP'], cells(4), new Map(), undefined, true);
    expect(four.cells.map((c) => [c.key[0], c.people, c.suppressed])).toEqual([['A', null, true], ['B', expect.any(Number), false], ['C', null, true]]);
    const five = answerTable(analyst, K, ['TOWNSHIP'], ['TOWNSHIP'], cells(5), new Map(), undefined, true);
    const a = five.cells[0];
    expect([a.key[0], a.suppressed, a.people! >= 5 && a.people! <= 7]).toEqual(['A', false, true]);
    for (const [c, n] of five.cells.map((c, i) => [c, [5, 30, 12][i]] as const)) {
      expect(Math.abs(c.people! - n)).toBeLessThanOrEqual(2);
      // the amount carries the records' noise in largest amounts (100 yuan each here), plus at most half of one
      expect(Math.abs(Math.round(Number(c.amount) * 100) - c.count! * 10_000)).toBeLessThanOrEqual(5_000);
    }
    // B and C hold the same records in both tables: the same figures
    expect(five.cells.slice(1)).toEqual(answerTable(analyst, K, ['TOWNSHIP'], ['TOWNSHIP'], cells(5), new Map(), undefined, true).cells.slice(1));
    expect(four.cells[1]).toEqual(five.cells[1]);
  });

  it('a cell alone in its row with a published margin is known: it never serves as the only complement', () => {
    //          P    Q    R
    //   A      2    -    9      (A,P) primary; the old pattern's complement in row A is (A,R), alone in column R,
    //   B      6   20    -      whose margin R = 9 is published: (A,R) = 9, then (A,P) = A − 9 = 2
    const dims = ['TOWNSHIP', 'PROGRAMME'];
    const base = cube([[['A', 'P'], 2], [['A', 'R'], 9], [['B', 'P'], 6], [['B', 'Q'], 20]]);
    const tables = published(dims, base);
    expect(attack(dims, tables).leaks).toEqual([]);
    // the empty combinations of the chain's rows are listed as suppressed: row A and column R no longer show one cell
    const top = tables.get(3)!;
    expect([...top.keys()].sort()).toEqual(['["A","P"]', '["A","Q"]', '["A","R"]', '["B","P"]', '["B","Q"]', '["B","R"]']);
    expect([...top.values()].every((c) => c.count === null)).toBe(true);
    // the margins stay open: A 11, B 26; P 8, Q 20, R 9
    expect([...tables.get(1)!.values()].map((c) => c.count)).toEqual([11, 26]);
    expect([...tables.get(2)!.values()].map((c) => c.count)).toEqual([8, 20, 9]);
  });

  it('random cubes of 2-3 dimensions: the brute-force attacker recovers no primary cell', () => {
    let seed = 20251231;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 90; round++) {
      const n = 2 + (round % 3);
      const sizes = Array.from({ length: n }, () => 2 + Math.floor(random() * 3));
      const rows: [Key, number][] = [];
      const walk = (prefix: (string | number)[]) => {
        if (prefix.length === n) {
          if (random() < 0.8) rows.push([prefix, 1 + Math.floor(random() < 0.4 ? random() * 4 : random() * 20)]);
          return;
        }
        for (let v = 0; v < sizes[prefix.length]; v++) walk([...prefix, `v${v}`]);
      };
      walk([]);
      const dims = Array.from({ length: n }, (_, i) => `D${i}`);
      const flags = suppressHierarchy(marginTables(cube(rows), n), n, K);
      expect(flags.unrepaired).toBe(0);
      const tables = published(dims, cube(rows));
      const { leaks } = attack(dims, tables);
      if (leaks.length) throw new Error(`round ${round}: ${JSON.stringify(rows)} leaks ${leaks.join('; ')}`);
    }
  });

  it('fund use (programme × township × month): a month is a slice of its year, and its margins leak no primary cell', () => {
    const dims = ['PROGRAMME', 'TOWNSHIP', 'MONTH'];
    const base = cube([
      [['DIBAO', 'A', '2025-01'], 12], [['DIBAO', 'A', '2025-02'], 12], [['DIBAO', 'B', '2025-01'], 3], [['DIBAO', 'B', '2025-02'], 4],
      [['TEKUN', 'A', '2025-01'], 1], [['TEKUN', 'A', '2025-02'], 1], [['TEKUN', 'B', '2025-01'], 6], [['TEKUN', 'B', '2025-02'], 7],
      [['MARGINAL', 'A', '2025-02'], 9], [['MARGINAL', 'B', '2025-01'], 8],
    ]);
    expect(attack(dims, published(dims, base)).leaks).toEqual([]);
    const year = answerTable(analyst, K, dims, dims, marginTables(base, 3), new Map(), undefined, false);
    const month = answerTable(analyst, K, dims, dims, marginTables(base, 3), new Map([['MONTH', new Set<string | number | boolean>(['2025-02'])]]), undefined, false);
    expect(month.cells).toEqual(year.cells.filter((c) => c.key[2] === '2025-02'));
    // the primary cells (B·DIBAO 3 and 4, A·TEKUN 1 and 1) are suppressed, and more than them
    expect(year.cells.filter((c) => c.suppressed).length).toBeGreaterThan(4);
  });

  it('suppressHierarchy returns a pattern for every table, exact: none', () => {
    const all = marginTables(cube([[['A', 'P'], 2], [['A', 'Q'], 9], [['B', 'P'], 6], [['B', 'Q'], 20]]), 2);
    const flags = suppressHierarchy(all, 2, K);
    expect([...flags.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(flags.get(0)!.hidden).toEqual([false]);
    expect([...suppressHierarchy(all, 2, K, { exact: true }).values()].flatMap((t) => t.hidden).every((x) => !x)).toBe(true);
  });
});
