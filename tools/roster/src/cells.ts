/**
 * Cells of a department's roster (花名册) as read from a CSV or XLSX file, and the normalisation of what people type:
 * full-width characters (全角) become half-width, the ideographic space and invisible characters go, runs of white
 * space become one space, the ends are trimmed.
 */

/** One cell as read: text (CSV, or an XLSX text cell), a number or a date (XLSX), a boolean (XLSX), or empty. */
export type Cell = string | number | Date | boolean | null;

/** One row of a sheet: its row number as the spreadsheet shows it (the first row is 1) and its cells, left to right. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

/** Full-width ASCII (U+FF01-FF5E) to half-width, the ideographic space (U+3000) to a space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Zero-width characters and the BOM, which spreadsheets and copy-paste leave in cells. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Normalise typed text: full-width digits and Latin letters become half-width (Chinese punctuation such as （）、，
 * stays as written), no invisible characters, one space between words, trimmed.
 */
export function normalizeText(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalise text and remove every space (names: "张 三" is 张三). */
export function compactText(s: string): string {
  return normalizeText(s).replace(/ /g, '');
}

/** A cell as a code, date or amount is read: every full-width character half-width, no spaces. */
export function codeText(c: Cell | undefined): string {
  return compactText(toHalfWidth(typeof c === 'number' ? String(c) : cellText(c)));
}

/** True for an empty cell: null, or text that is empty once normalised. */
export function isBlank(c: Cell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && normalizeText(c) === '');
}

/** A cell as text (numbers as written by JavaScript, dates as ISO dates), for messages and text columns. */
export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  return normalizeText(String(c));
}

/** Brackets and separators that do not tell two headers apart: 村（社区）代码 is 村社区代码, 乡镇/街道 is 乡镇、街道. */
const HEADER_PUNCTUATION = /[()[\]{}【】〔〕〈〉《》<>/\\、,，.。·・|_\-—–~:：;；'"“”‘’]/g;

/**
 * A header as compared with the accepted headers — the one normalisation every header comparison goes through:
 * Unicode NFKC (full-width letters, digits and brackets become half-width: （） is (), ＩＤ is ID), lower-case, no
 * white space (also the ideographic space) or invisible characters, no asterisk marking a required column ("姓名*"),
 * no trailing unit or note in brackets ("金额（元）" and "金额(元)" are 金额, "所在镇（街道）" is 所在镇), and no other
 * brackets or separators ("村（社区）代码" is 村社区代码, "乡镇/街道" is 乡镇街道).
 */
export function normalizeHeader(s: string): string {
  let h = s.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '').toLowerCase().replace(/\*/g, '');
  for (;;) {
    const next = h.replace(/(\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)$/, '');
    if (next === h || !next) break;
    h = next;
  }
  return h.replace(HEADER_PUNCTUATION, '') || h;
}
