import fs from 'node:fs';
import { cellText, isBlank, normalizeHeader, type SheetRow } from './cells';
import type { RosterField } from './adapter';
import { RosterFileError } from './read';

/** How a file's columns map to an adapter's fields. */
export interface ColumnMap {
  /** the row number of the header row (title rows above it are allowed) */
  headerRow: number;
  /** field key -> 0-based column index */
  columnOf: Map<string, number>;
  /** field key -> the header as written in the file */
  headerOf: Map<string, string>;
  /** headers of the file that map to no field (ignored) */
  ignored: string[];
}

/**
 * A mapping file (`--mapping file.json`): the file's headers to the adapter's fields, by field key or documented
 * header, e.g. `{ "证件号码": "idNumber", "发放金额（元）": "金额" }` (also accepted inside `{ "columns": { ... } }`).
 */
export function readMappingFile(file: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new RosterFileError([`the mapping file cannot be read as JSON (${(e as Error).name})`]);
  }
  const obj = raw && typeof raw === 'object' && 'columns' in (raw as object) ? (raw as { columns: unknown }).columns : raw;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || Object.values(obj).some((v) => typeof v !== 'string'))
    throw new RosterFileError(['the mapping file must be a JSON object of "header in the file": "field" pairs']);
  return obj as Record<string, string>;
}

/**
 * Headers the departments' own spreadsheets use for the columns most rosters share, accepted for every field whose
 * documented header is the key (besides the field's own aliases), so a new roster gets them too. Compared after
 * `normalizeHeader` (width, brackets, spaces, separators): "所在镇（街道）", "所在镇(街道)" and "所在镇 （街道）" are one
 * header. 户主姓名 is not among them: it names the household's head, which only a household's roster may take for the
 * person (those list it among their own aliases).
 */
export const COMMON_HEADER_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  姓名: ['名字', '人员姓名', '对象姓名', '救助对象姓名', '保障对象姓名'],
  身份证号: [
    '身份证号码', '身份证', '身份证件号码', '身份证件号', '公民身份号码', '公民身份证号', '公民身份证号码', '居民身份证号',
    '居民身份证号码', '身份号码', '证件号码', '证件号',
  ],
  '乡镇/街道': [
    '乡镇', '街道', '镇', '镇街', '镇街道', '乡镇街道', '乡镇(街道)', '镇(街道)', '所在镇', '所在镇街', '所在镇街道', '所在乡镇',
    '所在乡镇街道', '所在街道', '所属镇', '所属镇街', '所属镇街道', '所属乡镇', '所属乡镇街道', '所属街道', '乡镇名称', '镇街名称',
    '街道名称', '乡镇街道名称', '户籍所在镇街', '户籍所在乡镇', '户籍乡镇', '户籍镇街',
  ],
};

const commonSynonymsOf = new Map(Object.entries(COMMON_HEADER_SYNONYMS).map(([k, v]) => [normalizeHeader(k), v]));

/**
 * Every header accepted for a field: its documented header, its key, its own aliases and the kit's common synonyms
 * of its documented header (COMMON_HEADER_SYNONYMS), without repeats once normalised.
 */
export function acceptedHeaders(f: RosterField): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const h of [f.header, ...(f.aliases ?? []), ...(commonSynonymsOf.get(normalizeHeader(f.header)) ?? []), f.key]) {
    const n = normalizeHeader(h);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(h);
    }
  }
  return out;
}

/** Headers that are never data of a field (a row number column, remarks): ignored without a warning. */
const ALWAYS_IGNORED = new Set(['序号', '编号', 'no', 'no.', '#', '备注', 'remark', 'remarks', 'note', 'notes'].map(normalizeHeader));

function fieldByName(fields: readonly RosterField[], name: string): RosterField | undefined {
  const n = normalizeHeader(name);
  return fields.find((f) => f.key === name || normalizeHeader(f.key) === n || normalizeHeader(f.header) === n);
}

/**
 * Find the header row (the first rows may hold a title such as "2024年教育救助花名册": the header row is the one of the
 * first ten that names the most fields) and map its columns to fields: through the mapping first, then each field's
 * header and aliases. Refused (RosterFileError): no header row, a mapping to an unknown field, two columns for one
 * field, a required column missing.
 */
export function mapColumns(rows: readonly SheetRow[], fields: readonly RosterField[], mapping: Record<string, string> = {}): ColumnMap {
  const problems: string[] = [];
  const mapped = new Map<string, RosterField>();
  for (const [header, target] of Object.entries(mapping)) {
    const f = fieldByName(fields, target);
    if (!f) problems.push(`the mapping names "${target}", which is not a column of this roster (its fields: ${fields.map((x) => `${x.key} (${x.header})`).join(', ')})`);
    else mapped.set(normalizeHeader(header), f);
  }
  if (problems.length) throw new RosterFileError(problems);
  const known = new Map<string, RosterField>();
  // a field's own header and aliases first: the common synonyms never take a header another field of the roster names
  for (const f of fields) for (const h of [f.header, f.key, ...(f.aliases ?? [])]) if (!known.has(normalizeHeader(h))) known.set(normalizeHeader(h), f);
  for (const f of fields) for (const h of acceptedHeaders(f)) if (!known.has(normalizeHeader(h))) known.set(normalizeHeader(h), f);
  const fieldOfHeader = (h: string) => mapped.get(normalizeHeader(h)) ?? known.get(normalizeHeader(h));

  const candidates = rows.filter((r) => r.cells.some((c) => !isBlank(c))).slice(0, 10);
  let best: { row: SheetRow; score: number } | null = null;
  for (const r of candidates) {
    const score = new Set(r.cells.map((c) => (isBlank(c) ? undefined : fieldOfHeader(cellText(c)))).filter(Boolean)).size;
    if (score >= Math.min(2, fields.length) && (!best || score > best.score)) best = { row: r, score };
  }
  if (!best)
    throw new RosterFileError([
      `no header row found: one of the first rows must name the columns (${fields.filter((f) => f.required !== false).map((f) => f.header).join(', ')}, ...); ` +
        'map other headers with --mapping',
    ]);

  const columnOf = new Map<string, number>();
  const headerOf = new Map<string, string>();
  const ignored: string[] = [];
  best.row.cells.forEach((c, i) => {
    if (isBlank(c)) return;
    const header = cellText(c);
    const f = fieldOfHeader(header);
    if (!f) {
      if (!ALWAYS_IGNORED.has(normalizeHeader(header))) ignored.push(header);
      return;
    }
    if (columnOf.has(f.key)) problems.push(`two columns, "${headerOf.get(f.key)}" and "${header}", both give ${f.header}: remove one or map it elsewhere`);
    else {
      columnOf.set(f.key, i);
      headerOf.set(f.key, header);
    }
  });
  for (const f of fields)
    if (f.required !== false && !columnOf.has(f.key))
      problems.push(`the required column ${f.header} is missing (accepted headers: ${acceptedHeaders(f).filter((h) => h !== f.key).join(', ')}; or map one with --mapping)`);
  if (problems.length) throw new RosterFileError(problems);
  return { headerRow: best.row.row, columnOf, headerOf, ignored };
}
