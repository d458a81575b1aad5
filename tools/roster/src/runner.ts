import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { auditedWrite, createContext, staticPersonRegistry, writeTransaction } from '@aidgraph/subgraph-kit';
import { forbidden, type Identity } from '@aidgraph/common';
import { compactText, cellText, isBlank } from './cells';
import { mapColumns, type ColumnMap } from './mapping';
import type { RosterSheet } from './read';
import type { RegistryLookup } from './registry';
import type { ApplyResult, RegistryPerson, RosterAdapter, RowProblem, RowValues } from './adapter';
import { RosterRowError } from './adapter';
import { isRejectReason, type RejectReason } from './reasons';

/** One line of the reject report: a problem of a rejected row. */
export interface RejectLine {
  /** the row number as the spreadsheet shows it (the header row is 1 when there is no title above it) */
  row: number;
  /** the column's header as written in the file ('' for a problem of the whole row) */
  column: string;
  reason: RejectReason;
  detail: string;
  message: string;
}

/** What happened to one data row. */
export interface RowResult {
  row: number;
  outcome: 'added' | 'updated' | 'unchanged' | 'rejected' | 'skipped';
  changed?: string[];
}

/** The result of an import (or of a dry run: what would happen). */
export interface ImportReport {
  subgraph: string;
  kind: string;
  dryRun: boolean;
  format: RosterSheet['format'];
  sheet?: string;
  encoding?: RosterSheet['encoding'];
  headerRow: number;
  /** headers of the file that no field takes (ignored) */
  ignoredColumns: string[];
  /** data rows (blank rows not counted) */
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** total rows (合计/总计/小计) that are not records */
  skipped: number;
  results: RowResult[];
  rejects: RejectLine[];
  ms: number;
}

export interface ImportRosterOptions {
  adapter: RosterAdapter;
  sheet: RosterSheet;
  /** the department's database (migrated) */
  db: DataSource;
  /** who imports: a department officer of the adapter's department (a caseworker for civil affairs' own township) */
  identity: Identity;
  registry: RegistryLookup;
  /** the file's headers to fields (a --mapping file) */
  mapping?: Record<string, string>;
  /** apply nothing: each row runs in a transaction that is rolled back, and the report says what would happen */
  dryRun?: boolean;
  /** called as rows are applied */
  onProgress?: (done: number, total: number) => void;
  /** called with an unexpected error of a row (the report says ERROR); never log its message: it may hold values */
  onError?: (row: number, error: unknown) => void;
  /** "today" for the ID numbers' birth-date check (tests) */
  today?: Date;
}

const TOTAL_ROW = /^(合计|总计|小计|共计|total)/i;

/** Thrown inside a dry run's transaction to roll it back. */
class DryRunRollback extends Error {}

/** Reasons the kit itself gives for one cell; a department's BAD_USER_INPUT with one of these keeps it. */
const CELL_REASONS: RejectReason[] = ['BAD_DATE', 'BAD_AMOUNT', 'UNKNOWN_TOWNSHIP', 'BAD_VALUE', 'REQUIRED'];

/** The problems a failed row's error stands for (a department's GraphQL error, an adapter's RosterRowError, anything else). */
export function problemsOfError(e: unknown, adapter: RosterAdapter): RowProblem[] {
  if (e instanceof RosterRowError) return e.problems;
  if (e instanceof GraphQLError) {
    const x = e.extensions ?? {};
    const code = String(x.code ?? '');
    const reason = x.reason !== undefined ? String(x.reason) : undefined;
    const inputField = x.field !== undefined ? String(x.field) : undefined;
    const field = inputField !== undefined ? (adapter.fieldFor?.(inputField) ?? inputField) : undefined;
    if (code === 'BAD_USER_INPUT') {
      const kept = reason && isRejectReason(reason) && CELL_REASONS.includes(reason);
      return [{ field, reason: kept ? (reason as RejectReason) : 'INVALID', detail: kept ? undefined : reason, message: e.message }];
    }
    if (code === 'CONFLICT') return [{ field, reason: 'CONFLICT', detail: reason, message: e.message }];
    if (code === 'NOT_FOUND') return [{ field, reason: 'NOT_FOUND', detail: reason, message: e.message }];
    if (code === 'FORBIDDEN') return [{ field, reason: 'FORBIDDEN', message: e.message }];
  }
  return [{ reason: 'ERROR', detail: (e as Error)?.name ?? 'Error', message: 'an unexpected error: nothing of this row was written' }];
}

