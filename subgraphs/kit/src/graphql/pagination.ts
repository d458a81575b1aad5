import crypto from 'node:crypto';
import { Ctx, Field, Info, Int, ObjectType, Directive, ArgsType, InputType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput, forbidden } from '../errors';
import type { Identity } from '../access/identity';
import { COORDINATES, classifyCoordinates, outcomeFor, type CoordinateClassification } from '../access/classification';
import { callerOf } from '../db/idempotency';
import type { SubgraphContext } from '../context';
import { countOnlyAt } from '../access/count-only';
import { derivedKey } from '../access/derived-keys';

/**
 * Relay cursor connections (https://relay.dev/graphql/connections.htm) for every list query of every subgraph.
 *
 * - Order: each list declares its sort keys (`listOrder`), asked for with `orderBy: { field, direction }`; the default is
 *   by id ascending. The entity's primary key always breaks ties, in the same direction, so the order is total and
 *   a page boundary never splits or repeats rows.
 * - Paging is keyset paging on (sort value, primary key): a cursor holds the list's order and the row's sort values, so
 *   rows inserted or removed elsewhere never shift a page. A cursor is refused (BAD_USER_INPUT, reason BAD_CURSOR) when
 *   it is not one this list gave out for the same order (field and direction) to the same caller.
 * - `first`/`after` page forward, `last`/`before` backward (the items just before `before`, in the list's order);
 *   `first` and `last` together are refused (FIRST_AND_LAST). `first: 0` (or `last: 0`) answers no edges and the
 *   totalCount. Neither given: the first 50.
 * - The same order on SQLite and PostgreSQL: strings compare by Unicode code point (PostgreSQL `COLLATE "C"` over
 *   UTF-8, SQLite `COLLATE BINARY` over UTF-8: both compare the UTF-8 bytes, which orders as code points; Chinese names
 *   therefore sort by code point, not by pinyin or strokes); dates compare as ISO dates; amounts compare as integers
 *   (stored in fen, 分); a nullable key puts NULLs last in both directions (an explicit `CASE` term, not the databases'
 *   differing defaults).
 * - Cursors are sealed (AES-256-GCM, key derived from the gateway signing key by the subgraph server): a cursor holds
 *   the row's sort value (a name, a date, an amount), which must not be readable from it — a caller asking only for
 *   cursors would otherwise read names without reading (and the audit log recording) `Person.name`. A cursor is bound,
 *   as the cipher's additional authenticated data, to the subgraph (setCursorSubgraph), the list (its order type and
 *   table, or `list`), the order (field, direction) and the caller's whole identity (subject, role, township,
 *   department: `callerOf`, as idempotency keys): one given to another caller, scope, list or order is refused as
 *   BAD_CURSOR like any forgery, so its hidden value cannot be placed among another caller's rows. The content is
 *   padded to a multiple of CURSOR_BUCKET bytes, so a cursor's length tells nothing finer (not a name's length).
 * - Privacy: every sort key is a schema coordinate `<List>Order.field[<KEY>]` (kind 'sort') of the classification: a
 *   sort by a value the caller may not see would reveal its order (ranks). A key is allowed only where the caller's
 *   outcome is `value`; count-only lists allow no key but the default.
 */

/**
 * The key that seals cursors (access/derived-keys.ts: list-cursor-v1, from the gateway signing key shared by every
 * replica, so that a cursor stays valid across replicas and restarts).
 */
const cursorKey = () => derivedKey('list-cursor-v1');

/** Cursor contents are padded to a multiple of this many bytes (with a 2-byte length prefix). */
export const CURSOR_BUCKET = 64;

/** The subgraph of each database (a DataSource), whose name every cursor of its lists is bound to. */
const cursorSubgraphs = new WeakMap<object, string>();

/**
 * Name the subgraph whose database `db` is (the subgraph server calls it): every cursor of a list read from `db` is
 * bound to it, so that one subgraph's cursor (its audit log's, say) is refused by another's list of the same order type.
 */
export function setCursorSubgraph(db: DataSource, subgraph: string): void {
  cursorSubgraphs.set(db, subgraph);
}

