import { Arg, Ctx, Extensions, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Role } from '../access/identity';
import { classifyCoordinates, DATA_CLASSES, type DataClass } from '../access/classification';
import { ACCESS_EXTENSION } from '../access/declarations';
import { scopeWhere } from '../access/policy';
import { badInput } from '../errors';
import { TOWNSHIPS } from '../domain/divisions';
import { clockToday } from '../clock';
import { YuanScalar } from '../domain/money';
import type { SubgraphContext } from '../context';
import { statisticsMinCell } from './suppression';
import { cellKeyOf, recordKeySql } from './perturbation';
import {
  answerTable, assertMayAskStatistics, marginTables, columnRef, inStatisticsSession, monthIndexSql, statisticsOutcomes, STATISTICS_MAX_COMPUTED_CELLS,
  type MeasuredCell, type StatisticsAccess, type SuppressedTable,
} from './statistics';

/**
 * Fund use (公开公示 资金使用, issue 9 items 3-4): per programme, township and month, the people paid (recipients,
 * distinct) and the exact amount paid, with the statistics' suppression (suppression.ts). A subgraph that pays money to
 * people declares its payments in its statistics file (defineFundUse); the kit generates `Query.<name>FundUse(month |
 * year)`.
 *
 * What counts as paid in a month:
 * - a monthly payment (dibao, tekun, a disability subsidy, a rent subsidy): its monthly amount in every calendar month
 *   the record is in force on at least one day (from the month of its start to the month of its end; an open end: up to
 *   the month asked for); a suspension is not recorded with its dates, so a suspended record counts as in force;
 * - a one-off payment (temporary assistance, an education aid, a grant): its amount in the month of its date; a
 *   record of a month's payment (a payment line: `columnKind: 'month'`, YYYY-MM text) is one-off in that month, so a
 *   subgraph whose monthly payments are recorded per month (civil affairs' payment batches) declares them so;
 * - a record with no money (a marginal household, 低保边缘: 0) counts its recipients with amount 0.00;
 * - never a month after today's (clockToday, AIDGRAPH_TODAY): nothing is paid in the future.
 *
 * Consistency: the table is always the whole calendar year of the month asked for (programme × township × month), up to
 * today's month, suppressed as one table in that canonical order, audited against the tables of every subset of its
 * dimensions (programme × month, township × month, month, ...: summed from its cells, suppressed bottom-up by the same
 * procedure as the statistics, suppressHierarchy), and
 * the answer is the slice of the month (or the year) and of the caller's scope: a month's answer is a slice of its
 * year's, so the two cannot be combined to undo a suppression. Sources must not share a programme code (distinct
 * recipients are counted per source).
 *
 * The full grid: the table is every programme a source can pay (its declared `codes`, or its one `value`) × every
 * township of the city (divisions.json) × every month of the year up to today's, whether anybody was paid there or not.
 * A cell with nobody paid is a cell of 0 recipients, suppressed (and complemented) exactly like a small cell for every
 * role but the auditor (who gets 0 and 0.00): otherwise the cells listed would tell the public in which township and
 * month someone was paid, and a new cell when the only recipient of a township started or stopped (a back-dated
 * supplementary batch included). Any other programme or township the records hold is a cell too.
 */

/** How a source pays. */
export type FundUsePayment =
  | { monthly: { amount: string; start: string; end: string; columnKind?: 'date' | 'month' } }
  | {
    oneOff: {
      amount: string;
      date: string;
      columnKind?: 'date' | 'month';
      /**
       * true when the records are unique per programme, month and person (a payment line: a unique constraint): the
       * recipients of a cell are its records, counted without COUNT(DISTINCT) (no sort: a hash aggregate at any size)
       */
      onePerPersonAndMonth?: boolean;
    };
  };

export interface FundUseSource<E extends ObjectLiteral = ObjectLiteral> {
  entity: EntityTarget<E>;
  /** the property holding the person paid (recipients are distinct values of it); or a SQL expression, `personSql` */
  person?: string;
  personSql?: (ref: (property: string) => string) => string;
  /** the property holding the township (default townshipCode) */
  township?: string;
  /**
   * the programme: a column of the record and every code it can hold (`codes`: the rows of the full grid, see the
   * file's header), or one code for the whole source
   */
  programme: { column: string; codes: readonly string[] } | { value: string };
  payment: FundUsePayment;
  /** only the records that were paid (e.g. not revoked): SQL over the record's columns */
  where?: (ref: (property: string) => string) => { sql: string; params?: Record<string, unknown> };
}

