import fs from 'node:fs';
import path from 'node:path';
import type { Cell } from './cells';

/** One CSV field, quoted when it holds a comma, a quote, a line break or leading/trailing spaces (RFC 4180). */
function csvField(c: Cell): string {
  if (c === null || c === undefined) return '';
  const s = c instanceof Date ? c.toISOString().slice(0, 10) : String(c);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of rows (CRLF line ends, as spreadsheets write them). */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Write rows as a CSV file in UTF-8; with `bom` (default) Excel opens it with the Chinese text intact. */
export function writeCsvFile(file: string, rows: readonly (readonly Cell[])[], options: { bom?: boolean } = {}): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, (options.bom === false ? '' : '\uFEFF') + csvText(rows), 'utf8');
}

/** A worksheet to write: rows of cells (the first is the header), and how to format some columns. */
export interface SheetToWrite {
  name: string;
  rows: readonly (readonly Cell[])[];
  /** 0-based columns to format as text (ID numbers: never as numbers, which lose the last digits) */
  textColumns?: number[];
  /** 0-based columns whose numbers show with two decimals (amounts) */
  amountColumns?: number[];
}

/** Write an .xlsx workbook: dates as Excel dates (yyyy-mm-dd), numbers as numbers, text as text; the header row bold. */
export async function writeXlsxFile(file: string, sheets: readonly SheetToWrite[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'AidGraph';
  // a fixed date: the same rows make the same workbook
  wb.created = wb.modified = new Date(Date.UTC(2025, 11, 31));
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r.map((c) => (c === null ? null : c)));
    const width = Math.max(0, ...s.rows.map((r) => r.length));
    for (let i = 0; i < width; i++) {
      const col = ws.getColumn(i + 1);
      const longest = Math.max(4, ...s.rows.map((r) => (r[i] instanceof Date ? 10 : String(r[i] ?? '').length * (/[^\x00-\x7f]/.test(String(r[i] ?? '')) ? 2 : 1))));
      col.width = Math.min(40, longest + 2);
      if (s.textColumns?.includes(i)) col.numFmt = '@';
      if (s.amountColumns?.includes(i)) col.numFmt = '0.00';
    }
    ws.eachRow((row, n) => {
      if (n === 1) row.font = { bold: true };
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
    });
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await wb.xlsx.writeFile(file);
}