/** Pad `plain` (UTF-8) to a multiple of CURSOR_BUCKET bytes: a 2-byte big-endian length, the bytes, then zeros. */
function pad(plain: string): Buffer {
  const body = Buffer.from(plain, 'utf8');
  if (body.length > 0xffff) throw new Error('paginate: cursor content too long');
  const out = Buffer.alloc(Math.ceil((body.length + 2) / CURSOR_BUCKET) * CURSOR_BUCKET);
  out.writeUInt16BE(body.length, 0);
  body.copy(out, 2);
  return out;
}

/** The content of a padded buffer; undefined when the length or the padding is not one `pad` wrote. */
function unpad(padded: Buffer): string | undefined {
  if (padded.length < 2 || padded.length % CURSOR_BUCKET !== 0) return undefined;
  const n = padded.readUInt16BE(0);
  if (n + 2 > padded.length || padded.subarray(n + 2).some((b) => b !== 0)) return undefined;
  return padded.subarray(2, n + 2).toString('utf8');
}

/**
 * Seal a cursor's content, bound to `aad` (authenticated, not stored): deterministic (the IV is an HMAC of the bound
 * context and the content), so one row in one order has one cursor for one caller; distinct contexts never share an IV.
 */
function sealCursor(plain: string, aad: Buffer): string {
  const padded = pad(plain);
  const iv = crypto.createHmac('sha256', cursorKey()).update(aad).update(Buffer.from([0])).update(padded).digest().subarray(0, 12);
  const cipher = crypto.createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The content of a cursor this process's key sealed for the same `aad`; undefined for anything else. */
function openCursor(cursor: string, aad: Buffer): string | undefined {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length < 28 + CURSOR_BUCKET || raw.length > 4096) return undefined;
    const decipher = crypto.createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(12, 28));
    return unpad(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
  } catch {
    return undefined;
  }
}

/** The largest page. */
export const MAX_PAGE = 500;
/** The page when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 50;

/** Sort direction of a list's order. */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: '排序方向 Direction of a list\'s order (升序 ascending / 降序 descending); ties are broken by id in the same direction.',
  valuesConfig: {
    ASC: { description: '升序 Ascending: smallest (earliest date, lowest amount, first code point) first.' },
    DESC: { description: '降序 Descending: largest (latest date, highest amount, last code point) first.' },
  },
});

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a connection stands (Relay PageInfo).' })
export class PageInfo {
  /** computed when asked for */
  next!: () => Promise<boolean>;
  /** computed when asked for */
  previous!: () => Promise<boolean>;

  @Field(() => Boolean, {
    description:
      'True when more items follow this page in the list\'s order. Paging forward (first): whether items follow the page; ' +
      'paging backward (last): whether items exist at or after `before` (false without `before`).',
  })
  hasNextPage(): Promise<boolean> {
    return this.next();
  }

  @Field(() => Boolean, {
    description:
      'True when items come before this page in the list\'s order. Paging backward (last): whether items precede the page; ' +
      'paging forward (first): whether items exist at or before `after` (false without `after`).',
  })
  hasPreviousPage(): Promise<boolean> {
    return this.previous();
  }

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page; pass it as `before` (with `last`) for the page before. Null on an empty page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page; pass it as `after` (with `first`) for the next page. Null on an empty page.' })
  endCursor: string | null;
}

/**
 * Arguments of every list query (Relay): `first`/`after` page forward, `last`/`before` backward; at most one of
 * `first` and `last`, 0 to 500 (0: no edges, for a bare totalCount); neither: the first 50.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'How many items to return from the start (or from after `after`): 0 to 500; 0 returns no edges (for a bare totalCount). Default 50 when `last` is not given either. Not with `last`.',
  })
  @Min(0)
  @Max(MAX_PAGE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (an `endCursor` or an edge `cursor` this list gave the same caller, with the same orderBy; any other is BAD_CURSOR).' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many items to return from the end (or from just before `before`), in the list\'s order: 0 to 500; 0 returns no edges. Not with `first`.',
  })
  @Min(0)
  @Max(MAX_PAGE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items before this cursor (a `startCursor` or an edge `cursor` this list gave the same caller, with the same orderBy; any other is BAD_CURSOR).' })
  before?: string | null;
}

/** What kind of value a sort key holds: how it is compared and how a cursor's value is checked. */
export type SortKind = 'string' | 'date' | 'month' | 'integer';

