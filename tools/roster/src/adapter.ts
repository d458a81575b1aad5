import type { EntityManager } from 'typeorm';
import type { SubgraphContext } from '@aidgraph/subgraph-kit';
import type { CellParser } from './parsers';
import type { CellProblem } from './reasons';

/**
 * A column of a department's roster: the field it fills, the Chinese header departments write, other headers that
 * mean the same, whether it must be filled, and how its cells are read.
 */
export interface RosterField<T = unknown> {
  /** the field's name in the adapter's row (the department's input field of the same meaning where there is one) */
  key: string;
  /** the documented header, e.g. 身份证号 */
  header: string;
  /** other headers accepted for it (compared after normalisation: width, case, spaces, a unit in brackets) */
  aliases?: readonly string[];
  /** true unless false: the column must exist and every row must fill it */
  required?: boolean;
  parse: CellParser<T>;
  /** what goes in it (README and --help) */
  description: string;
}

/** What the civil-affairs registry says about the person an ID number belongs to. */
export interface RegistryPerson {
  /** the registry's opaque person id */
  id: string;
  name: string;
  /** ISO date */
  birthDate: string;
  /** 9-digit code of the township of registration */
  townshipCode: string;
  householdId: string | null;
  /** ACTIVE, DECEASED or MOVED_AWAY */
  status: string;
}

/** The parsed values of one row, by field key (an optional column left empty is undefined). */
export type RowValues = Record<string, any>;

/** What a row is, besides its values: its row number and the registry person matched to its ID number. */
export interface RowContext {
  row: number;
  /** the canonical 18-character ID number of the row's person */
  idNumber: string;
  person: RegistryPerson;
}

/** What applying a row did (or, in a dry run, would do). */
export interface ApplyResult {
  outcome: 'added' | 'updated' | 'unchanged';
  /** the record's id, when known */
  id?: string;
  /** the fields an update changed */
  changed?: string[];
}

/** A problem of a row found by an adapter (a cross-field check), naming the field at fault when there is one. */
export interface RowProblem extends CellProblem {
  field?: string;
}

/** Thrown by an adapter for problems of a row that are not a department's GraphQL error. */
export class RosterRowError extends Error {
  constructor(public readonly problems: RowProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'RosterRowError';
  }
}

/**
 * One kind of record a department imports from its rosters, implemented in the department's subgraph
 * (src/roster/<department>.roster.ts) with its own service functions and validation.
 */
export interface RosterAdapter<R = any> {
  /** the subgraph, e.g. `education` */
  subgraph: string;
  /** the department code that writes these records (assertCanWrite), e.g. `EDUCATION` */
  department: string;
  /** the kind of record, e.g. `aids` (the import command's --kind) */
  kind: string;
  /** the roster's name, Chinese and English, e.g. 教育救助花名册 education aid roster */
  title: string;
  /** the columns, in the documented order */
  fields: readonly RosterField[];
  /** key of the field holding the person's ID number, matched to the registry */
  idNumberField: string;
  /** key of the field holding the person's name, checked against the registry (NAME_MISMATCH) */
  nameField?: string;
  /** what makes two rows the same record (README): importing it again updates that record */
  naturalKey: string;
  /**
   * The record to apply from a row's values and its registry person, in the department's input form. Throws a
   * RosterRowError or a department's GraphQL error (BAD_USER_INPUT naming the field) when the row is not acceptable.
   */
  toRecord(values: RowValues, row: RowContext): R;
  /** the natural key of a record (two rows of a file with the same key: the later one is a DUPLICATE_ROW) */
  keyOf(record: R): string;
  /**
   * Apply a record inside the transaction `tx` (the runner opens one per row, with the audit entries, and rolls it
   * back in a dry run): find the record by its natural key, add it or update what differs through the department's
   * own service functions, and say which. Throws the department's GraphQL errors (nothing of the row is then written).
   */
  apply(ctx: SubgraphContext, tx: EntityManager, record: R): Promise<ApplyResult>;
  /** the roster field a department error's `extensions.field` names (default: the field of the same key) */
  fieldFor?(inputField: string): string | undefined;
}
