import { REJECT_REASONS } from './reasons';
import type { ImportReport } from './runner';
import { writeCsvFile } from './write';

/** The reject report's header: row number, column header, reason code, refinement, the reason in Chinese, message. */
export const REJECT_REPORT_HEADER = ['row', 'column', 'reason', 'detail', 'label', 'message'] as const;

/**
 * The reject report as rows (header first): one line per problem of a rejected row (a row may have several). It names
 * rows by their number in the spreadsheet and never repeats an ID number or another value typed.
 */
export function rejectReportRows(report: ImportReport): (string | number)[][] {
  return [
    [...REJECT_REPORT_HEADER],
    ...report.rejects.map((r) => [r.row, r.column, r.reason, r.detail, REJECT_REASONS[r.reason].label, r.message]),
  ];
}

/** Write the reject report as CSV (UTF-8 with a BOM, so that Excel shows the Chinese). */
export function writeRejectReport(file: string, report: ImportReport): void {
  writeCsvFile(file, rejectReportRows(report));
}

/** Write what happened to each data row (row, outcome, fields changed) as CSV: a dry run's plan. */
export function writeOutcomeReport(file: string, report: ImportReport): void {
  writeCsvFile(file, [['row', 'outcome', 'changed'], ...report.results.map((r) => [r.row, r.outcome, (r.changed ?? []).join(' ')])]);
}

/** How many rows an update changed each field in, e.g. { amount: 3 }. */
export function changedFieldCounts(report: ImportReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of report.results) for (const f of r.changed ?? []) out[f] = (out[f] ?? 0) + 1;
  return out;
}

/** The summary table of an import, as lines of text. */
export function formatImportSummary(report: ImportReport): string[] {
  const would = report.dryRun ? 'would be ' : '';
  const changed = Object.entries(changedFieldCounts(report)).map(([f, n]) => `${f} ${n}`).join(', ');
  const reasons = new Map<string, number>();
  for (const r of report.rejects) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const line = (label: string, n: number, note = '') => `  ${label.padEnd(20)} ${String(n).padStart(7)}${note ? `   (${note})` : ''}`;
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing written): ' : ''}${report.subgraph}/${report.kind} from ${report.format.toUpperCase()}${report.sheet ? ` sheet "${report.sheet}"` : ''}${report.encoding === 'gb18030' ? ' (GBK/GB18030 text)' : ''}, header on row ${report.headerRow}`,
    '',
    line('rows', report.rows),
    line(would + 'added', report.added),
    line(would + 'updated', report.updated, changed),
    line('unchanged', report.unchanged),
    line('rejected', report.rejected, [...reasons].map(([k, n]) => `${k} ${n}`).join(', ')),
  ];
  if (report.skipped) lines.push(line('skipped (total rows)', report.skipped));
  if (report.ignoredColumns.length) lines.push('', `ignored columns: ${report.ignoredColumns.join(', ')}`);
  return lines;
}