/** One sort key of a list: an entity column. */
export interface SortKeyDefinition {
  /** the entity property (a column of the list's main alias) */
  property: string;
  /** string: Unicode code point order; date: ISO YYYY-MM-DD; month: YYYY-MM; integer: numeric (money in fen) */
  kind: SortKind;
  /** the column may be NULL: NULLs sort last in both directions */
  nullable?: boolean;
  /** the enum value's description (what it orders by, with the Chinese term) */
  description: string;
  /**
   * The key's access rule, declared where the list is (a department's own files): the class of the value it orders by
   * (and its owner for department.record), classified as `<List>Order.field[<KEY>]` (classifyCoordinates). Without it
   * the key must be in the kit's table, or it is refused to everyone.
   */
  access?: Omit<CoordinateClassification, 'kind'>;
}

/** A list's declared order: its GraphQL input and enum types and the keys behind them (`listOrder`). */
export interface ListOrdering {
  /** e.g. 'PersonOrder' (the input type; the enum is `${inputName}Field`) */
  inputName: string;
  keys: Record<string, SortKeyDefinition>;
  /** the primary key property (default 'id') and its kind */
  idProperty: string;
  idKind: 'uuid' | 'integer';
  /** the type-graphql input class, for `@Arg('orderBy', () => X.input)` */
  input: new () => ListOrderInput;
  /** one line naming the keys, for the list's and the argument's descriptions */
  summary: string;
}

/** An `orderBy` argument's value. */
export interface ListOrderInput {
  field: string;
  direction?: OrderDirection | null;
}

/**
 * Declare the sort keys of a list: makes the input `<name>Order { field: <name>OrderField! = ID, direction:
 * OrderDirection! = ASC }` and its enum (ID plus the given keys). Each key must be classified in classification.ts as
 * `<name>Order.field[<KEY>]` (kind 'sort'); unclassified keys are refused to everyone (and a kit test fails).
 *
 * @param name the list's type name, e.g. 'Person' (types PersonOrder, PersonOrderField)
 * @param keys the sort keys besides ID, by enum value (UPPER_SNAKE)
 * @param options the primary key when it is not the UUID column `id`
 */
export function listOrder(
  name: string,
  keys: Record<string, SortKeyDefinition>,
  options: { idProperty?: string; idKind?: 'uuid' | 'integer'; idDescription?: string } = {},
): ListOrdering {
  const inputName = `${name}Order`;
  const values: Record<string, string> = { ID: 'ID' };
  for (const k of Object.keys(keys)) values[k] = k;
  const valuesConfig: Record<string, { description: string }> = {
    ID: { description: options.idDescription ?? 'By id (the default): an opaque random id, so a stable order that means nothing.' },
  };
  for (const [k, d] of Object.entries(keys)) valuesConfig[k] = { description: d.description };
  registerEnumType(values, {
    name: `${inputName}Field`,
    description: `排序字段 What a ${name} list can be ordered by; ties are broken by id.`,
    valuesConfig,
  });

  @InputType(inputName, { description: `排序 The order of the ${name} list: a field and a direction. See the field's values for each key's comparison.` })
  class Order implements ListOrderInput {
    @Field(() => values, { defaultValue: 'ID', description: 'The key to order by (default ID).' })
    field: string;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
    direction: OrderDirection;
  }

  const declared: Record<string, CoordinateClassification> = {};
  for (const [k, d] of Object.entries(keys)) if (d.access) declared[`${inputName}.field[${k}]`] = { ...d.access, kind: 'sort' };
  if (Object.keys(declared).length && !COORDINATES[`${inputName}.field[ID]`])
    declared[`${inputName}.field[ID]`] = { class: 'public', kind: 'sort', note: 'the default order: by the opaque random id, which means nothing' };
  classifyCoordinates(declared);
  const summary = ['ID (default)', ...Object.keys(keys)].join(', ');
  return { inputName, keys, idProperty: options.idProperty ?? 'id', idKind: options.idKind ?? 'uuid', input: Order, summary };
}

/**
 * The ONE check of a list's sort key (as assertFiltersAllowed is for filters): the coordinate `<List>Order.field[<KEY>]`
 * must be classified (kind 'sort') and the caller's outcome there `value`; anything else (null, banded, omitted,
 * collapsed, count only, FORBIDDEN, unclassified) is FORBIDDEN: an order by a value the caller does not see would
 * reveal it by rank. The decision depends only on the caller and the argument, never on the data.
 */