export interface FundUseDeclaration extends StatisticsAccess {
  /** the query's prefix: `civilAffairs` gives Query.civilAffairsFundUse and the types CivilAffairsFundUse* */
  name: string;
  /** the programmes, for the description: "DIBAO, TEKUN (monthly), TEMPORARY (one-off), MARGINAL (0)" */
  programmes: string;
  /**
   * The roles that may ask — the ONE list of fund use's roles, kept apart from the statistics' roles: adding `public`
   * here (the disclosure site, 公开公示) is all it takes to open fund use, and only fund use, to it (the coordinate's class
   * then becomes `disclosure`).
   */
  roles: readonly Role[];
  sources: FundUseSource[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthText = (i: number) => `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export interface FundUseDefinition {
  resolvers: Function[];
  queryName: string;
  run(ctx: SubgraphContext, period: { month?: string | null; year?: number | null }): Promise<SuppressedTable & { months: string[] }>;
}

/** Declare a subgraph's fund use: see the file's header. */
export function defineFundUse(decl: FundUseDeclaration): FundUseDefinition {
  const Prefix = decl.name.charAt(0).toUpperCase() + decl.name.slice(1) + 'FundUse';
  const queryName = `${decl.name}FundUse`;
  const what = `the fund use of ${decl.name}`;

  // the public disclosure site among the roles: the query, its table and its cells are of the class it may read
  const forPublicSite = decl.roles.includes('public' as Role) && 'disclosure' in DATA_CLASSES;
  const cls: DataClass = forPublicSite ? ('disclosure' as DataClass) : 'programme.record';
  const partsClass = forPublicSite ? 'disclosure' : 'public';
  class Cell {}
  Object.defineProperty(Cell, 'name', { value: `${Prefix}Cell` });
  Field(() => String, { description: '救助项目 The programme (its code).' })(Cell.prototype, 'programme');
  Field(() => String, { description: '乡镇 The township (9-digit division code).' })(Cell.prototype, 'township');
  Field(() => String, { description: '月份 The month paid, YYYY-MM.' })(Cell.prototype, 'month');
  Field(() => Int, { nullable: true, description: '救助人数 Distinct people paid in the month, perturbed by −2..+2 and never below STATISTICS_MIN_CELL (exact for auditors); null when suppressed.' })(Cell.prototype, 'recipients');
  Field(() => YuanScalar, {
    nullable: true,
    description: '资金 Amount paid in the month, in yuan (a decimal, to the fen), perturbed: the records\' noise times the largest single payment of the cell, plus at most half of it (0.00 only when nothing was paid; exact for auditors); null when suppressed.',
  })(Cell.prototype, 'amount');
  Field(() => Boolean, { description: '已抑制 True when the cell is suppressed (fewer than STATISTICS_MIN_CELL recipients, or its complement); never for auditors.' })(Cell.prototype, 'suppressed');
  Extensions({
    [ACCESS_EXTENSION]: { class: partsClass, reason: 'an aggregate of at least STATISTICS_MIN_CELL recipients, or suppressed (no figure); who may ask is decided by the query' },
  })(Cell);
  ObjectType(`${Prefix}Cell`, { description: `资金使用 The fund use of one programme in one township and month (${decl.name}).` })(Cell);

  class Table {}
  Object.defineProperty(Table, 'name', { value: `${Prefix}Table` });
  Field(() => [String], { description: 'The months answered (YYYY-MM): the month asked for, or the months of the year up to today\'s.' })(Table.prototype, 'months');
  Field(() => Int, { description: 'k: a cell of fewer recipients is suppressed (STATISTICS_MIN_CELL).' })(Table.prototype, 'minCell');
  Field(() => Boolean, { description: 'True for auditors: the exact table, nothing suppressed, nothing perturbed.' })(Table.prototype, 'exact');
  Field(() => [Cell], { description: 'Per programme, township and month (ordered by them): the full grid, every programme × every township of the city × every month answered, a cell where nobody was paid included (0 recipients: suppressed like a small cell; 0 and 0.00 for auditors).' })(Table.prototype, 'cells');
  Extensions({ [ACCESS_EXTENSION]: { class: partsClass, reason: 'an aggregate table, small cells suppressed' } })(Table);
  ObjectType(`${Prefix}Table`, { description: `资金使用公示 The fund use of ${decl.name}, per programme, township and month, small cells suppressed.` })(Table);

  classifyCoordinates({
    [`Query.${queryName}`]: {
      class: cls,
      kind: 'count',
      note:
        `fund use (资金使用) per programme, township and month, cells of fewer than STATISTICS_MIN_CELL recipients suppressed (and their complements) and open figures perturbed by their records' noise, the same for every role but the auditor; ` +
        `roles: ${decl.roles.join(', ')} (one list in the declaration); caseworkers and approvers: their township; officers of ${decl.departments.join(', ')} only`,
      outcomes: statisticsOutcomes({ roles: decl.roles, departments: decl.departments }, false),
    },
  });

  async function run(ctx: SubgraphContext, period: { month?: string | null; year?: number | null }) {
    const identity = ctx.identity;
    assertMayAskStatistics(identity, decl, what, false);
    const { month, year } = period;
    if (month == null && year == null) throw badInput('give either `month` or `year`', 'month', 'REQUIRED');
    if (month != null && year != null) throw badInput('give either `month` or `year`, not both', 'year', 'NOT_ALLOWED');
    if (month != null && !MONTH.test(month)) throw badInput('`month` must be a month YYYY-MM', 'month', 'BAD_MONTH');
    // the same years for both arguments (2000 to 2100), with the reason of the side it falls out of
    const askedYear = year ?? Number(month!.slice(0, 4));
    const yearField = year != null ? 'year' : 'month';
    if (!Number.isInteger(askedYear) || askedYear < 2000) throw badInput(`\`${yearField}\` must be in the years 2000 to 2100`, yearField, 'TOO_SMALL');
    if (askedYear > 2100) throw badInput(`\`${yearField}\` must be in the years 2000 to 2100`, yearField, 'TOO_LARGE');
    const y = year ?? Number(month!.slice(0, 4));
    const today = monthIndex(clockToday().slice(0, 7));
    const first = y * 12;
    const last = Math.min(y * 12 + 11, today);
    const asked = month != null ? [monthIndex(month)] : Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
    const months = asked.filter((m) => m <= today);
    const postgres = ctx.db.options.type === 'postgres';
    // the cells being summed: programme/township/month -> records, people, fen
    // (and the cell key, the sum of the paid records' keys, and the largest single payment: perturbation.ts)
    const sums = new Map<string, { key: [string, string, string]; count: number; people: number; fen: bigint; keySum: bigint; maxFen: bigint }>();
    const add = (programme: string, township: string, mi: number, count: number, people: number, fen: bigint, keySum = 0n, maxFen = 0n) => {
      const key: [string, string, string] = [programme, township, monthText(mi)];
      const k = key.join('/');
      const c = sums.get(k) ?? { key, count: 0, people: 0, fen: 0n, keySum: 0n, maxFen: 0n };
      c.count += count;
      c.people += people;
      c.fen += fen;
      c.keySum += keySum;
      if (maxFen > c.maxFen) c.maxFen = maxFen;
      sums.set(k, c);
    };
    const big = (v: unknown) => BigInt(String(v ?? 0));
    if (last >= first) await inStatisticsSession(ctx.db, async (manager) => {
      for (const source of decl.sources) {
        const base = () => {
          const qb = manager.getRepository(source.entity).createQueryBuilder('r');
          const ref = (p: string) => columnRef(qb, 'r', p);
          if ('value' in source.programme) qb.setParameter('fuProgramme', source.programme.value);
          if (source.where) {
            const w = source.where(ref);
            qb.andWhere(w.sql, w.params ?? {});
          }
          const programme = 'column' in source.programme ? ref(source.programme.column) : `CAST(:fuProgramme AS varchar(40))`;
          const person = source.personSql ? source.personSql(ref) : ref(source.person!);
          return { qb, ref, programme, person, township: ref(source.township ?? 'townshipCode') };
        };
        if ('monthly' in source.payment) {
          // A monthly payment counts in every month of [a, b], its months in force within the year. Expanding each
          // record into its months in SQL (a join with the twelve months) and counting distinct people per cell sorts
          // every record-month (1.3 million at a million people: 1.5 s); instead the records are grouped by their
          // clamped range (a, b) — one GROUP BY, no expansion — and expanded here, and a person with several records
          // of the same programme and township in force in one month (rare: a second enrolment) is counted once by
          // the correction below (a second GROUP BY ... HAVING COUNT(*) > 1 and those people's records).
          const p = source.payment.monthly;
          const kind = p.columnKind ?? 'date';
          const day = (i: number, end: boolean) => {
            const m = monthText(i);
            if (kind === 'month') return m;
            return end ? `${m}-${String(new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate()).padStart(2, '0')}` : `${m}-01`;
          };
          const range = (b: ReturnType<typeof base>) => {
            const s0 = monthIndexSql(b.ref(p.start), kind, postgres);
            const e0 = monthIndexSql(b.ref(p.end), kind, postgres);
            b.qb.andWhere(`${b.ref(p.start)} <= :fuLastDay AND (${b.ref(p.end)} IS NULL OR ${b.ref(p.end)} >= :fuFirstDay)`, { fuFirstDay: day(first, false), fuLastDay: day(last, true) });
            return {
              a: `CASE WHEN ${s0} < ${first} THEN ${first} ELSE ${s0} END`,
              b: `CASE WHEN ${b.ref(p.end)} IS NULL OR ${e0} > ${last} THEN ${last} ELSE ${e0} END`,
            };
          };
          const g = base();
          const r = range(g);
          g.qb.select([
            `${g.programme} AS ${g.qb.escape('d0')}`,
            `${g.township} AS ${g.qb.escape('d1')}`,
            `${r.a} AS ${g.qb.escape('a')}`,
            `${r.b} AS ${g.qb.escape('b')}`,
            `COUNT(*) AS ${g.qb.escape('n')}`,
            `SUM(${g.ref(p.amount)}) AS ${g.qb.escape('s')}`,
            `SUM(${recordKeySql(g.person, postgres)}) AS ${g.qb.escape('k')}`,
            `MAX(${g.ref(p.amount)}) AS ${g.qb.escape('x')}`,
          ]);
          g.qb.groupBy(g.qb.escape('d0')).addGroupBy(g.qb.escape('d1')).addGroupBy(g.qb.escape('a')).addGroupBy(g.qb.escape('b'));
          for (const row of (await g.qb.getRawMany()) as Record<string, unknown>[])
            for (let m = Number(row.a); m <= Number(row.b); m++) add(String(row.d0), String(row.d1), m, Number(row.n), Number(row.n), big(row.s), big(row.k), big(row.x));
          // people with more than one record of a programme and township in the year: their records, to count them once a month
          const d = base();
          range(d);
          d.qb.select([`${d.programme} AS ${d.qb.escape('d0')}`, `${d.township} AS ${d.qb.escape('d1')}`, `${d.person} AS ${d.qb.escape('p')}`]);
          d.qb.groupBy(d.qb.escape('d0')).addGroupBy(d.qb.escape('d1')).addGroupBy(d.qb.escape('p')).having('COUNT(*) > 1');
          const dups = (await d.qb.getRawMany()) as { d0: string; d1: string; p: string }[];
          for (let i = 0; i < dups.length; i += 500) {
            const ids = [...new Set(dups.slice(i, i + 500).map((x) => x.p))];
            const q = base();
            const qr = range(q);
            q.qb.andWhere(`${q.person} IN (:...fuPeople)`, { fuPeople: ids });
            q.qb.select([`${q.programme} AS ${q.qb.escape('d0')}`, `${q.township} AS ${q.qb.escape('d1')}`, `${q.person} AS ${q.qb.escape('p')}`, `${qr.a} AS ${q.qb.escape('a')}`, `${qr.b} AS ${q.qb.escape('b')}`]);
            const covered = new Map<string, number>();
            for (const row of (await q.qb.getRawMany()) as Record<string, unknown>[])
              for (let m = Number(row.a); m <= Number(row.b); m++) {
                const k = `${row.d0}\u0000${row.d1}\u0000${row.p}\u0000${m}`;
                covered.set(k, (covered.get(k) ?? 0) + 1);
              }
            for (const [k, n] of covered) {
              if (n < 2) continue;
              const [d0, d1, , m] = k.split('\u0000');
              add(d0, d1, Number(m), 0, -(n - 1), 0n);
            }
          }
        } else {
          const p = source.payment.oneOff;
          const kind = p.columnKind ?? 'date';
          const g = base();
          const monthSelect = monthIndexSql(g.ref(p.date), kind, postgres);
          g.qb.andWhere(`${g.ref(p.date)} >= :fuFirstDay AND ${g.ref(p.date)} <= :fuLastDay`, kind === 'month'
            ? { fuFirstDay: monthText(first), fuLastDay: monthText(last) }
            : {
              fuFirstDay: `${monthText(first)}-01`,
              fuLastDay: `${monthText(last)}-${String(new Date(Date.UTC(Math.floor(last / 12), (last % 12) + 1, 0)).getUTCDate()).padStart(2, '0')}`,
            });
          g.qb.select([
            `${g.programme} AS ${g.qb.escape('d0')}`,
            `${g.township} AS ${g.qb.escape('d1')}`,
            `${monthSelect} AS ${g.qb.escape('d2')}`,
            `COUNT(*) AS ${g.qb.escape('n')}`,
            p.onePerPersonAndMonth ? `COUNT(*) AS ${g.qb.escape('p')}` : `COUNT(DISTINCT ${g.person}) AS ${g.qb.escape('p')}`,
            `SUM(${g.ref(p.amount)}) AS ${g.qb.escape('s')}`,
            `SUM(${recordKeySql(g.person, postgres)}) AS ${g.qb.escape('k')}`,
            `MAX(${g.ref(p.amount)}) AS ${g.qb.escape('x')}`,
          ]);
          g.qb.groupBy(g.qb.escape('d0')).addGroupBy(g.qb.escape('d1')).addGroupBy(g.qb.escape('d2'));
          for (const row of (await g.qb.getRawMany()) as Record<string, unknown>[])
            add(String(row.d0), String(row.d1), Number(row.d2), Number(row.n), Number(row.p), big(row.s), big(row.k), big(row.x));
        }
      }
    });
    // the full grid (the file's header): every programme × township × month of the year up to today's, 0 where nobody was paid
    const programmeCodes = new Set<string>(decl.sources.flatMap((s) => ('value' in s.programme ? [s.programme.value] : [...s.programme.codes])));
    const townshipCodes = new Set<string>(TOWNSHIPS.map((t) => t.code));
    for (const c of sums.values()) (programmeCodes.add(c.key[0]), townshipCodes.add(c.key[1]));
    if (programmeCodes.size * townshipCodes.size * Math.max(0, last - first + 1) > STATISTICS_MAX_COMPUTED_CELLS)
      throw badInput('the fund-use table is too large', 'year', 'TOO_MANY_CELLS');
    for (const programme of programmeCodes) for (const township of townshipCodes) for (let m = first; m <= last; m++) add(programme, township, m, 0, 0, 0n);
    const cells: MeasuredCell[] = [...sums.values()].map((c) => ({ key: c.key, count: c.count, people: c.people, amountFen: c.fen.toString(), cellKey: cellKeyOf(c.keySum), maxFen: c.maxFen.toString() }));
    const slice = new Map<string, Set<string | number | boolean>>([['MONTH', new Set(months.map(monthText))]]);
    // fund use is published (公开公示): the disclosure site sees the whole city's, the one answer its role gets beyond the notices
    const scope = scopeWhere(identity, { villageCode: false, published: true });
    if (scope.townshipCode !== undefined) slice.set('TOWNSHIP', new Set([scope.townshipCode]));
    // suppressed in the canonical order programme × township × month, audited against the tables of every subset of
    // them (programme × month, township × month, month, ..., summed from the cells: records and amounts are additive)
    const dimensions = ['PROGRAMME', 'TOWNSHIP', 'MONTH'];
    const t = answerTable(identity, statisticsMinCell(ctx.db), dimensions, dimensions, marginTables(cells, 3), slice, undefined, true);
    return { ...t, months: months.map(monthText) };
  }

  @Resolver()
  class FundUseResolver {
    @Query(() => Table, {
      name: queryName,
      nullable: true,
      description:
        `资金使用 Fund use per programme, township and month: distinct recipients and the exact amount paid (${decl.programmes}). ` +
        'A monthly payment counts in every month its record is in force, a one-off payment (or a recorded payment of one month: a payment line) in the month of its date; no month after today. ' +
        'The table is the full grid (every programme × every township of the city × every month answered): a cell where nobody was paid is listed too. ' +
        'A cell of fewer than STATISTICS_MIN_CELL (default 5) recipients (0 included) is suppressed, and so are the cells that would let it be derived from this table and its margins (programme × month, township × month, month, ...: an audit of rows against them); ' +
        'suppression is computed on the whole calendar year (a month is a slice of it), and every published figure is perturbed by a small noise drawn from the records paid (statistics/perturbation.ts), the same for every role but the auditor (exact). ' +
        `Roles: ${decl.roles.join(', ')}; caseworkers and township approvers get their township's slice; department officers of ${decl.departments.join(', ')} only; any other role FORBIDDEN. ` +
        'Exactly one of month and year (BAD_USER_INPUT otherwise).',
    })
    async fundUse(
      @Arg('month', () => String, { nullable: true, description: 'One month, YYYY-MM.' }) month: string | null,
      @Arg('year', () => Int, { nullable: true, description: 'A whole year: its months up to today\'s.' }) year: number | null,
      @Ctx() ctx: SubgraphContext,
    ): Promise<object> {
      const t = await run(ctx, { month, year });
      return Object.assign(new Table(), {
        months: t.months,
        minCell: t.minCell,
        exact: t.exact,
        cells: t.cells.map((c) =>
          Object.assign(new Cell(), { programme: c.key[0], township: c.key[1], month: c.key[2], recipients: c.people, amount: c.amount, suppressed: c.suppressed }),
        ),
      });
    }
  }
  return { resolvers: [FundUseResolver], queryName, run };
}
