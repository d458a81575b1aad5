import { Arg, Ctx, Extensions, Field, InputType, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Identity, Role } from '../access/identity';
import { classifyCoordinates, DATA_CLASSES, type CoordinateClassification, type DataClass, type Outcome, type MatrixRole } from '../access/classification';
import { ACCESS_EXTENSION, type AccessDeclaration } from '../access/declarations';
import { scopeWhere } from '../access/policy';
import { badInput, forbidden } from '../errors';
import { isTownshipCode, isVillageCode } from '../domain/divisions';
import { fenToYuan, YuanScalar, type Yuan } from '../domain/money';
import type { SubgraphContext } from '../context';
import { cellKeyOf, perturbCell, recordKeySql } from './perturbation';
import { compareKeys, statisticsMinCell, suppressHierarchy, STATISTICS_MAX_DIMENSIONS, type RawCell } from './suppression';
import { fillGrid, withAskedPeriods, type GridPeriods } from './grid';

/**
 * Statistics for analysts (issue 9 item 4): a subgraph declares, in one small file (src/modules/statistics/statistics.ts),
 * aggregate queries over its own records — the entity, the dimensions it may be grouped by, the measures (records,
 * distinct people, an exact yuan sum) — and the kit generates the GraphQL (`Query.<name>Statistics(groupBy, filter)`),
 * aggregates in the database (never loading rows), suppresses small cells (suppression.ts) and perturbs every open
 * figure by the noise of the cell's records (perturbation.ts), for every role but the auditor.
 *
 * Canonical order and hierarchy: suppression is computed on the dimensions in declaration order (groupBy, filters and
 * scope only decide which dimensions; the answer is reordered afterwards), from the table of every subset of them, each
 * suppressed by the same procedure bottom-up and audited against the published margins (suppression.ts,
 * suppressHierarchy): at most STATISTICS_MAX_DIMENSIONS dimensions (2^n tables: on PostgreSQL one statement with
 * GROUPING SETS, on SQLite one GROUP BY each).
 *
 * Consistency (why filters are slices): a filter never narrows the SQL. A filter on a dimension adds that dimension to
 * the table's grouping, the whole table is computed and suppressed, and the answer is the slice of it the filter names
 * (the caller's scope likewise: a caseworker's township, a village assistant's village). So every answer is a slice of
 * the one suppressed table of its dimensions, the same for every caller (the auditor excepted): two queries cannot be
 * combined to undo each other's suppression (a filtered total minus another would otherwise reveal a cell). Date
 * filters are whole years or whole months of the period's YEAR / MONTH dimension, never free ranges (a range on a birth
 * date or a record date would allow tracker and differencing attacks).
 */

/** What a dimension is, for its GraphQL type, its filter and its SQL. */
export type StatisticsDimensionKind = 'township' | 'village' | 'year' | 'month' | 'enum' | 'text' | 'boolean';

export interface StatisticsDimension {
  kind: StatisticsDimensionKind;
  /** the description of the dimension's value and of the cell's field (with the Chinese term) */
  description: string;
  /** the entity's property holding the value (for year and month: the date, or the YYYY-MM month, it is taken from) */
  column?: string;
  /** year and month: whether `column` is a date (default) or a YYYY-MM text month */
  columnKind?: 'date' | 'month';
  /** enum: the registered TypeScript enum (type-graphql registerEnumType) */
  enum?: object;
  /** text: the values it may take (a filter on another value is BAD_USER_INPUT NOT_IN_LIST) */
  values?: readonly string[];
  /** a computed value instead of a column (e.g. the age band from the birth date): SQL over the entity's alias */
  sql?: (ref: (property: string) => string, postgres: boolean) => { sql: string; params?: Record<string, unknown> };
  /** text: `column` holds a JSON list of codes (["DIBAO","TEKUN"]): a record counts once under each value it lists */
  jsonList?: boolean;
  /** roles that may neither group nor filter by it (FORBIDDEN): analysts for a village (they never see villages) */
  deniedTo?: readonly Role[];
}

const TOWNSHIP_DESCRIPTION = '乡镇 The township (9-digit division code) that handles the records.';

/** Ready-made dimensions. */
export const statisticsDimension = {
  township: (column = 'townshipCode', description = TOWNSHIP_DESCRIPTION): StatisticsDimension => ({ kind: 'township', column, description }),
  village: (column = 'villageCode', description = '村/社区 The village or community (12-digit code). FORBIDDEN to analysts (they never see villages: class quasi.fine).'): StatisticsDimension => ({
    kind: 'village',
    column,
    description,
    deniedTo: ['analyst'],
  }),
  year: (column: string, description: string, columnKind: 'date' | 'month' = 'date'): StatisticsDimension => ({ kind: 'year', column, columnKind, description }),
  month: (column: string, description: string, columnKind: 'date' | 'month' = 'date'): StatisticsDimension => ({ kind: 'month', column, columnKind, description }),
  enumOf: (column: string, enumType: object, description: string): StatisticsDimension => ({ kind: 'enum', column, enum: enumType, description }),
  boolean: (column: string, description: string): StatisticsDimension => ({ kind: 'boolean', column, description }),
  text: (column: string, values: readonly string[], description: string): StatisticsDimension => ({ kind: 'text', column, values, description }),
  /** a column holding a JSON list of codes: a record counts once under each code it lists (a multi-valued dimension) */
  jsonListOf: (column: string, values: readonly string[], description: string): StatisticsDimension => {
    for (const v of values) if (!/^[A-Z0-9_]+$/.test(v)) throw new Error(`statistics: a JSON list dimension takes codes ([A-Z0-9_]), not ${v}`);
    return { kind: 'text', column, values, description, jsonList: true };
  },
  computed: (
    values: readonly string[],
    sql: NonNullable<StatisticsDimension['sql']>,
    description: string,
    deniedTo?: readonly Role[],
  ): StatisticsDimension => ({ kind: 'text', values, sql, description, deniedTo }),
};