export function assertOrderAllowed(identity: Identity, ordering: Pick<ListOrdering, 'inputName'>, orderBy: ListOrderInput | null | undefined): void {
  if (!orderBy) return;
  const field = orderBy.field ?? 'ID';
  const coordinate = `${ordering.inputName}.field[${field}]`;
  const outcome = sortOutcome(identity, coordinate);
  if (outcome === 'value') return;
  if (outcome === undefined) throw forbidden(`the sort key ${coordinate} is not classified (classification.ts); no role may use it`);
  const c = COORDINATES[coordinate];
  if (outcome === 'countOnly')
    throw forbidden(`your role may only count this list: it allows no order but the default (ID), so no ${field} order`);
  throw forbidden(`your role may not order by ${field}: ${c.note ?? `the value it orders by (${c.class}) is withheld from your role, and its order would reveal it`}`);
}

/** The caller's outcome at a sort coordinate (e.g. 'PersonOrder.field[NAME]'); undefined when it is not classified. */
export function sortOutcome(identity: Identity, coordinate: string) {
  const c = COORDINATES[coordinate];
  if (!c || c.kind !== 'sort') return undefined;
  return outcomeFor(identity, c.class, { owner: c.owner, coordinate });
}

/** The edges, page info and (lazy) count of one page. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** resolved only when the query asks for it */
  totalCount: () => Promise<number>;
}

/** The type-graphql classes of a connection over `nodeType`, named `<name>Connection` and `<name>Edge`. */
export function connectionType<T>(nodeType: new (...a: any[]) => T, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` (with `first`) to continue after it, or as `before` (with `last`) for the items before it; valid only for the caller it was given to, on this list, with the same orderBy.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class Connection {
    @Field(() => [Edge], { description: 'The items of this page, in the list\'s order (orderBy; default by id), ties broken by id.' })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more items follow or precede, and the cursors to continue from.' })
    pageInfo: PageInfo;

    count: () => Promise<number>;

    @Field(() => Int, {
      nullable: true,
      description:
        'How many items match the filter, over all pages (`first: 0` asks for it alone). Always null when the list is answered to the caller as a count only (it sees no rows of the list, e.g. analysts on a programme filter or a health list): arbitrary filters would let counts be differenced down to one person, so such callers get no count: the `*Statistics` queries answer only callers who see the rows, until their disclosure control is audited against every published table.',
    })
    async totalCount(@Ctx() ctx: SubgraphContext, @Info() info: GraphQLResolveInfo): Promise<number | null> {
      // a caller who sees no rows gets no count either (not even 0): the count is not read
      if (ctx?.identity && countOnlyAt(ctx.identity, info?.path?.prev)) return null;
      return this.count();
    }

    static of(page: Page<T>): Connection {
      const c = new Connection();
      c.edges = page.edges;
      c.pageInfo = page.pageInfo;
      c.count = page.totalCount;
      return c;
    }
  }
  return Connection;
}

/** One term of the effective ORDER BY. */
interface Term {
  /** SQL expression */
  sql: string;
  /** ascending in the forward order */
  asc: boolean;
  kind: SortKind | 'uuid' | 'nullFlag';
  /** the value of this term for a row */
  valueOf: (row: ObjectLiteral) => unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function validValue(kind: Term['kind'], v: unknown, nullable: boolean): boolean {
  if (v === null) return nullable;
  switch (kind) {
    case 'uuid':
      return typeof v === 'string' && UUID.test(v);
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'nullFlag':
      return v === 0 || v === 1;
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    case 'month':
      return typeof v === 'string' && /^\d{4}-\d{2}$/.test(v);
    case 'string':
      return typeof v === 'string' && v.length <= 1000;
  }
}

function cursorError(arg: 'after' | 'before'): Error {
  return badInput(`\`${arg}\` is not a cursor that this list gave you for this order (orderBy)`, arg, 'BAD_CURSOR');
}

