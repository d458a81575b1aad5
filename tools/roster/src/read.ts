import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Cell, SheetRow } from './cells';

/** A roster file refused as a whole (unreadable, no header row, a required column missing, ...): nothing is imported. */
export class RosterFileError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `the roster file cannot be imported:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RosterFileError';
  }
}

/** The rows of one sheet of a roster file. */
export interface RosterSheet {
  format: 'csv' | 'xlsx';
  /** the worksheet read (XLSX) */
  sheet?: string;
  /** the text encoding detected (CSV): UTF-8 (with or without a BOM) or GB18030 (which includes GBK) */
  encoding?: 'utf-8' | 'gb18030';
  rows: SheetRow[];
}

/**
 * Decode a CSV file's bytes: UTF-8 with or without a BOM; bytes that are not valid UTF-8 are read as GB18030, the
 * superset of GBK, which is what Excel on a Chinese Windows writes for "CSV (逗号分隔)".
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    throw new RosterFileError(['the file is UTF-16 ("Unicode text"): save it as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx)']);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Parse CSV text (comma-separated; tab-separated when the first line has tabs and no commas) into rows numbered from 1. */
export function parseCsvText(text: string): SheetRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (e) {
    throw new RosterFileError([`the CSV file cannot be read: ${(e as Error).message.replace(/:.*$/s, '')}`]);
  }
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => (c === '' ? null : c)) }));
}

/** The value of an exceljs cell as a roster Cell: rich text and hyperlinks as their text, formulas as their result. */
function xlsxCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return xlsxCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/** Read one worksheet of an .xlsx workbook (the first unless `sheet` names one). */
export async function readXlsx(file: string, sheet?: string): Promise<RosterSheet> {
  // loaded on demand: a subgraph that never reads a workbook does not pay for exceljs at start-up
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new RosterFileError([`the workbook cannot be read (${(e as Error).name}): is it an .xlsx file? (.xls files must be saved as .xlsx first)`]);
  }
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join(', ');
    throw new RosterFileError([sheet ? `the workbook has no sheet named "${sheet}" (it has: ${names})` : 'the workbook has no sheet']);
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const values = r.values as unknown[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
    rows.push({ row: rowNumber, cells });
  });
  return { format: 'xlsx', sheet: ws.name, rows };
}

/** Read a roster file: `.csv` (or `.txt`/`.tsv`) as text, `.xlsx` as a workbook (one sheet). */
export async function readRosterFile(file: string, options: { sheet?: string } = {}): Promise<RosterSheet> {
  const ext = path.extname(file).toLowerCase();
  if (!fs.existsSync(file)) throw new RosterFileError([`no file at ${file}`]);
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(file, options.sheet);
  if (ext === '.xls') throw new RosterFileError(['.xls (Excel 97-2003) files are not read: save the workbook as .xlsx or as CSV UTF-8']);
  if (options.sheet) throw new RosterFileError(['--sheet applies to .xlsx workbooks only']);
  const { text, encoding } = decodeCsv(fs.readFileSync(file));
  return { format: 'csv', encoding, rows: parseCsvText(text) };
}