/**
 * The roles that may ask for statistics by default (deny by default: any other role, e.g. `public`, is FORBIDDEN): those
 * who see the records counted — caseworkers and approvers (their township's slice), village assistants (their village,
 * where records carry one), the owning departments' officers and auditors — and analysts (the whole city, never by
 * village). Analysts see none of the rows, so what they get must not re-identify anyone even combined over every table
 * they can ask: small cells suppressed with their complements, audited against the published margins (suppression.ts),
 * and every published figure perturbed by a noise drawn from the records the cell holds (perturbation.ts), so that a
 * difference of tables, or a linear program over all of them, gives a hidden figure only with the noise of several cells.
 */
export const STATISTICS_ROLES: readonly Role[] = ['caseworker', 'township_approver', 'village_assistant', 'department_officer', 'analyst', 'auditor'];

/** Who may ask a statistics (or fund-use) query. */
export interface StatisticsAccess {
  /** the roles allowed (default STATISTICS_ROLES); every other role is FORBIDDEN */
  roles?: readonly Role[];
  /** department officers allowed: of these departments only (the owner first); other departments' officers are FORBIDDEN */
  departments: readonly string[];
}

export interface StatisticsDeclaration<E extends ObjectLiteral> extends StatisticsAccess {
  /** the query's prefix: `education` gives Query.educationStatistics and the types EducationStatistics* */
  name: string;
  /** what one record is, for the descriptions (with the Chinese term): "教育救助 education aid records" */
  records: string;
  entity: EntityTarget<E>;
  /** the property holding the person (distinct people are counted on it); a SQL expression via `personSql` instead */
  person?: string;
  personSql?: (ref: (property: string) => string) => string;
  /** true when `person` is the entity's primary key (a person per row): people = records, counted without DISTINCT */
  personIsKey?: boolean;
  /** the property of an exact yuan amount (fen in the database) to sum, if any */
  amount?: string;
  /** the dimensions, by their GraphQL enum value (TOWNSHIP, SCHOOL_STAGE, ...); must include TOWNSHIP */
  dimensions: Record<string, StatisticsDimension>;
  /** how each role's answer differs, for the query's description (appended) */
  note?: string;
  /**
   * Publish the full grid (grid.ts): every combination of the dimensions' known values is a cell, those without records
   * included and suppressed like a small cell (0 for auditors), so that a suppressed cell does not tell that records
   * exist in its combination. For records whose mere existence in a township or month tells about someone (alerts).
   * `since` (YYYY-MM): the first month a record can have — the years and months of the grid run from it to today's
   * (clockToday), whatever the records hold (grid.ts).
   */
  fullGrid?: GridPeriods;
}

/** Most cells one statistics query may compute (the whole table of its dimensions) and return (its slice). */
export const STATISTICS_MAX_COMPUTED_CELLS = 20_000;
export const STATISTICS_MAX_CELLS = 5_000;
const MAX_FILTER_VALUES = 200;

const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The field of a cell (and of the filter) for a dimension's enum value: SCHOOL_STAGE -> schoolStage. */
export function dimensionField(key: string): string {
  return camel(key);
}

const RESERVED_FIELDS = new Set(['count', 'people', 'amount', 'suppressed', 'recipients']);

/** The GraphQL type of a dimension's value. */
function valueType(d: StatisticsDimension): () => unknown {
  if (d.kind === 'year') return () => Int;
  if (d.kind === 'boolean') return () => Boolean;
  if (d.kind === 'enum') return () => d.enum!;
  return () => String;
}

/**
 * Refuse (FORBIDDEN) a caller not allowed: a role not in the list, another department's officer, a village assistant
 * where the records carry no village. The message depends only on the caller and the declaration.
 */
export function assertMayAskStatistics(identity: Identity, access: StatisticsAccess, what: string, hasVillage: boolean): void {
  const roles = access.roles ?? STATISTICS_ROLES;
  if (!roles.includes(identity.role)) throw forbidden(`your role may not ask for ${what}`);
  if (identity.role === 'department_officer' && !access.departments.includes(identity.department ?? ''))
    throw forbidden(`${what} are answered to the officers of ${access.departments.join(', ')} only`);
  if (identity.role === 'village_assistant' && !hasVillage)
    throw forbidden(`${what} carry no village: a village assistant may not ask for them`);
}

/** The matrix outcomes of a statistics coordinate for its access (for the README's access matrix). */
export function statisticsOutcomes(access: StatisticsAccess, hasVillage: boolean): Partial<Record<MatrixRole, Outcome>> {
  const roles = access.roles ?? STATISTICS_ROLES;
  const out: Partial<Record<MatrixRole, Outcome>> = { caseworkerOutOfScope: 'omitted', officerOther: 'FORBIDDEN' };
  if (!roles.includes('caseworker') && !roles.includes('township_approver')) out.caseworkerInScope = 'FORBIDDEN';
  if (!roles.includes('village_assistant') || !hasVillage) out.villageAssistant = 'FORBIDDEN';
  if (!roles.includes('department_officer')) out.officerOwner = 'FORBIDDEN';
  if (!roles.includes('analyst')) out.analyst = 'FORBIDDEN';
  if (!roles.includes('auditor')) out.auditor = 'FORBIDDEN';
  return out;
}