/** Options of `paginate`: the list's declared order, the caller's choice, and the caller (whose right to it is checked). */
export interface PaginateOptions {
  ordering?: ListOrdering;
  orderBy?: ListOrderInput | null;
  /** required with an orderBy other than the default: the sort key is checked against the classification */
  identity?: Identity;
  /** the primary key property when no ordering is given (default 'id') */
  key?: string;
  /**
   * the list's name, which its cursors are bound to: needed only when two lists of one subgraph share an ordering
   * and a table (by default a cursor is bound to the ordering's input type and the table)
   */
  list?: string;
}

/**
 * Run a keyset-paginated query: `qb` already carries the filters (and scope). Rows are ordered by the chosen key (then
 * the primary key, same direction), bounded by `after`/`before`, `first + 1` (or `last + 1`, fetched in reverse and
 * turned back) are read to know whether more follow (precede). The count and the other side's existence query run
 * only when asked for. Throws BAD_USER_INPUT (OUT_OF_RANGE, FIRST_AND_LAST, BAD_CURSOR) and FORBIDDEN (sort key).
 *
 * @param key the primary key property (legacy form: a string), or the options
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  key: string | PaginateOptions = {},
): Promise<Page<T>> {
  const o: PaginateOptions = typeof key === 'string' ? { key } : key;
  const { first, last } = args;
  if (first != null && last != null) throw badInput('give `first` (page forward) or `last` (page backward), not both', 'last', 'FIRST_AND_LAST');
  for (const [name, v] of [['first', first], ['last', last]] as const)
    if (v != null && (!Number.isInteger(v) || v < 0 || v > MAX_PAGE)) throw badInput(`\`${name}\` must be between 0 and ${MAX_PAGE}`, name, 'OUT_OF_RANGE');
  const backward = last != null;
  const n = backward ? last! : (first ?? DEFAULT_PAGE_SIZE);

  // the order: the chosen key (checked against the classification), then the primary key in the same direction
  const field = o.orderBy?.field ?? 'ID';
  const asc = (o.orderBy?.direction ?? OrderDirection.ASC) === OrderDirection.ASC;
  if (o.ordering && o.orderBy) {
    if (!o.identity && field !== 'ID') throw new Error('paginate: an orderBy needs the caller (identity) to check the sort key');
    if (o.identity) assertOrderAllowed(o.identity, o.ordering, o.orderBy);
  }
  const def = field === 'ID' ? undefined : o.ordering?.keys[field];
  if (field !== 'ID' && !def) throw badInput(`this list cannot be ordered by ${field}`, 'orderBy.field', 'UNKNOWN_ORDER');
  const alias = qb.alias;
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const driver = qb.connection.driver;
  const postgres = qb.connection.options.type === 'postgres';
  const column = (property: string) => {
    const c = metadata.findColumnWithPropertyName(property);
    if (!c) throw new Error(`paginate: ${metadata.name} has no column ${property}`);
    return { sql: `${driver.escape(alias)}.${driver.escape(c.databaseName)}`, c };
  };
  const idProperty = o.ordering?.idProperty ?? o.key ?? 'id';
  const idKind = o.ordering?.idKind ?? (idProperty === 'id' ? 'uuid' : 'integer');
  const terms: Term[] = [];
  let nullableKey = false;
  if (def) {
    const { sql, c } = column(def.property);
    const raw = (row: ObjectLiteral) => {
      const v = c.getEntityValue(row, true);
      if (v === null || v === undefined) return null;
      return def.kind === 'integer' ? Number(v) : String(v);
    };
    if (def.nullable) {
      nullableKey = true;
      terms.push({ sql: `(CASE WHEN ${sql} IS NULL THEN 1 ELSE 0 END)`, asc: true, kind: 'nullFlag', valueOf: (r) => (raw(r) === null ? 1 : 0) });
    }
    const collated = def.kind === 'string' ? `${sql} COLLATE ${postgres ? '"C"' : 'BINARY'}` : sql;
    terms.push({ sql: collated, asc, kind: def.kind, valueOf: raw });
  }
  const id = column(idProperty);
  terms.push({
    sql: id.sql,
    asc,
    kind: idKind,
    valueOf: (r) => (idKind === 'integer' ? Number(r[idProperty]) : String(r[idProperty])),
  });

  // what a cursor is bound to (authenticated, never stored in it): subgraph, list, order, and the caller's identity
  const aad = Buffer.from(
    JSON.stringify([
      'aidgraph-list-cursor-v2',
      cursorSubgraphs.get(qb.connection) ?? null,
      o.list ?? `${o.ordering?.inputName ?? metadata.name}@${metadata.tablePath}`,
      `${field}:${asc ? 'ASC' : 'DESC'}`,
      o.identity ? callerOf(o.identity) : null,
    ]),
    'utf8',
  );
  const encode = (row: ObjectLiteral) => sealCursor(JSON.stringify(terms.map((t) => t.valueOf(row))), aad);
  const decode = (cursor: string, arg: 'after' | 'before'): unknown[] => {
    let parsed: unknown;
    try {
      const plain = openCursor(cursor, aad);
      if (plain === undefined) throw cursorError(arg);
      parsed = JSON.parse(plain);
    } catch {
      throw cursorError(arg);
    }
    if (!Array.isArray(parsed) || parsed.length !== terms.length) throw cursorError(arg);
    const values: unknown[] = parsed;
    terms.forEach((t, i) => {
      if (!validValue(t.kind, values[i], t.kind !== 'uuid' && t.kind !== 'nullFlag' && nullableKey && i === 1)) throw cursorError(arg);
    });
    // a nullable key's flag and value must agree
    if (nullableKey && (values[0] === 1) !== (values[1] === null)) throw cursorError(arg);
    return values;
  };

  let seq = 0;
  /** rows strictly after (dir 'after') or strictly before the cursor values in the forward order; `orEqual` adds the row itself */
  const beyond = (values: unknown[], dir: 'after' | 'before', orEqual = false): [string, Record<string, unknown>] => {
    const params: Record<string, unknown> = {};
    const p = (v: unknown) => {
      const name = `__pg${seq++}`;
      params[name] = v;
      return `:${name}`;
    };
    const eq = (t: Term, v: unknown) => (v === null ? `${t.sql} IS NULL` : `${t.sql} = ${p(v)}`);
    const past = (t: Term, v: unknown) => {
      if (v === null) return '1 = 0'; // NULLs are last, compared only by their flag
      const greater = (t.asc ? dir === 'after' : dir === 'before');
      return `${t.sql} ${greater ? '>' : '<'} ${p(v)}`;
    };
    const ors: string[] = [];
    for (let i = 0; i < terms.length; i++) ors.push([...terms.slice(0, i).map((t, j) => eq(t, values[j])), past(terms[i], values[i])].join(' AND '));
    if (orEqual) ors.push(terms.map((t, j) => eq(t, values[j])).join(' AND '));
    return [`(${ors.map((x) => `(${x})`).join(' OR ')})`, params];
  };

  const after = args.after ? decode(args.after, 'after') : undefined;
  const before = args.before ? decode(args.before, 'before') : undefined;
  const countQb = qb.clone();
  const bounded = qb.clone();
  if (after) bounded.andWhere(...beyond(after, 'after'));
  if (before) bounded.andWhere(...beyond(before, 'before'));
  const pageQb = bounded.clone();
  terms.forEach((t, i) => {
    const dir = t.asc !== backward ? 'ASC' : 'DESC';
    if (i === 0) pageQb.orderBy(t.sql, dir);
    else pageQb.addOrderBy(t.sql, dir);
  });
  const rows = await pageQb.limit(n + 1).getMany();
  const more = rows.length > n;
  const nodes = rows.slice(0, n);
  if (backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encode(node), node }));
  /** whether a row of the filter lies at or beyond the cursor, on the other side of the page */
  const exists = async (values: unknown[] | undefined, dir: 'after' | 'before'): Promise<boolean> => {
    if (!values) return false;
    const q = qb.clone();
    q.andWhere(...beyond(values, dir, true));
    return (await q.limit(1).getMany()).length > 0;
  };
  let total: Promise<number> | undefined;
  let other: Promise<boolean> | undefined;
  const pageInfo = Object.assign(new PageInfo(), {
    startCursor: edges.length ? edges[0].cursor : null,
    endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    next: backward ? () => (other ??= exists(before, 'after')) : async () => more,
    previous: backward ? async () => more : () => (other ??= exists(after, 'before')),
  });
  return { edges, pageInfo, totalCount: () => (total ??= countQb.getCount()) };
}
