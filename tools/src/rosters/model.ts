import { COUNTY_CODE, TOWNSHIPS, makeIdNumber } from '@aidgraph/subgraph-kit';
import {
  generatePopulation, type HouseholdRecord, type PersonRecord, type PopulationSeeder,
} from '@aidgraph/population';
import { writeCsvFile, writeXlsxFile, type Cell, type RejectReason, type RosterAdapter } from '@aidgraph/roster';

/**
 * Example rosters (花名册) of the departments, made from the deterministic population: the rows a department would
 * have in its spreadsheets for the same people the registry holds (same seed and size as the subgraphs' seed).
 */

/** One roster row: field key -> the text typed in the cell ('' or absent: empty). Dates ISO, amounts "1200.00", labels in Chinese. */
export type Values = Record<string, string>;

export interface Population {
  seed: string;
  size: number;
  households: HouseholdRecord[];
  persons: Map<string, PersonRecord>;
  householdOf: Map<string, HouseholdRecord>;
}

export function population(seed: string, size: number): Population {
  const { households } = generatePopulation({ seed, size });
  const persons = new Map<string, PersonRecord>();
  const householdOf = new Map<string, HouseholdRecord>();
  for (const h of households) {
    householdOf.set(h.id, h);
    for (const m of h.members) persons.set(m.id, m);
  }
  return { seed, size, households, persons, householdOf };
}

/** The rows a department's seeder makes of the population, by entity class name (e.g. EducationAid). */
export function seederRows(seeder: PopulationSeeder, pop: Population): Map<string, Record<string, any>[]> {
  const out = new Map<string, Record<string, any>[]>();
  const put = (entity: unknown, row: Record<string, any>) => {
    const name = (entity as { name: string }).name;
    if (!out.has(name)) out.set(name, []);
    out.get(name)!.push(row);
  };
  for (const h of pop.households) seeder.household(h, put);
  seeder.finish?.(put);
  return out;
}

/** The first label a label map gives a value (the documented label). */
export function labelOf<T>(labels: Record<string, T>, value: T): string {
  const found = Object.entries(labels).find(([, v]) => v === value);
  if (!found) throw new Error(`no label for ${String(value)}`);
  return found[0];
}

export const townshipName = (code: string) => TOWNSHIPS.find((t) => t.code === code)!.name;

/** A record as the department stores it (its entity's columns): the truth a roster's row is typed from. */
export type SourceRecord = Record<string, any>;

/** What one department's roster of one kind is made of, and how its example mistakes and corrections are made. */
export interface RosterSpec {
  adapter: RosterAdapter;
  /** the title row of the workbook, e.g. 教育救助花名册 */
  title: string;
  /** fields whose cells are dates (Excel dates in the workbook) */
  dateFields: string[];
  /** fields whose cells are amounts (numbers in the workbook) */
  amountFields: string[];
  /** the records of the roster, from the population (each acceptable to the department, in this order, on a database without them) */
  records(pop: Population): SourceRecord[];
  /** a record as a roster row, typed as the department writes it (labels in Chinese, a township by name, ...) */
  values(record: SourceRecord, pop: Population): Values;
  /** a required field (not the name or ID number) left empty in the mistakes roster */
  requiredBlank: string;
  /** a field of a list and a value it does not accept */
  badLabel: { field: string; value: string };
  /** breaks a clean row so that the department's own rules refuse it (reason INVALID and its detail) */
  ruleBreak(row: Values, pop: Population): { row: Values; detail: string } | null;
  /** the corrected record of the corrected roster (or null to leave it), and the fields the import reports changed */
  correct(record: SourceRecord, index: number): { record: SourceRecord; changed: string[] } | null;
}

/** What a generated mistakes roster should give, row by row. */
export interface MistakesRoster {
  rows: Values[];
  /** rows (index into `rows`) rejected, with their reasons */
  rejected: { index: number; reasons: RejectReason[]; detail?: string }[];
  /** rows (index into `rows`) that must go in, with the clean row they stand for (typed differently) */
  accepted: { index: number; clean: Values }[];
}

