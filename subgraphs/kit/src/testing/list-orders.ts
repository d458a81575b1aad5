import assert from 'node:assert/strict';
import type { SubgraphHarness, TokenAs } from './subgraph-harness';
import type { DatabaseKind } from './databases';

/**
 * Checks of a list's declared orders against the seeded population, for each subgraph's tests: the ids of the first
 * pages in each order and direction must be the order computed in JavaScript from the table (strings by Unicode code
 * point, dates as ISO, amounts as numbers, ties by id), and paging backward from the last page read must give back
 * the same pages, reversed. The sequences are kept per database so that a test can compare SQLite with PostgreSQL.
 */

/** One sort key to check: its enum value and the table column behind it. */
export interface OrderCheck {
  field: string;
  column: string;
  kind: 'string' | 'date' | 'month' | 'integer';
}

/** The ids in each order (`FIELD DIRECTION`) seen on each database, filled by checkListOrders. */
export const SEEN_ORDERS: Partial<Record<DatabaseKind, Record<string, string[]>>> = {};

const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The ids of `rows` in the order (field, direction), computed in JavaScript; ties by id in the same direction. */
export function expectedOrder(rows: { id: string; v: string | number }[], kind: OrderCheck['kind'], direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const c = kind === 'integer' ? (a.v as number) - (b.v as number) : byCodePoint(String(a.v), String(b.v));
      return sign * (c !== 0 ? c : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((r) => r.id);
}

/**
 * Page through `list` (a root connection field) in every order of `checks`, both directions, `pages` pages of `size`,
 * comparing with the JavaScript order of `table`'s rows; then page backward from the last page's start cursor and
 * expect the earlier pages back. Returns how many rows the table holds.
 */
export async function checkListOrders(
  h: SubgraphHarness,
  kind: DatabaseKind,
  o: { list: string; orderType: string; table: string; checks: OrderCheck[]; as: TokenAs; size?: number; pages?: number },
): Promise<number> {
  const size = o.size ?? 25;
  const pages = o.pages ?? 3;
  const q = `query($o: ${o.orderType}, $first: Int, $after: String, $last: Int, $before: String) {
    ${o.list}(orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  const seen = (SEEN_ORDERS[kind] ??= {});
  let total = 0;
  for (const c of o.checks) {
    const value = c.kind === 'date' ? `CAST("${c.column}" AS VARCHAR(10))` : `"${c.column}"`;
    const raw: { id: string; v: unknown }[] = await h.db.query(`SELECT id, ${value} AS v FROM ${o.table}`);
    const rows = raw.map((r) => ({ id: String(r.id), v: c.kind === 'integer' ? Number(r.v) : String(r.v) }));
    total = rows.length;
    if (rows.length < size * pages) throw new Error(`${o.table} holds ${rows.length} rows: too few to check ${pages} pages of ${size}`);
    for (const direction of ['ASC', 'DESC'] as const) {
      const orderBy = { field: c.field, direction };
      const want = expectedOrder(rows, c.kind, direction).slice(0, size * pages);
      const got: { ids: string[]; start: string }[] = [];
      let after: string | null = null;
      for (let i = 0; i < pages; i++) {
        const r: { data?: any; errors?: unknown } = await h.request(q, { o: orderBy, first: size, after }, o.as);
        if (r.errors) throw new Error(`${o.list} ${c.field} ${direction}: ${JSON.stringify(r.errors)}`);
        const page: any = r.data[o.list];
        got.push({ ids: page.edges.map((e: { node: { id: string } }) => e.node.id), start: page.pageInfo.startCursor });
        if (page.totalCount !== rows.length) throw new Error(`${o.list}: totalCount ${page.totalCount}, table ${rows.length}`);
        if (page.pageInfo.hasPreviousPage !== i > 0) throw new Error(`${o.list} ${c.field} ${direction}: hasPreviousPage on page ${i}`);
        after = page.pageInfo.endCursor;
      }
      assert.deepEqual(got.flatMap((p) => p.ids), want, `${o.list} ${c.field} ${direction}: the pages are not the order computed from the table`);
      seen[`${o.list} ${c.field} ${direction}`] = want;
      // backward from the last page's start: the pages before it, each as forward paging gave it
      let before = got[pages - 1].start;
      for (let i = pages - 2; i >= 0; i--) {
        const r = await h.request(q, { o: orderBy, last: size, before }, o.as);
        if (r.errors) throw new Error(`${o.list} ${c.field} ${direction} backward: ${JSON.stringify(r.errors)}`);
        const page = r.data[o.list];
        const ids = page.edges.map((e: { node: { id: string } }) => e.node.id);
        assert.deepEqual(ids, got[i].ids, `${o.list} ${c.field} ${direction}: backward page ${i} is not forward page ${i}`);
        assert.deepEqual([page.pageInfo.hasNextPage, page.pageInfo.hasPreviousPage], [true, i > 0], `${o.list} ${c.field} ${direction}: pageInfo of backward page ${i}`);
        before = page.pageInfo.startCursor;
      }
    }
  }
  return total;
}

/**
 * The paging rules every list keeps: `first: 0` answers the count and no edges, `first` with `last` is refused, and a
 * cursor of one order is refused with another, or to another caller (BAD_USER_INPUT, reason BAD_CURSOR).
 */
export async function checkPagingRules(h: SubgraphHarness, o: { list: string; orderType: string; field: string; as: TokenAs }): Promise<void> {
  const count = await h.request(`{ ${o.list}(first: 0) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, {}, o.as);
  assert.equal(count.errors, undefined, JSON.stringify(count.errors));
  assert.equal(count.data[o.list].edges.length, 0);
  assert.ok(count.data[o.list].totalCount > 0, `${o.list}: first: 0 gave no count`);
  assert.deepEqual({ ...count.data[o.list].pageInfo }, { hasNextPage: true, endCursor: null });
  const both = await h.request(`{ ${o.list}(first: 1, last: 1) { totalCount } }`, {}, o.as);
  assert.deepEqual([both.errors?.[0].extensions?.code, both.errors?.[0].extensions?.reason], ['BAD_USER_INPUT', 'FIRST_AND_LAST']);
  const q = `query($o: ${o.orderType}, $a: String) { ${o.list}(first: 2, after: $a, orderBy: $o) { pageInfo { endCursor } } }`;
  const first = await h.request(q, { o: { field: o.field } }, o.as);
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const cursor = first.data[o.list].pageInfo.endCursor;
  for (const other of [{ field: o.field, direction: 'DESC' }, { field: 'ID' }]) {
    const r = await h.request(q, { o: other, a: cursor }, o.as);
    const x = r.errors?.[0].extensions;
    assert.deepEqual([x?.code, x?.field, x?.reason], ['BAD_USER_INPUT', 'after', 'BAD_CURSOR'], `${o.list}: a cursor of ${o.field} ASC used with ${JSON.stringify(other)}`);
  }
  // a cursor is bound to its caller: another subject of the same role is refused it, the same order and list
  const stranger = await h.request(q, { o: { field: o.field }, a: cursor }, { ...o.as, subject: `${o.as.subject ?? o.as.role}-other` });
  const y = stranger.errors?.[0].extensions;
  assert.deepEqual([y?.code, y?.field, y?.reason], ['BAD_USER_INPUT', 'after', 'BAD_CURSOR'], `${o.list}: a cursor given to another caller was accepted`);
  const own = await h.request(q, { o: { field: o.field }, a: cursor }, o.as);
  assert.equal(own.errors, undefined, JSON.stringify(own.errors));
}

/** One list of a subgraph whose declared orders `describeListOrders` checks. */
export interface ListOrderSpec {
  /** the root connection field, e.g. `people` */
  list: string;
  /** its order input type, e.g. `PersonOrder` */
  orderType: string;
  /** the table behind it */
  table: string;
  /** the sort keys to check against the table (the first is also used for the paging rules) */
  checks: OrderCheck[];
  /** the keys an analyst may not order by (each must be FORBIDDEN, for rows and for a bare count) */
  analystForbidden: string[];
  /** page size and number of pages read per order (defaults 10 and 3) */
  size?: number;
  pages?: number;
}

/** The jest globals `describeListOrders` declares its tests with (the kit is built without jest's types). */
interface JestGlobals {
  describe: { (name: string, fn: () => void): void; each(cases: readonly unknown[]): (name: string, fn: (kind: DatabaseKind) => void) => void };
  it(name: string, fn: () => Promise<void> | void): void;
  beforeAll(fn: () => Promise<void> | void, timeout?: number): void;
  afterAll(fn: () => Promise<void> | void): void;
}

/**
 * Declares, under jest, the order tests of a subgraph's lists on every test database: each list's keys give the order
 * computed from the seeded table forward and backward (checkListOrders), keep the paging rules (checkPagingRules), and
 * are FORBIDDEN to analysts where the spec says so; then SQLite and PostgreSQL must have given the same sequences.
 * `more` adds a subgraph's own tests inside the same harness.
 */
export function describeListOrders(
  subgraphName: string,
  start: (kind: DatabaseKind) => Promise<SubgraphHarness>,
  kinds: readonly DatabaseKind[],
  lists: ListOrderSpec[],
  more?: (harness: () => SubgraphHarness, kind: DatabaseKind) => void,
): void {
  const { describe, it, beforeAll, afterAll } = globalThis as unknown as JestGlobals;
  const AUDITOR: TokenAs = { role: 'auditor' };
  const ANALYST: TokenAs = { role: 'analyst' };
  describe.each(kinds)(`${subgraphName} list orders on %s`, (kind: DatabaseKind) => {
    let h: SubgraphHarness;
    beforeAll(async () => {
      h = await start(kind);
    });
    afterAll(() => h?.close());
    for (const l of lists) {
      const size = l.size ?? 10;
      const pages = l.pages ?? 3;
      it(`orders ${l.list} by ${l.checks.map((c) => c.field).join(', ')} as computed from the table, forward and backward`, async () => {
        const rows = await checkListOrders(h, kind, { list: l.list, orderType: l.orderType, table: l.table, checks: l.checks, as: AUDITOR, size, pages });
        assert.ok(rows >= size * pages, `${l.table}: ${rows} rows`);
        await checkPagingRules(h, { list: l.list, orderType: l.orderType, field: l.checks[0].field, as: AUDITOR });
      });
      if (l.analystForbidden.length)
        it(`refuses analysts an order of ${l.list} by ${l.analystForbidden.join(', ')} (FORBIDDEN), rows or bare count`, async () => {
          for (const field of l.analystForbidden)
            for (const sel of ['totalCount', 'totalCount edges { node { id } }']) {
              const r = await h.request(`query($o: ${l.orderType}) { ${l.list}(orderBy: $o) { ${sel} } }`, { o: { field, direction: 'DESC' } }, ANALYST);
              assert.deepEqual({ field, sel, code: r.errors?.[0].extensions?.code, data: r.data?.[l.list] ?? null }, { field, sel, code: 'FORBIDDEN', data: null });
            }
        });
    }
    more?.(() => h, kind);
  });
  describe(`${subgraphName} list orders across databases`, () => {
    it('gives the same sequences on SQLite and PostgreSQL (when both are tested)', () => {
      const { sqlite, postgres } = SEEN_ORDERS;
      if (!kinds.includes('sqlite') || !kinds.includes('postgres')) return; // one database in TEST_DATABASES: nothing to compare
      assert.ok(sqlite && Object.keys(sqlite).length > 0, 'no sequence seen on SQLite');
      assert.deepEqual(postgres, sqlite);
    });
  });
}