/**
 * Refuse an import by an identity that may not write the adapter's records at all. Township approvers and village
 * assistants import nothing: a roster is a department's bulk records (the civil-affairs roster holds enrolments,
 * which are decisions), while an approver writes only its township's application decisions and an assistant only its
 * village's registry and applications, one by one through the graph (assertCanWrite).
 */
export function assertMayImport(identity: Identity, department: string): void {
  if (identity.role === 'department_officer' && identity.department === department) return;
  if (identity.role === 'caseworker' && department === 'CIVIL_AFFAIRS') return;
  throw forbidden(`only ${department} officers may import this roster`);
}

/** A data row read and parsed: its values, the problems of its cells, or a total row (合计) that is no record. */
export interface ParsedRow {
  row: number;
  values: RowValues;
  problems: RowProblem[];
  total?: boolean;
}

/**
 * Steps 1 and 2 of an import, without database or registry: find the header row, map the columns (RosterFileError
 * when the file cannot be imported) and parse each data row's cells (blank rows are left out).
 */
export function parseRosterSheet(adapter: RosterAdapter, sheet: RosterSheet, mapping?: Record<string, string>): { columns: ColumnMap; rows: ParsedRow[] } {
  const columns = mapColumns(sheet.rows, adapter.fields, mapping);
  const rows: ParsedRow[] = [];
  for (const r of sheet.rows) {
    if (r.row <= columns.headerRow || !r.cells.some((c) => !isBlank(c))) continue;
    const first = r.cells.find((c) => !isBlank(c));
    if (first !== undefined && TOTAL_ROW.test(compactText(cellText(first))) && isBlank(r.cells[columns.columnOf.get(adapter.idNumberField)!])) {
      rows.push({ row: r.row, values: {}, problems: [], total: true });
      continue;
    }
    const p: ParsedRow = { row: r.row, values: {}, problems: [] };
    for (const f of adapter.fields) {
      const col = columns.columnOf.get(f.key);
      const cell = col === undefined ? null : (r.cells[col] ?? null);
      if (isBlank(cell)) {
        if (f.required !== false) p.problems.push({ field: f.key, reason: 'REQUIRED', message: `${f.header} must be filled in` });
        continue;
      }
      const v = f.parse(cell);
      if (v.ok) p.values[f.key] = v.value;
      else p.problems.push({ field: f.key, ...v.problem });
    }
    rows.push(p);
  }
  return { columns, rows };
}

interface PendingRow extends ParsedRow {
  idNumber?: string;
  person?: RegistryPerson;
  record?: unknown;
}

/**
 * Import one roster sheet into a department's database:
 * 1. find the header row and map the columns (a missing required column refuses the whole file);
 * 2. read every row: normalise and parse each cell (an empty required cell, an invalid ID number, an unknown
 *    township, an impossible date, a bad amount are problems of the row);
 * 3. match the rows' ID numbers to registry persons, in batches (NOT_IN_REGISTRY, NAME_MISMATCH);
 * 4. build each row's record with the adapter (the department's own checks) and find duplicates of the file;
 * 5. apply each good row in a transaction of its own with its audit entries (auditedWrite): the row goes in whole or not
 *    at all; a row the department refuses is rejected and the others go on. In a dry run each row's transaction is
 *    rolled back: the department's rules run, nothing is written, and the report says what would happen.
 */