/** SQL of the statistics of one driver. */
export interface SqlDialect {
  postgres: boolean;
}

/** A year (integer) of a date or YYYY-MM column, the same on SQLite and PostgreSQL. */
export function yearSql(col: string, kind: 'date' | 'month', postgres: boolean): string {
  // date_part (float8) rather than EXTRACT (numeric since PostgreSQL 14): several times cheaper per row
  if (postgres && kind === 'date') return `CAST(date_part('year', ${col}) AS integer)`;
  return `CAST(substr(${col}, 1, 4) AS integer)`;
}

/** A month (YYYY-MM text) of a date or YYYY-MM column, the same on SQLite and PostgreSQL. */
export function monthSql(col: string, kind: 'date' | 'month', postgres: boolean): string {
  if (postgres && kind === 'date') return `to_char(${col}, 'YYYY-MM')`;
  return kind === 'month' ? col : `substr(${col}, 1, 7)`;
}

/** The month index (year × 12 + month − 1) of a date or YYYY-MM column, the same on SQLite and PostgreSQL. */
export function monthIndexSql(col: string, kind: 'date' | 'month', postgres: boolean): string {
  if (postgres && kind === 'date') return `(CAST(date_part('year', ${col}) AS integer) * 12 + CAST(date_part('month', ${col}) AS integer) - 1)`;
  return `(CAST(substr(${col}, 1, 4) AS integer) * 12 + CAST(substr(${col}, 6, 2) AS integer) - 1)`;
}

/** The memory one statistics statement may sort or hash in on PostgreSQL (SET LOCAL work_mem): a whole table's
 *  COUNT(DISTINCT) sorts every row, and spilling to disk at the default 4MB makes it several times slower. */
export const STATISTICS_WORK_MEM = '64MB';

/**
 * Run the statements of one statistics answer: on PostgreSQL in a read-only transaction with work_mem raised
 * (STATISTICS_WORK_MEM), on SQLite as they are.
 */
export async function inStatisticsSession<T>(db: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type !== 'postgres') return fn(db.manager);
  // REPEATABLE READ: the several statements of one answer (its table and its margins) see one snapshot
  return db.transaction('REPEATABLE READ', async (manager) => {
    await manager.query(`SET LOCAL work_mem = '${STATISTICS_WORK_MEM}'`);
    await manager.query('SET TRANSACTION READ ONLY');
    return fn(manager);
  });
}

/** A column reference of the entity aliased `alias` in `qb` (by property name), escaped for the driver. */
export function columnRef(qb: SelectQueryBuilder<any>, alias: string, property: string): string {
  const meta = qb.expressionMap.mainAlias!.metadata;
  const column = meta.findColumnWithPropertyPath(property);
  if (!column) throw new Error(`statistics: ${meta.name} has no column ${property}`);
  return `${qb.escape(alias)}.${qb.escape(column.databaseName)}`;
}

