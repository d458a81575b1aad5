import { setKeySource } from '../access/derived-keys';
import crypto from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import { paginate, listOrder, assertOrderAllowed, setCursorSubgraph, CURSOR_BUCKET, OrderDirection, type ListOrderInput } from './pagination';
import { COORDINATES } from '../access/classification';
import { openDatabase } from '../db/data-source';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases';
import { yuanColumn, type Yuan } from '../domain/money';
import type { Identity } from '../access/identity';

/**
 * The kit's paging: keyset pages in a declared order (string by code point, date, amount, nullable key), forward and
 * backward, mixed bounds, first: 0, refused cursors, and the same order on SQLite and PostgreSQL. The table's string
 * columns are declared with a collation that is NOT code point order (SQLite NOCASE, PostgreSQL ICU zh: pinyin), so a
 * sort that forgot its explicit collation would fail here.
 */
@Entity('paging_item')
class PagingItem {
  @PrimaryColumn('uuid')
  id: string;
  @Column('varchar', { length: 64 })
  name: string;
  @Column('date')
  day: string;
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;
  @Column('varchar', { length: 40, nullable: true })
  note: string | null;
}

const ORDER = listOrder('PagingItem', {
  NAME: { property: 'name', kind: 'string', description: 'name' },
  DAY: { property: 'day', kind: 'date', description: 'day' },
  AMOUNT: { property: 'amount', kind: 'integer', description: 'amount' },
  NOTE: { property: 'note', kind: 'string', nullable: true, description: 'note' },
});
const AUDITOR: Identity = { subject: 'u', role: 'auditor' };
const ANALYST: Identity = { subject: 'a', role: 'analyst' };

/** Unicode code point order (UTF-8 bytes), not JavaScript's UTF-16 order. */
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const fen = (y: string) => Math.round(Number(y) * 100);

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞', '徐强', '孙丽', 'anna', 'Bob', 'ｚ全角', '𠀀生僻', '张伟', '阿依古丽', '欧阳明', 'Émile'];
const AMOUNTS = ['9.00', '10.00', '100.00', '99.99', '1000.50', '0.01', '250.00', '25.00', '10.00', '3.30'];

function population(): PagingItem[] {
  const out: PagingItem[] = [];
  for (let i = 0; i < 60; i++) {
    const d = new Date(Date.UTC(2024, 0, 1) + ((i * 37) % 400) * 86400000).toISOString().slice(0, 10);
    out.push(Object.assign(new PagingItem(), {
      id: crypto.randomUUID(),
      name: NAMES[i % NAMES.length],
      day: d,
      amount: AMOUNTS[(i * 7) % AMOUNTS.length],
      note: i % 4 === 0 ? null : NAMES[(i * 3) % NAMES.length],
    }));
  }
  return out;
}

function expected(rows: PagingItem[], field: string, dir: OrderDirection): string[] {
  const sign = dir === OrderDirection.ASC ? 1 : -1;
  const cmpId = (a: PagingItem, b: PagingItem) => sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const key = (r: PagingItem): [number, string | number] | null => {
    switch (field) {
      case 'NAME': return [0, r.name];
      case 'DAY': return [0, r.day];
      case 'AMOUNT': return [0, fen(r.amount)];
      case 'NOTE': return r.note === null ? null : [0, r.note];
      default: return [0, 0];
    }
  };
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) return ka === kb ? cmpId(a, b) : ka === null ? 1 : -1; // NULLs last both ways
      const c = typeof ka[1] === 'number' ? (ka[1] as number) - (kb[1] as number) : byCodePoint(ka[1] as string, kb[1] as string);
      return c !== 0 ? sign * c : cmpId(a, b);
    })
    .map((r) => r.id);
}

function code(e: unknown): { code?: unknown; reason?: unknown } {
  const x = (e as { extensions?: Record<string, unknown> }).extensions ?? {};
  return { code: x.code, reason: x.reason };
}