/** A valid ID number of nobody in the population (born 1 January 1990 in Jiaozhou, an unused sequence). */
export function idNumberOfNobody(pop: Population): string {
  const used = new Set([...pop.persons.values()].map((p) => p.idNumber));
  for (let seq = 999; seq > 0; seq--) {
    const n = makeIdNumber(COUNTY_CODE, '1990-01-01', seq);
    if (!used.has(n)) return n;
  }
  throw new Error('no free ID number');
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * The mistakes roster: clean rows with the typical mistakes of typed spreadsheets, each in a row of its own —
 * a wrong check character, an unknown township, an impossible date, a negative and a non-numeric amount, an empty
 * required cell, a label not in the list, a valid ID number of nobody, a name that is not the ID number's, a row the
 * department's rules refuse, a duplicate row — and rows that must be ACCEPTED after normalisation: a lower-case x,
 * full-width digits and spaces in the ID number, full-width digits in an amount, a township by name.
 */
export function mistakesOf(spec: RosterSpec, clean: Values[], pop: Population): MistakesRoster {
  const rows = clean.map((r) => ({ ...r }));
  const rejected: MistakesRoster['rejected'] = [];
  const accepted: MistakesRoster['accepted'] = [];
  const used = new Set<number>();
  /** an unused row (matching `pred`), or -1 when none is left: a short roster gets the mistakes that fit */
  const take = (pred: (r: Values) => boolean = () => true): number => {
    const i = rows.findIndex((r, k) => !used.has(k) && pred(r));
    if (i >= 0) used.add(i);
    return i;
  };
  const { idNumberField: idf, nameField } = spec.adapter;
  const mistake = (reasons: RejectReason[], change: (r: Values) => void, detail?: string, pred?: (r: Values) => boolean) => {
    const i = take(pred);
    if (i < 0) return;
    change(rows[i]);
    rejected.push({ index: i, reasons, ...(detail ? { detail } : {}) });
  };
  const accept = (change: (r: Values) => void, pred?: (r: Values) => boolean) => {
    const i = take(pred);
    if (i < 0) return;
    accepted.push({ index: i, clean: { ...rows[i] } });
    change(rows[i]);
  };

  // accepted after normalisation
  accept((r) => (r[idf] = r[idf].toLowerCase()), (r) => r[idf].endsWith('X'));
  accept((r) => {
    r[idf] = ` ${FULL_WIDTH(r[idf].slice(0, 6))} ${r[idf].slice(6, 14)} ${r[idf].slice(14)}`;
    if (spec.amountFields.length) r[spec.amountFields[0]] = FULL_WIDTH(r[spec.amountFields[0]]);
  });

  // rejected: the department's own rule first (it needs a fitting row)
  for (let k = 0; k < rows.length; k++) {
    if (used.has(k)) continue;
    const broken = spec.ruleBreak(rows[k], pop);
    if (!broken) continue;
    used.add(k);
    rows[k] = broken.row;
    rejected.push({ index: k, reasons: ['INVALID'], detail: broken.detail });
    break;
  }
  mistake(['BAD_ID_NUMBER'], (r) => (r[idf] = r[idf].slice(0, 17) + (r[idf][17] === '0' ? '1' : '0')), 'CHECK_CHARACTER');
  mistake(['UNKNOWN_TOWNSHIP'], (r) => (r.townshipCode = '胶州新区'));
  mistake(['BAD_DATE'], (r) => (r[spec.dateFields[0]] = '2024-02-30'));
  if (spec.amountFields.length) {
    mistake(['BAD_AMOUNT'], (r) => (r[spec.amountFields[0]] = '-100'), 'NEGATIVE');
    mistake(['BAD_AMOUNT'], (r) => (r[spec.amountFields[0]] = '一千'));
  }
  mistake(['REQUIRED'], (r) => (r[spec.requiredBlank] = ''));
  mistake(['BAD_VALUE'], (r) => (r[spec.badLabel.field] = spec.badLabel.value), 'NOT_IN_LIST');
  mistake(['NOT_IN_REGISTRY'], (r) => (r[idf] = idNumberOfNobody(pop)));
  if (nameField) mistake(['NAME_MISMATCH'], (r) => (r[nameField] = [...pop.persons.values()].find((p) => p.name !== r[nameField])!.name));
  // a duplicate of a good row (an accepted one when every row is taken), at the end
  const unused = rows.findIndex((_, k) => !used.has(k));
  const source = unused >= 0 ? unused : accepted.length ? accepted[accepted.length - 1].index : -1;
  if (source >= 0) {
    rows.push({ ...rows[source] });
    rejected.push({ index: rows.length - 1, reasons: ['DUPLICATE_ROW'] });
  }
  return { rows, rejected, accepted };
}

/** The corrected roster: the records with some corrected (their indexes and the fields changed). */
export function correctedOf(spec: RosterSpec, records: SourceRecord[]): { records: SourceRecord[]; changed: { index: number; fields: string[] }[] } {
  const changed: { index: number; fields: string[] }[] = [];
  const out = records.map((r, i) => {
    const c = spec.correct(r, i);
    if (!c) return r;
    changed.push({ index: i, fields: c.changed });
    return c.record;
  });
  return { records: out, changed };
}

/** The cells of a roster's rows under its documented headers; in a workbook dates become Excel dates and amounts numbers. */
export function rosterCells(spec: RosterSpec, rows: Values[], workbook: boolean): Cell[][] {
  const fields = spec.adapter.fields;
  const cell = (f: string, v: string | undefined): Cell => {
    if (v === undefined || v === '') return null;
    if (workbook && spec.dateFields.includes(f) && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const d = new Date(`${v}T00:00:00Z`);
      if (d.toISOString().slice(0, 10) === v) return d;
    }
    if (workbook && spec.amountFields.includes(f) && /^-?\d+(\.\d{1,2})?$/.test(v)) return Number(v);
    return v;
  };
  return [fields.map((f) => f.header), ...rows.map((r) => fields.map((f) => cell(f.key, r[f.key])))];
}

/** Write a roster as CSV (UTF-8 with a BOM, header on row 1) or as a workbook (a title on row 1, the header on row 2). */
export async function writeRoster(spec: RosterSpec, rows: Values[], file: string): Promise<void> {
  if (file.endsWith('.xlsx')) {
    const cells = rosterCells(spec, rows, true);
    const idColumn = spec.adapter.fields.findIndex((f) => f.key === spec.adapter.idNumberField);
    const amountColumns = spec.amountFields.map((f) => spec.adapter.fields.findIndex((x) => x.key === f));
    await writeXlsxFile(file, [{ name: '花名册', rows: [[spec.title], ...cells], textColumns: [idColumn], amountColumns }]);
  } else writeCsvFile(file, rosterCells(spec, rows, false));
}

/** The spreadsheet row number of rows[index]: after the header (and the title row of a workbook). */
export function rowNumber(index: number, workbook: boolean): number {
  return index + (workbook ? 3 : 2);
}