/** The normalised value of a dimension as read back from either driver. */
function normalise(d: StatisticsDimension, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (d.kind === 'year') return Number(v);
  if (d.kind === 'boolean') return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
  // a numeric enum (a disability grade stored as its digit) keeps its number, which the GraphQL enum serialises
  if (d.kind === 'enum' && Object.values(d.enum!).some((x) => typeof x === 'number')) return Number(v);
  return String(v);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Check one filter list of a dimension; returns its values normalised. */
function filterValues(d: StatisticsDimension, field: string, values: unknown[]): (string | number | boolean)[] {
  if (values.length > MAX_FILTER_VALUES) throw badInput(`\`${field}\` lists at most ${MAX_FILTER_VALUES} values`, `filter.${field}`, 'TOO_LONG');
  values.forEach((v, i) => {
    const at = `filter.${field}[${i}]`;
    if (d.kind === 'township' && !isTownshipCode(String(v))) throw badInput(`\`${field}\` must list Jiaozhou township codes`, at, 'UNKNOWN_TOWNSHIP');
    if (d.kind === 'village' && !isVillageCode(String(v))) throw badInput(`\`${field}\` must list Jiaozhou village codes (12 digits)`, at, 'BAD_FORMAT');
    if (d.kind === 'month' && !MONTH.test(String(v))) throw badInput(`\`${field}\` must list months as YYYY-MM`, at, 'BAD_MONTH');
    if (d.kind === 'month' && (Number(String(v).slice(0, 4)) < 2000 || Number(String(v).slice(0, 4)) > 2100))
      throw badInput(`\`${field}\` must list months of the years 2000 to 2100`, at, Number(String(v).slice(0, 4)) > 2100 ? 'TOO_LARGE' : 'TOO_SMALL');
    if (d.kind === 'year' && (!Number.isInteger(v) || (v as number) < 2000 || (v as number) > 2100))
      throw badInput(`\`${field}\` must list years from 2000 to 2100`, at, Number.isInteger(v) && (v as number) > 2100 ? 'TOO_LARGE' : 'TOO_SMALL');
    if (d.kind === 'text' && d.values && !d.values.includes(String(v))) throw badInput(`\`${field}\` must list values of ${d.values.join(', ')}`, at, 'NOT_IN_LIST');
  });
  return values.map((v) => normalise(d, v)!) as (string | number | boolean)[];
}

/** The months from `from` to `to` (YYYY-MM, inclusive), at most 120. */
export function monthsBetween(from: string, to: string, field: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const a = index(from);
  const b = index(to);
  if (b < a) throw badInput(`\`${field}To\` is before \`${field}From\``, `filter.${field}To`, 'TOO_SMALL');
  if (b - a >= 120) throw badInput(`\`${field}From\`..\`${field}To\` spans at most 120 months`, `filter.${field}To`, 'TOO_LARGE');
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** One computed cell, with its measures and what its noise is drawn from (perturbation.ts). */
export interface MeasuredCell extends RawCell {
  amountFen: string | null;
  /** the cell key: the sum of the cell's record keys modulo 2^32 */
  cellKey: bigint;
  /** the largest single amount in fen (decimal text), null without amounts */
  maxFen: string | null;
}

/** A table as answered: the dimensions it is grouped by, and its cells after suppression. */
export interface SuppressedTable {
  dimensions: string[];
  minCell: number;
  exact: boolean;
  cells: { key: RawCell['key']; count: number | null; people: number | null; amount: Yuan | null; suppressed: boolean }[];
}

/**
 * The slice of a computed table for a caller, shared by statistics and fund use.
 *
 * `canonical` are the table's dimensions in the one fixed (declaration) order, and `tables` the computed table of every
 * subset of them (bitmask over `canonical` -> cells whose keys follow `canonical`; the full mask is the table itself):
 * suppression (unless the caller is an auditor) is computed on them, bottom-up with the audit against the published
 * margins (suppressHierarchy), whatever the order the caller named the dimensions in. Then the cells whose values are in
 * `slice` (dimension -> allowed values) are kept, their keys reordered to `dimensions` (the answer's order: groupBy,
 * then filters, then the scope), ordered by them, and capped.
 */
export function answerTable(
  identity: Identity,
  minCell: number,
  dimensions: string[],
  canonical: string[],
  tables: Map<number, MeasuredCell[]>,
  slice: Map<string, Set<string | number | boolean>>,
  additive: readonly boolean[] | undefined,
  /**
   * whether open figures are perturbed (perturbation.ts) for a caller who is not the auditor: true for every query;
   * false only in the kit's unit tests of the suppression alone (the figures of open cells are then the true ones)
   */
  perturbed: boolean,
): SuppressedTable {
  const exact = identity.role === 'auditor';
  for (const cells of tables.values()) cells.sort((a, b) => compareKeys(a.key, b.key));
  const full = (1 << canonical.length) - 1;
  // the auditor's exact table: nothing suppressed, no margin needed; otherwise the computed cells and any structural
  // zero listed as suppressed
  const computed = tables.get(full) ?? [];
  const { cells, hidden } = exact
    ? { cells: computed as RawCell[], hidden: computed.map(() => false) }
    : suppressHierarchy(tables, canonical.length, minCell, { additive }).get(full)!;
  const position = dimensions.map((k) => canonical.indexOf(k));
  const sliceAt = [...slice].map(([k, allowed]) => [canonical.indexOf(k), allowed] as const);
  const out: SuppressedTable['cells'] = [];
  // a published cell: exact for the auditor, perturbed for everyone else (perturbation.ts)
  const published = (c: MeasuredCell, key: RawCell['key']): SuppressedTable['cells'][number] => {
    const f = exact || !perturbed ? c : perturbCell(c, minCell);
    return { key, count: f.count, people: f.people, amount: f.amountFen == null ? null : fenToYuan(f.amountFen), suppressed: false };
  };
  cells.forEach((c, i) => {
    for (const [d, allowed] of sliceAt) if (!allowed.has(c.key[d] as string | number | boolean)) return;
    const key = position.map((p) => c.key[p]);
    out.push(
      hidden[i]
        ? { key, count: null, people: null, amount: null, suppressed: true }
        : published(c as MeasuredCell, key),
    );
  });
  if (out.length > STATISTICS_MAX_CELLS)
    throw badInput(`the answer would hold more than ${STATISTICS_MAX_CELLS} cells: group by fewer dimensions or filter`, 'groupBy', 'TOO_MANY_CELLS');
  out.sort((a, b) => compareKeys(a.key, b.key));
  return { dimensions, minCell, exact, cells: out };
}

/** The tables of every subset of a computed table's cells, summed in memory (fund use: its margins). */
export function marginTables(cells: MeasuredCell[], dimensions: number): Map<number, MeasuredCell[]> {
  const tables = new Map<number, MeasuredCell[]>();
  for (let m = 0; m < 1 << dimensions; m++) {
    const sums = new Map<string, MeasuredCell>();
    for (const c of cells) {
      const key = c.key.filter((_, i) => m & (1 << i));
      const k = JSON.stringify(key);
      const s = sums.get(k);
      if (!s) sums.set(k, { key, count: c.count, people: c.people, amountFen: c.amountFen, cellKey: c.cellKey, maxFen: c.maxFen });
      else {
        s.cellKey = cellKeyOf(s.cellKey + c.cellKey);
        s.maxFen = s.maxFen === null || c.maxFen === null ? null : BigInt(c.maxFen) > BigInt(s.maxFen) ? c.maxFen : s.maxFen;
        s.count += c.count;
        // distinct people are not additive: their sum is an upper bound (a margin taken as published more often: stricter)
        s.people += c.people;
        s.amountFen = s.amountFen === null || c.amountFen === null ? null : (BigInt(s.amountFen) + BigInt(c.amountFen)).toString();
      }
    }
    tables.set(m, [...sums.values()]);
  }
  return tables;
}

/** The classes generated for one statistics declaration. */
export interface StatisticsDefinition {
  /** the resolver to add to the subgraph's schema (`resolvers: [...]`) */
  resolvers: Function[];
  /** the query's name (e.g. educationStatistics) */
  queryName: string;
  /** run the query as the resolver does (for tests and benchmarks) */
  run(ctx: SubgraphContext, groupBy: string[], filter?: Record<string, unknown> | null): Promise<SuppressedTable>;
}

/** The access class of a statistics or fund-use coordinate: a count of assistance records (publicly: a disclosure). */
function coordinateClass(roles: readonly Role[]): DataClass {
  return roles.includes('public' as Role) && 'disclosure' in DATA_CLASSES ? ('disclosure' as DataClass) : 'programme.record';
}

/** The `@Public`-style declaration of the generated value types: aggregates of at least k people name nobody. */
const AGGREGATE_DECLARATION: AccessDeclaration = {
  class: 'public',
  reason:
    'an aggregate cell of at least STATISTICS_MIN_CELL distinct people, or suppressed (no figure); who may ask, and which slice, is decided by the query (its coordinate in the access matrix)',
};

/** Declare a subgraph's statistics over one entity: see the file's header. */
export function defineStatistics<E extends ObjectLiteral>(decl: StatisticsDeclaration<E>): StatisticsDefinition {
  const Prefix = pascal(decl.name) + 'Statistics';
  const queryName = `${decl.name}Statistics`;
  const keys = Object.keys(decl.dimensions);
  if (!decl.dimensions.TOWNSHIP) throw new Error(`${queryName}: a TOWNSHIP dimension is required (the caller's scope is a slice of it)`);
  for (const k of keys) if (RESERVED_FIELDS.has(dimensionField(k))) throw new Error(`${queryName}: dimension ${k} clashes with a measure`);
  const villageKey = keys.find((k) => decl.dimensions[k].kind === 'village');
  const what = `statistics of ${decl.records}`;

  const enumValues: Record<string, string> = Object.fromEntries(keys.map((k) => [k, k]));
  registerEnumType(enumValues, {
    name: `${Prefix}Dimension`,
    description: `统计维度 What ${queryName} may group ${decl.records} by (and filter by: a filter on a dimension is a slice of the table grouped by it).`,
    valuesConfig: Object.fromEntries(keys.map((k) => [k, { description: decl.dimensions[k].description }])),
  });

  class Cell {}
  Object.defineProperty(Cell, 'name', { value: `${Prefix}Cell` });
  for (const k of keys) {
    const d = decl.dimensions[k];
    Field(valueType(d) as any, { nullable: true, description: `${d.description} Null when the table is not grouped by ${k}.` })(Cell.prototype, dimensionField(k));
  }
  Field(() => Int, { nullable: true, description: '记录数 Records in the cell, perturbed by −2..+2 (never below the people; exact for auditors); null when suppressed.' })(Cell.prototype, 'count');
  Field(() => Int, { nullable: true, description: '人数 Distinct people in the cell, perturbed by −2..+2 and never below STATISTICS_MIN_CELL (exact for auditors); null when suppressed.' })(Cell.prototype, 'people');
  if (decl.amount)
    Field(() => YuanScalar, {
      nullable: true,
      description: '金额 Sum of the amounts, in yuan (a decimal, to the fen), perturbed: the records\' noise times the largest single amount of the cell, plus at most half of it (0.00 only when every amount is 0; exact for auditors); null when suppressed.',
    })(Cell.prototype, 'amount');
  Field(() => Boolean, {
    description:
      '已抑制 True when the cell is suppressed: fewer than STATISTICS_MIN_CELL people (primary' + (decl.fullGrid ? ', none included: a cell without records is suppressed alike' : '') + '), or hidden so that a suppressed cell cannot be derived from this table and the coarser ones (secondary), or an empty combination listed to hide which combinations are empty; its figures are then null. Never true for auditors.',
  })(Cell.prototype, 'suppressed');
  Extensions({ [ACCESS_EXTENSION]: AGGREGATE_DECLARATION })(Cell);
  ObjectType(`${Prefix}Cell`, { description: `统计单元 One cell of ${queryName}: the values of its dimensions and its figures (or suppressed).` })(Cell);

  class Table {}
  Object.defineProperty(Table, 'name', { value: `${Prefix}Table` });
  Field(() => [enumValues], {
    description: 'The dimensions the cells are grouped by: those asked for, then those filtered on, then the caller\'s scope (TOWNSHIP for caseworkers and township approvers; TOWNSHIP and the village for village assistants).',
  })(Table.prototype, 'dimensions');
  Field(() => Int, { description: 'k: a cell of fewer distinct people is suppressed (STATISTICS_MIN_CELL).' })(Table.prototype, 'minCell');
  Field(() => Boolean, { description: 'True for auditors: the exact table, nothing suppressed, nothing perturbed.' })(Table.prototype, 'exact');
  Field(() => [Cell], {
    description: decl.fullGrid
      ? 'Every cell of the full grid, ordered by their dimension values (code point order): every combination of the dimensions\' values (each value of an enumeration, every township of the city, every year or month from ' + (decl.fullGrid ? decl.fullGrid.since : '') + ' to today\'s, whatever the records hold, and every period a filter asks for), those without records included. A cell without records is suppressed like a cell of fewer than STATISTICS_MIN_CELL people (0 for auditors), so that a suppressed cell does not tell whether it holds anyone.'
      : 'The cells with records, ordered by their dimension values (code point order). A combination with no records has no cell (0), unless it is listed as suppressed to hide which combinations of a row are empty.',
  })(Table.prototype, 'cells');
  Extensions({ [ACCESS_EXTENSION]: AGGREGATE_DECLARATION })(Table);
  ObjectType(`${Prefix}Table`, { description: `统计表 An aggregate table of ${decl.records}, small cells suppressed.` })(Table);

  class Filter {}
  Object.defineProperty(Filter, 'name', { value: `${Prefix}Filter` });
  for (const k of keys) {
    const d = decl.dimensions[k];
    const f = dimensionField(k);
    const t = valueType(d);
    Field(() => [t()] as any, { nullable: true, description: `Only these values of ${k} (adds ${k} to the grouping: the answer is that slice of the table).` })(Filter.prototype, f);
    if (d.kind === 'month') {
      Field(() => String, { nullable: true, description: `First month (YYYY-MM) of a range of whole months of ${k} (with ${f}To): the slice of those months.` })(Filter.prototype, `${f}From`);
      Field(() => String, { nullable: true, description: `Last month (YYYY-MM, inclusive) of the range (with ${f}From).` })(Filter.prototype, `${f}To`);
    }
  }
  const filterCoordinates: Record<string, CoordinateClassification> = {};
  for (const k of keys) {
    const d = decl.dimensions[k];
    const f = dimensionField(k);
    const outcomes = { ...statisticsOutcomes(decl, keys.some((x) => decl.dimensions[x].kind === 'village')), ...(d.deniedTo?.includes('analyst') ? { analyst: 'FORBIDDEN' as const } : {}) };
    const entry: CoordinateClassification = { class: coordinateClass(decl.roles ?? STATISTICS_ROLES), kind: 'filter', note: `a slice of ${queryName} by ${k} (the dimension is added to the grouping, so suppression is that of the whole table)`, outcomes };
    filterCoordinates[`${Prefix}Filter.${f}`] = entry;
    if (d.kind === 'month') {
      filterCoordinates[`${Prefix}Filter.${f}From`] = entry;
      filterCoordinates[`${Prefix}Filter.${f}To`] = entry;
    }
  }
  classifyCoordinates(filterCoordinates);
  InputType(`${Prefix}Filter`, { description: `统计筛选 Equality filters on the dimensions of ${queryName}: each is a slice of the table grouped also by that dimension (so that suppression is the same in every query).` })(Filter);

  const coordinate = `Query.${queryName}`;
  classifyCoordinates({
    [coordinate]: {
      class: coordinateClass(decl.roles ?? STATISTICS_ROLES),
      kind: 'count',
      note:
        `aggregates of ${decl.records} with cells of fewer than STATISTICS_MIN_CELL people suppressed (and their complements) and open figures perturbed by their records' noise, the same for every role but the auditor (exact); ` +
        `caseworkers and township approvers: the slice of their township; village assistants: ${villageKey ? 'of their village' : 'FORBIDDEN (no village)'}; officers of ${decl.departments.join(', ')} only; ` +
        `other roles FORBIDDEN` +
        (keys.some((k) => decl.dimensions[k].deniedTo?.length) ? `; grouping by ${keys.filter((k) => decl.dimensions[k].deniedTo?.length).join(', ')} FORBIDDEN to ${[...new Set(keys.flatMap((k) => decl.dimensions[k].deniedTo ?? []))].join(', ')}` : ''),
      outcomes: statisticsOutcomes(decl, !!villageKey),
    },
  });

  async function run(ctx: SubgraphContext, groupBy: string[], filter: Record<string, unknown> | null = null): Promise<SuppressedTable> {
    const identity = ctx.identity;
    assertMayAskStatistics(identity, decl, what, !!villageKey);
    if (new Set(groupBy).size !== groupBy.length) throw badInput('`groupBy` names a dimension twice', 'groupBy', 'INVALID');
    const f = filter ?? {};
    // the slice: the filters, then the caller's scope
    const slice = new Map<string, Set<string | number | boolean>>();
    const restrict = (k: string, values: (string | number | boolean)[]) => {
      const prev = slice.get(k);
      slice.set(k, new Set(prev ? values.filter((v) => prev.has(v)) : values));
    };
    for (const k of keys) {
      const d = decl.dimensions[k];
      const field = dimensionField(k);
      const list = f[field] as unknown[] | null | undefined;
      if (list != null) restrict(k, filterValues(d, field, list));
      if (d.kind === 'month') {
        const from = f[`${field}From`] as string | null | undefined;
        const to = f[`${field}To`] as string | null | undefined;
        if ((from == null) !== (to == null)) throw badInput(`\`${field}From\` and \`${field}To\` go together`, `filter.${from == null ? `${field}From` : `${field}To`}`, 'REQUIRED');
        if (from != null && to != null) {
          if (!MONTH.test(from)) throw badInput(`\`${field}From\` must be a month YYYY-MM`, `filter.${field}From`, 'BAD_MONTH');
          if (!MONTH.test(to)) throw badInput(`\`${field}To\` must be a month YYYY-MM`, `filter.${field}To`, 'BAD_MONTH');
          restrict(k, monthsBetween(from, to, field));
        }
      }
    }
    const scope = scopeWhere(identity, { villageCode: !!villageKey });
    // a filter naming a township (village) outside the caller's scope is refused, not answered empty
    if (scope.townshipCode !== undefined && [...(slice.get('TOWNSHIP') ?? [])].some((t) => t !== scope.townshipCode))
      throw forbidden('the filter names a township outside your scope');
    if (scope.villageCode !== undefined && villageKey && [...(slice.get(villageKey) ?? [])].some((v) => v !== scope.villageCode))
      throw forbidden('the filter names a village outside your scope');
    if (scope.townshipCode !== undefined) restrict('TOWNSHIP', [scope.townshipCode]);
    if (scope.villageCode !== undefined && villageKey) restrict(villageKey, [scope.villageCode]);
    const dims = [...groupBy, ...[...slice.keys()].filter((k) => !groupBy.includes(k))];
    for (const k of dims) {
      if (decl.dimensions[k].deniedTo?.includes(identity.role))
        throw forbidden(`your role may not group or filter ${decl.records} by ${k}`);
    }

    // the canonical order: suppression is computed on the dimensions in declaration order, whatever the order of
    // groupBy, filters and scope (only the answer follows the caller's order), so that every order gives the same cells
    // a month implies its year: a month table is computed (and audited) as year × month, so that the months of a year,
    // published apart, cannot be subtracted from the year's total to reveal a suppressed month (the year of the same
    // column, when the declaration has one, is added to the table's dimensions; the answer keeps the caller's dimensions)
    const implied = dims.flatMap((k) => {
      const d = decl.dimensions[k];
      if (d.kind !== 'month') return [];
      return keys.filter((y) => y !== k && !dims.includes(y) && decl.dimensions[y].kind === 'year' && decl.dimensions[y].column === d.column);
    });
    const canonical = keys.filter((k) => dims.includes(k) || implied.includes(k));
    if (canonical.length > STATISTICS_MAX_DIMENSIONS)
      throw badInput(
        `a table has at most ${STATISTICS_MAX_DIMENSIONS} dimensions, counting the filtered ones and your scope (${canonical.join(', ')})`,
        'groupBy',
        'TOO_MANY_DIMENSIONS',
      );

    const postgres = ctx.db.options.type === 'postgres';
    /** one GROUP BY over the dimensions `subset` (canonical order): the table the query grouped by them publishes */
    // `sets` (PostgreSQL): the subsets of `subset` (bitmasks over it) to compute in the same statement, GROUPING SETS
    const groupQuery = (manager: EntityManager, subset: string[], sets?: number[]) => {
    const qb = manager.getRepository(decl.entity).createQueryBuilder('r');
    const ref = (p: string) => columnRef(qb, 'r', p);
    const selects: string[] = [];
    const exprs: string[] = [];
    subset.forEach((k, i) => {
      const d = decl.dimensions[k];
      let sql: string;
      if (d.sql) {
        const s = d.sql(ref, postgres);
        sql = s.sql;
        if (s.params) qb.setParameters(s.params);
      } else if (d.jsonList) {
        const series = `(${d.values!.map((v) => `SELECT '${v}' AS ${qb.escape('v')}`).join(' UNION ALL ')})`;
        const value = `${qb.escape(`l${i}`)}.${qb.escape('v')}`;
        qb.innerJoin(series, `l${i}`, `${ref(d.column!)} LIKE ('%"' || ${value} || '"%')`);
        sql = value;
      } else if (d.kind === 'year') sql = yearSql(ref(d.column!), d.columnKind ?? 'date', postgres);
      else if (d.kind === 'month') sql = monthSql(ref(d.column!), d.columnKind ?? 'date', postgres);
      else sql = ref(d.column!);
      selects.push(`${sql} AS ${qb.escape(`d${i}`)}`);
      exprs.push(sql);
    });
    const person = decl.personSql ? decl.personSql(ref) : decl.person ? ref(decl.person) : null;
    selects.push(`COUNT(*) AS ${qb.escape('n')}`);
    // the cell key (perturbation.ts): the sum of the records' keys, and the largest amount (the scale of the sum's noise)
    selects.push(`SUM(${person ? recordKeySql(person, postgres) : '0'}) AS ${qb.escape('k')}`);
    if (decl.amount) selects.push(`MAX(${ref(decl.amount)}) AS ${qb.escape('x')}`);
    selects.push(`${decl.personIsKey || !person ? 'COUNT(*)' : `COUNT(DISTINCT ${person})`} AS ${qb.escape('p')}`);
    if (decl.amount) selects.push(`SUM(${ref(decl.amount)}) AS ${qb.escape('s')}`);
    if (sets) {
      // GROUPING(...) has a bit set for each argument NOT grouped, the first argument the highest bit
      selects.push(`GROUPING(${exprs.join(', ')}) AS ${qb.escape('g')}`);
      qb.select(selects);
      qb.groupBy(`GROUPING SETS (${sets.map((m) => `(${exprs.filter((_, i) => m & (1 << i)).join(', ')})`).join(', ')})`);
    } else {
      qb.select(selects);
      subset.forEach((_, i) => (i === 0 ? qb.groupBy(qb.escape(`d${i}`)) : qb.addGroupBy(qb.escape(`d${i}`))));
    }
    // no LIMIT: with one, PostgreSQL prefers a sorted streaming aggregate (an index scan in order) to a hash aggregate,
    // 15 times slower over a whole table; the number of groups is bounded by the dimensions' values, checked below
    return qb.getRawMany() as Promise<Record<string, unknown>[]>;
    };
    // the table of every subset of the dimensions (memoized within the request: each computed once), in one read-only
    // snapshot on PostgreSQL: there in ONE statement (GROUPING SETS, COUNT(DISTINCT) per set) unless a dimension is a
    // JSON list (its join would count a record once per listed value in the sets without it), else one GROUP BY each
    const tables = new Map<number, MeasuredCell[]>();
    const full = (1 << canonical.length) - 1;
    // the auditor's exact table needs no margins
    const masks = identity.role === 'auditor' ? [full] : [...Array(full + 1).keys()].reverse();
    const toCells = (subset: string[], rows: Record<string, unknown>[]): MeasuredCell[] => {
      if (rows.length > STATISTICS_MAX_COMPUTED_CELLS)
        throw badInput(`the table of these dimensions has more than ${STATISTICS_MAX_COMPUTED_CELLS} cells: group or filter by fewer dimensions`, 'groupBy', 'TOO_MANY_CELLS');
      return rows.map((r) => ({
        key: subset.map((k) => normalise(decl.dimensions[k], r[`d${canonical.indexOf(k)}`])),
        count: Number(r.n),
        people: Number(r.p),
        amountFen: decl.amount ? (r.s === null || r.s === undefined ? '0' : String(r.s)) : null,
        cellKey: cellKeyOf(r.k as string | null),
        maxFen: decl.amount ? (r.x === null || r.x === undefined ? '0' : String(r.x)) : null,
      }));
    };
    await inStatisticsSession(ctx.db, async (manager) => {
      // one record per person (persons, households): every measure adds up (records = people, sums, cell keys, maxima),
      // so the margins are summed from the finest table instead of grouped again (one GROUP BY, not 2^n grouping sets)
      if (decl.personIsKey && masks.length > 1 && !canonical.some((k) => decl.dimensions[k].jsonList)) {
        const rows = await groupQuery(manager, canonical);
        for (const [m, cells] of marginTables(toCells(canonical, rows), canonical.length)) tables.set(m, cells);
        return;
      }
      if (postgres && masks.length > 1 && !canonical.some((k) => decl.dimensions[k].jsonList)) {
        const rows = await groupQuery(manager, canonical, masks);
        const bySet = new Map<number, Record<string, unknown>[]>(masks.map((m) => [m, []]));
        for (const r of rows) {
          const g = Number(r.g);
          const m = canonical.reduce((acc, _, i) => ((g >> (canonical.length - 1 - i)) & 1 ? acc : acc | (1 << i)), 0);
          bySet.get(m)!.push(r);
        }
        for (const m of masks) tables.set(m, toCells(canonical.filter((_, i) => m & (1 << i)), bySet.get(m)!));
        return;
      }
      for (const m of masks) {
        const subset = canonical.filter((_, i) => m & (1 << i));
        // one statement's columns are d0, d1, ... over `subset`
        const rows = await groupQuery(manager, subset);
        tables.set(m, toCells(subset, rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [/^d\d+$/.test(k) ? `d${canonical.indexOf(subset[Number(k.slice(1))])}` : k, v])))));
      }
    });
    const additive = canonical.map((k) => !decl.dimensions[k].jsonList);
    if (!decl.fullGrid) return answerTable(identity, statisticsMinCell(ctx.db), dims, canonical, tables, slice, additive, true);
    // the full grid: the combinations without records are cells too, in every table of the lattice, before suppression
    const grid = fillGrid(tables, canonical.map((k) => decl.dimensions[k]), !!decl.amount, STATISTICS_MAX_COMPUTED_CELLS, decl.fullGrid);
    const t = answerTable(identity, statisticsMinCell(ctx.db), dims, canonical, tables, slice, additive, true);
    return withAskedPeriods(t, grid, decl.dimensions, canonical, slice, !!decl.amount, STATISTICS_MAX_CELLS);
  }

  const dimensionList = keys.map((k) => `${k}${decl.dimensions[k].deniedTo?.length ? ` (not for ${decl.dimensions[k].deniedTo!.join(', ')})` : ''}`).join(', ');
  @Resolver()
  class StatisticsResolver {
    @Query(() => Table, {
      name: queryName,
      nullable: true,
      description:
        `统计 Aggregates of ${decl.records}, computed in the database: records (count), distinct people (people)` +
        (decl.amount ? ', the exact sum of the amounts (amount)' : '') +
        `, grouped by the dimensions asked for (${dimensionList}). A cell of fewer than STATISTICS_MIN_CELL (default 5) people is ` +
        'suppressed (suppressed: true, figures null), and so are the cells that would let it be derived from this table and the tables of every subset of its dimensions (an audit of rows against published margins); ' +
        'every published figure is perturbed by a small noise drawn from the records the cell holds (the same records always give the same figure: asking again does not average it away; README "Statistics and fund use"); ' +
        'the same for every role but the auditor (exact), and for every order of groupBy. Filters are slices of the table grouped also by the filtered dimension (the dimension is added to the grouping). ' +
        `Caseworkers and township approvers: the slice of their township; village assistants: ${villageKey ? 'of their village' : 'FORBIDDEN (these records carry no village)'}; ` +
        `department officers of ${decl.departments.join(', ')} only; analysts: the whole city; auditors: exact; any other role FORBIDDEN. ` +
        `BAD_USER_INPUT TOO_MANY_DIMENSIONS above ${STATISTICS_MAX_DIMENSIONS} dimensions (groupBy, filters and scope together), TOO_MANY_CELLS above ${STATISTICS_MAX_COMPUTED_CELLS} computed or ${STATISTICS_MAX_CELLS} returned cells.` +
        (decl.note ? ` ${decl.note}` : ''),
    })
    async statistics(
      @Arg('groupBy', () => [enumValues], { description: 'The dimensions to group by (none: one cell, the total).' }) groupBy: string[],
      @Arg('filter', () => Filter, { nullable: true, description: 'Slices of the table (equality or IN on dimension values; whole months).' }) filter: Record<string, unknown> | null,
      @Ctx() ctx: SubgraphContext,
    ): Promise<object> {
      const t = await run(ctx, groupBy, filter);
      return Object.assign(new Table(), {
        dimensions: t.dimensions,
        minCell: t.minCell,
        exact: t.exact,
        cells: t.cells.map((c) => {
          const cell = Object.assign(new Cell(), { count: c.count, people: c.people, suppressed: c.suppressed }) as unknown as Record<string, unknown>;
          if (decl.amount) cell.amount = c.amount;
          t.dimensions.forEach((k, i) => (cell[dimensionField(k)] = c.key[i]));
          return cell;
        }),
      });
    }
  }
  return { resolvers: [StatisticsResolver], queryName, run };
}