describe.each(testDatabaseKinds())('keyset paging on %s', (kind) => {
  let t: TestDatabase;
  let db: DataSource;
  let rows: PagingItem[];
  const qb = () => db.getRepository(PagingItem).createQueryBuilder('i');
  const page = (args: Record<string, unknown>, orderBy?: ListOrderInput) =>
    paginate(qb(), args, { ordering: ORDER, orderBy, identity: AUDITOR });

  beforeAll(async () => {
    for (const k of ['ID', 'NAME', 'DAY', 'AMOUNT', 'NOTE']) COORDINATES[`PagingItemOrder.field[${k}]`] = { class: 'public', kind: 'sort' };
    t = await createTestDatabase(kind, 'paging');
    db = await openDatabase({ url: t.url, entities: [PagingItem], migrations: [] });
    // string columns whose own collation is not code point order: the sort must state its collation
    const coll = kind === 'postgres' ? 'COLLATE "zh-x-icu"' : 'COLLATE NOCASE';
    await db.query(
      `CREATE TABLE paging_item (id ${kind === 'postgres' ? 'uuid' : 'varchar'} PRIMARY KEY, name varchar(64) ${coll} NOT NULL, ` +
        `day date NOT NULL, amount bigint NOT NULL, note varchar(40) ${coll})`,
    );
    rows = population();
    await db.getRepository(PagingItem).insert(rows);
  });
  afterAll(async () => {
    for (const k of ['ID', 'NAME', 'DAY', 'AMOUNT', 'NOTE']) delete COORDINATES[`PagingItemOrder.field[${k}]`];
    await db?.destroy();
    await t?.drop();
  });

  /** every id, paging forward by `size` */
  async function forward(orderBy: ListOrderInput | undefined, size: number): Promise<string[][]> {
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const p = await page({ first: size, after }, orderBy);
      pages.push(p.edges.map((e) => e.node.id));
      if (!(await p.pageInfo.hasNextPage())) break;
      after = p.pageInfo.endCursor;
      expect(pages.length).toBeLessThan(100);
    }
    return pages;
  }

  /** every id, paging backward by `size` from the end (pages in the order read: last page first) */
  async function backward(orderBy: ListOrderInput | undefined, size: number): Promise<string[][]> {
    const pages: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const p = await page({ last: size, before }, orderBy);
      pages.push(p.edges.map((e) => e.node.id));
      if (!(await p.pageInfo.hasPreviousPage())) break;
      before = p.pageInfo.startCursor;
      expect(pages.length).toBeLessThan(100);
    }
    return pages;
  }

  it.each([
    ['ID', OrderDirection.ASC], ['NAME', OrderDirection.ASC], ['NAME', OrderDirection.DESC], ['DAY', OrderDirection.ASC],
    ['DAY', OrderDirection.DESC], ['AMOUNT', OrderDirection.ASC], ['AMOUNT', OrderDirection.DESC], ['NOTE', OrderDirection.ASC],
    ['NOTE', OrderDirection.DESC],
  ] as const)('orders by %s %s as computed in JS (code points, numbers, NULLs last), forward and backward', async (field, direction) => {
    const orderBy = { field, direction };
    const want = expected(rows, field, direction);
    const pages = await forward(orderBy, 7);
    expect(pages.flat()).toEqual(want);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    // backward from the end: the same pages' items in reverse, cut from the other end
    const back = await backward(orderBy, 7);
    expect(back.reverse().flat()).toEqual(want);
    expect(back.map((p) => p.length)).toEqual([4, 7, 7, 7, 7, 7, 7, 7, 7]);
  });

  it('gives back, paging backward from a forward page\'s start, exactly the pages forward paging gave, in reverse', async () => {
    const orderBy = { field: 'NAME', direction: OrderDirection.ASC };
    const fwd: { ids: string[]; start: string | null }[] = [];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const p = await page({ first: 10, after }, orderBy);
      fwd.push({ ids: p.edges.map((e) => e.node.id), start: p.pageInfo.startCursor });
      after = p.pageInfo.endCursor;
    }
    for (let i = 3; i >= 1; i--) {
      const p = await page({ last: 10, before: fwd[i].start }, orderBy);
      expect(p.edges.map((e) => e.node.id)).toEqual(fwd[i - 1].ids);
      expect(await p.pageInfo.hasNextPage()).toBe(true);
      expect(await p.pageInfo.hasPreviousPage()).toBe(i - 1 > 0);
    }
  });

  it('applies both bounds (mixed: first + before, last + after) and reports the other side', async () => {
    const orderBy = { field: 'AMOUNT', direction: OrderDirection.DESC };
    const want = expected(rows, 'AMOUNT', OrderDirection.DESC);
    const all = await page({ first: 60 }, orderBy);
    const cursorAt = (i: number) => all.edges[i].cursor;
    const between = await page({ first: 100, after: cursorAt(9), before: cursorAt(20) }, orderBy);
    expect(between.edges.map((e) => e.node.id)).toEqual(want.slice(10, 20));
    const firstTwo = await page({ first: 2, after: cursorAt(9), before: cursorAt(20) }, orderBy);
    expect(firstTwo.edges.map((e) => e.node.id)).toEqual(want.slice(10, 12));
    expect(await firstTwo.pageInfo.hasNextPage()).toBe(true);
    expect(await firstTwo.pageInfo.hasPreviousPage()).toBe(true);
    const lastTwo = await page({ last: 2, after: cursorAt(9), before: cursorAt(20) }, orderBy);
    expect(lastTwo.edges.map((e) => e.node.id)).toEqual(want.slice(18, 20));
    expect(await lastTwo.pageInfo.hasPreviousPage()).toBe(true);
    expect(await lastTwo.pageInfo.hasNextPage()).toBe(true);
    // the very start and end
    const head = await page({ first: 3 }, orderBy);
    expect(await head.pageInfo.hasPreviousPage()).toBe(false);
    const tail = await page({ last: 3 }, orderBy);
    expect(tail.edges.map((e) => e.node.id)).toEqual(want.slice(57));
    expect(await tail.pageInfo.hasNextPage()).toBe(false);
  });

  it('answers first: 0 and last: 0 with no edges and the count', async () => {
    for (const args of [{ first: 0 }, { last: 0 }]) {
      const p = await page(args);
      expect(p.edges).toEqual([]);
      expect(p.pageInfo.startCursor).toBeNull();
      expect(p.pageInfo.endCursor).toBeNull();
      expect(await p.totalCount()).toBe(60);
    }
    expect(await (await page({ first: 0 })).pageInfo.hasNextPage()).toBe(true);
    expect(await (await page({ last: 0 })).pageInfo.hasPreviousPage()).toBe(true);
    // neither first nor last: the default page of 50
    expect((await page({})).edges).toHaveLength(50);
  });

  it('keeps cursors stable when rows are inserted before the page boundary', async () => {
    const orderBy = { field: 'DAY', direction: OrderDirection.ASC };
    const p1 = await page({ first: 10 }, orderBy);
    const p2 = await page({ first: 10, after: p1.pageInfo.endCursor }, orderBy);
    const extra = Object.assign(new PagingItem(), { id: crypto.randomUUID(), name: '新来', day: '2023-06-01', amount: '1.00', note: null });
    await db.getRepository(PagingItem).insert(extra);
    try {
      const again = await page({ first: 10, after: p1.pageInfo.endCursor }, orderBy);
      expect(again.edges.map((e) => e.node.id)).toEqual(p2.edges.map((e) => e.node.id));
    } finally {
      await db.getRepository(PagingItem).delete(extra.id);
    }
  });

  it('refuses bad cursors, cursors of another order, first with last, and sizes out of range', async () => {
    const byName = await page({ first: 3 }, { field: 'NAME', direction: OrderDirection.ASC });
    const c = byName.pageInfo.endCursor!;
    const refused = async (args: Record<string, unknown>, orderBy?: ListOrderInput) => {
      try {
        await page(args, orderBy);
        return undefined;
      } catch (e) {
        return code(e);
      }
    };
    for (const other of [{ field: 'NAME', direction: OrderDirection.DESC }, { field: 'DAY', direction: OrderDirection.ASC }, undefined])
      for (const arg of ['after', 'before'])
        expect(await refused({ first: 3, [arg]: c }, other)).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
    const forged = Buffer.from(JSON.stringify({ o: 'PagingItemOrder:NAME:ASC', v: ["x' OR 1=1 --", 'not-a-uuid'] })).toString('base64url');
    for (const bad of ['garbage', 'k:1', Buffer.from('{"o":1}').toString('base64url'), forged])
      expect(await refused({ first: 3, after: bad }, { field: 'NAME', direction: OrderDirection.ASC })).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
    expect(await refused({ first: 3, last: 3 })).toEqual({ code: 'BAD_USER_INPUT', reason: 'FIRST_AND_LAST' });
    for (const args of [{ first: -1 }, { last: 501 }, { first: 1.5 }]) expect(await refused(args)).toEqual({ code: 'BAD_USER_INPUT', reason: 'OUT_OF_RANGE' });
    // the same cursor with its own order still works
    expect((await page({ first: 3, after: c }, { field: 'NAME', direction: OrderDirection.ASC })).edges).toHaveLength(3);
  });

  it('seals cursors: no sort value can be read from one, and one sealed with another key is refused', async () => {
    setKeySource('first-secret-0123456789abcdef0123456789');
    const orderBy = { field: 'NAME', direction: OrderDirection.ASC };
    const p = await page({ first: 5 }, orderBy);
    const again = await page({ first: 5 }, orderBy);
    expect(again.edges.map((e) => e.cursor)).toEqual(p.edges.map((e) => e.cursor)); // one row, one cursor
    for (const e of p.edges) {
      const raw = Buffer.from(e.cursor, 'base64url');
      expect(raw.includes(Buffer.from(e.node.name, 'utf8'))).toBe(false);
      expect(raw.toString('latin1')).not.toContain(e.node.id);
    }
    const next = await page({ first: 5, after: p.pageInfo.endCursor }, orderBy);
    setKeySource('other-secret-0123456789abcdef0123456789');
    await expect(page({ first: 5, after: p.pageInfo.endCursor }, orderBy)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' } });
    setKeySource('first-secret-0123456789abcdef0123456789');
    expect((await page({ first: 5, after: p.pageInfo.endCursor }, orderBy)).edges.map((e) => e.node.id)).toEqual(next.edges.map((e) => e.node.id));
  });

  it('binds a cursor to its caller (subject, role, township, department), its subgraph, its list and its order', async () => {
    const orderBy = { field: 'DAY', direction: OrderDirection.DESC };
    const as = (identity: Identity, args: Record<string, unknown>, o: { list?: string } = {}) =>
      paginate(qb(), args, { ordering: ORDER, orderBy, identity, ...o });
    const refusedFor = async (identity: Identity, args: Record<string, unknown>, o: { list?: string } = {}) => {
      try {
        await as(identity, args, o);
        return 'accepted';
      } catch (e) {
        const x = (e as { extensions?: Record<string, unknown>; message: string });
        return { code: x.extensions?.code, field: x.extensions?.field, reason: x.extensions?.reason, message: x.message };
      }
    };
    const townshipA: Identity = { subject: 'window-1', role: 'caseworker', township: '370281001' };
    const p = await as(townshipA, { first: 5 });
    const c = p.pageInfo.endCursor!;
    const next = await as({ ...townshipA }, { first: 5, after: c }); // the same caller (a new token): accepted
    expect(next.edges).toHaveLength(5);
    const others: Identity[] = [
      { ...townshipA, township: '370281002' }, // another township
      { ...townshipA, subject: 'window-2' }, // another subject
      { subject: 'window-1', role: 'auditor' }, // another role
      { subject: 'window-1', role: 'department_officer', department: 'MEDICAL' },
    ];
    // refused exactly as a forged cursor is (the same message), never saying why
    const forged = { ...(await refusedFor(townshipA, { first: 3, after: 'garbage' }) as object) } as Record<string, unknown>;
    const refusal = { code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR', message: forged.message };
    for (const who of others)
      for (const arg of ['after', 'before'] as const)
        expect(await refusedFor(who, { first: 3, [arg]: c })).toEqual({ ...refusal, field: arg, message: String(forged.message).replace('`after`', `\`${arg}\``) });
    // another list of one subgraph with the same order type: refused, and accepted on its own list
    const listed = (await as(townshipA, { first: 5 }, { list: 'Query.items' })).pageInfo.endCursor!;
    expect(await refusedFor(townshipA, { first: 3, after: listed }, { list: 'Query.otherItems' })).toEqual({ ...refusal, field: 'after' });
    expect(await refusedFor(townshipA, { first: 3, after: listed })).toEqual({ ...refusal, field: 'after' });
    expect((await as(townshipA, { first: 3, after: listed }, { list: 'Query.items' })).edges).toHaveLength(3);
    // the same list of another subgraph (two subgraphs' audit logs share AuditLogOrder and the audit_log table)
    setCursorSubgraph(db, 'civil-affairs');
    try {
      const civil = (await as(AUDITOR, { first: 5 })).pageInfo.endCursor!;
      setCursorSubgraph(db, 'medical');
      expect(await refusedFor(AUDITOR, { first: 3, after: civil })).toEqual({ ...refusal, field: 'after' });
      setCursorSubgraph(db, 'civil-affairs');
      expect((await as(AUDITOR, { first: 3, after: civil })).edges).toHaveLength(3);
    } finally {
      setCursorSubgraph(db, '');
    }
  });

  it('pads cursors: within a bucket, a short and a long sort value give cursors of one length', async () => {
    const lengths = async (field: string) => {
      const p = await page({ first: 60 }, { field, direction: OrderDirection.ASC });
      return { field, lengths: [...new Set(p.edges.map((e) => e.cursor.length))] };
    };
    const byteLengths = new Set(rows.map((r) => Buffer.byteLength(r.name)));
    expect(Math.min(...byteLengths)).toBeLessThanOrEqual(3); // 'Bob'
    expect(Math.max(...byteLengths)).toBeGreaterThanOrEqual(12); // '阿依古丽'
    // NAME (3 to 12 bytes), NOTE (null or a name): one length each, the same as an order by id
    const id = await lengths('ID');
    expect(id.lengths).toHaveLength(1);
    for (const field of ['NAME', 'NOTE', 'DAY', 'AMOUNT']) expect(await lengths(field)).toEqual({ field, lengths: id.lengths });
    // the content is a multiple of CURSOR_BUCKET bytes: 12 bytes IV + 16 bytes tag + the padded content
    expect((Buffer.from((await page({ first: 1 })).edges[0].cursor, 'base64url').length - 28) % CURSOR_BUCKET).toBe(0);
  });

  it('checks the sort key against the classification: refused to roles that may not see it, and when unclassified', async () => {
    await expect(paginate(qb(), { first: 1 }, { ordering: ORDER, orderBy: { field: 'NAME' } })).rejects.toThrow(/identity/);
    COORDINATES['PagingItemOrder.field[NAME]'] = { class: 'identifier.name', kind: 'sort' };
    try {
      await expect(paginate(qb(), { first: 1 }, { ordering: ORDER, orderBy: { field: 'NAME' }, identity: ANALYST })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect((await paginate(qb(), { first: 1 }, { ordering: ORDER, orderBy: { field: 'NAME' }, identity: AUDITOR })).edges).toHaveLength(1);
      // the default order needs no check
      expect((await paginate(qb(), { first: 1 }, { ordering: ORDER, orderBy: { field: 'ID' }, identity: ANALYST })).edges).toHaveLength(1);
    } finally {
      COORDINATES['PagingItemOrder.field[NAME]'] = { class: 'public', kind: 'sort' };
    }
  });
});

describe('sort keys in the classification', () => {
  const analyst: Identity = { subject: 'a', role: 'analyst' };
  const caseworker: Identity = { subject: 'c', role: 'caseworker', township: '370281001' };
  const forbiddenFor = (who: Identity, input: string, field: string) => {
    try {
      assertOrderAllowed(who, { inputName: input }, { field });
      return false;
    } catch (e) {
      return (e as { extensions?: { code?: string } }).extensions?.code === 'FORBIDDEN';
    }
  };

  it('refuses analysts an order by a value they do not see, and any key but ID on a count-only list', () => {
    for (const [input, field] of [['PersonOrder', 'NAME'], ['PersonOrder', 'BIRTH_DATE'], ['MedicalClaimOrder', 'DISCHARGE_DATE'], ['CharityGrantOrder', 'AMOUNT'], ['EducationAidOrder', 'AMOUNT'], ['RentSubsidyOrder', 'MONTHLY_AMOUNT'], ['MedicalClaimOrder', 'TOTAL_COST']])
      expect({ input, field, refused: forbiddenFor(analyst, input, field) }).toEqual({ input, field, refused: true });
    for (const [input, field] of [['PersonOrder', 'ID'], ['MedicalClaimOrder', 'ID'], ['EducationAidOrder', 'ID'], ['CharityProjectOrder', 'NAME']])
      expect({ input, field, refused: forbiddenFor(analyst, input, field) }).toEqual({ input, field, refused: false });
    for (const [input, field] of [['PersonOrder', 'NAME'], ['PersonOrder', 'BIRTH_DATE']])
      expect({ input, field, refused: forbiddenFor(caseworker, input, field) }).toEqual({ input, field, refused: false });
    expect(forbiddenFor(caseworker, 'PersonOrder', 'SHOE_SIZE')).toBe(true);
  });
});