export async function importRoster(o: ImportRosterOptions): Promise<ImportReport> {
  const started = Date.now();
  const { adapter } = o;
  assertMayImport(o.identity, adapter.department);
  const parsed = parseRosterSheet(adapter, o.sheet, o.mapping);
  const columns = parsed.columns;
  const headerOf = (field: string | undefined) => (field ? (columns.headerOf.get(field) ?? adapter.fields.find((f) => f.key === field)?.header ?? '') : '');

  const results: RowResult[] = [];
  const rejects: RejectLine[] = [];
  const reject = (p: PendingRow) => {
    results.push({ row: p.row, outcome: 'rejected' });
    for (const pr of p.problems)
      rejects.push({ row: p.row, column: headerOf(pr.field), reason: pr.reason, detail: pr.detail ?? '', message: pr.message });
  };

  // 2. parse every row
  const pending: PendingRow[] = [];
  let skipped = 0;
  for (const r of parsed.rows) {
    if (r.total) {
      skipped++;
      results.push({ row: r.row, outcome: 'skipped' });
    } else pending.push({ ...r, idNumber: r.values[adapter.idNumberField] });
  }

  // 3. match ID numbers to registry persons
  const numbers = pending.map((p) => p.idNumber).filter((n): n is string => !!n);
  const persons = numbers.length ? await o.registry.lookup(numbers) : new Map<string, RegistryPerson>();
  for (const p of pending) {
    if (!p.idNumber) continue;
    p.person = persons.get(p.idNumber);
    if (!p.person) {
      p.problems.push({ field: adapter.idNumberField, reason: 'NOT_IN_REGISTRY', message: 'no person in the registry has this ID number' });
      continue;
    }
    const name = adapter.nameField ? p.values[adapter.nameField] : undefined;
    if (typeof name === 'string' && compactText(name) !== compactText(p.person.name))
      p.problems.push({ field: adapter.nameField, reason: 'NAME_MISMATCH', message: 'the name is not the registry\'s name for this ID number: check both' });
  }

  // 4. records, and duplicates within the file
  const firstRowOfKey = new Map<string, number>();
  const toApply: PendingRow[] = [];
  for (const p of pending) {
    if (!p.problems.length) {
      try {
        p.record = adapter.toRecord(p.values, { row: p.row, idNumber: p.idNumber!, person: p.person! });
        const key = adapter.keyOf(p.record);
        const first = firstRowOfKey.get(key);
        if (first !== undefined)
          p.problems.push({ reason: 'DUPLICATE_ROW', message: `the same record as row ${first} (${adapter.naturalKey}); only row ${first} counts` });
        else firstRowOfKey.set(key, p.row);
      } catch (e) {
        p.problems.push(...problemsOfError(e, adapter));
      }
    }
    if (p.problems.length) reject(p);
    else toApply.push(p);
  }

  // 5. apply, each row in its own transaction
  const requestId = `roster-import-${crypto.randomUUID()}`;
  const operation = `roster-import ${adapter.subgraph}/${adapter.kind}${o.dryRun ? ' (dry run)' : ''}`.slice(0, 128);
  let done = 0;
  // the department's registry check (assertPersonsInRegistry) is answered from the matches of step 3: no second call
  const matched = staticPersonRegistry([...persons.values()].map((p) => ({ id: p.id, status: p.status, townshipCode: p.townshipCode })));
  for (const p of toApply) {
    const ctx = createContext(o.identity, o.db, requestId, operation);
    ctx.registry = matched;
    try {
      let result: ApplyResult | undefined;
      if (o.dryRun) {
        try {
          await writeTransaction(o.db, async (tx) => {
            result = await adapter.apply(ctx, tx, p.record);
            throw new DryRunRollback();
          });
        } catch (e) {
          if (!(e instanceof DryRunRollback)) throw e;
        }
      } else result = await auditedWrite(ctx, (tx) => adapter.apply(ctx, tx, p.record));
      results.push({ row: p.row, outcome: result!.outcome, ...(result!.changed?.length ? { changed: result!.changed } : {}) });
    } catch (e) {
      p.problems.push(...problemsOfError(e, adapter));
      if (p.problems.some((x) => x.reason === 'ERROR')) o.onError?.(p.row, e);
      reject(p);
    }
    o.onProgress?.(++done, toApply.length);
  }

  results.sort((a, b) => a.row - b.row);
  rejects.sort((a, b) => a.row - b.row);
  const count = (k: RowResult['outcome']) => results.filter((r) => r.outcome === k).length;
  return {
    subgraph: adapter.subgraph,
    kind: adapter.kind,
    dryRun: !!o.dryRun,
    format: o.sheet.format,
    sheet: o.sheet.sheet,
    encoding: o.sheet.encoding,
    headerRow: columns.headerRow,
    ignoredColumns: columns.ignored,
    rows: results.length,
    added: count('added'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    skipped,
    results,
    rejects,
    ms: Date.now() - started,
  };
}
