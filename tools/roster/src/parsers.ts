import { ID_NUMBER_PROBLEM_MESSAGES, parseIdNumber } from '@aidgraph/common/domain/id-number';
import { TOWNSHIPS, TOWNSHIP_HISTORY, COUNTY_NAME, townshipByCode } from '@aidgraph/common/domain/divisions';
import { Decimal, parseYuan, type Yuan } from '@aidgraph/common/domain/money';
import { cellText, codeText, compactText, normalizeText, toHalfWidth, type Cell } from './cells';
import type { CellProblem } from './reasons';

/**
 * Parsers of roster cells: each takes a non-empty cell (the runner deals with empty ones) and returns the value in
 * canonical form, or the problem. Messages never repeat the value typed (it may be an identifier).
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: CellProblem };
export type CellParser<T> = (cell: Cell) => ParseResult<T>;

export const parseOk = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const parseFail = (reason: CellProblem['reason'], message: string, detail?: string): ParseResult<never> => ({
  ok: false,
  problem: detail ? { reason, detail, message } : { reason, message },
});

/** Text of 1-`max` characters: normalised (half-width, one space between words); `compact` removes every space (names). */
export function textParser(o: { max: number; compact?: boolean }): CellParser<string> {
  return (cell) => {
    const s = o.compact ? compactText(cellText(cell)) : cellText(cell);
    if (Array.from(s).length > o.max) return parseFail('BAD_VALUE', `at most ${o.max} characters`, 'TOO_LONG');
    return parseOk(s);
  };
}

/** A person's name: spaces removed ("张 三" is 张三), at most 50 characters. */
export const nameParser: CellParser<string> = textParser({ max: 50, compact: true });

/**
 * A resident ID number as typed (full-width digits, spaces, hyphens and a lower-case x are accepted): its canonical
 * 18-character form. A cell the spreadsheet stored as a number (more than 15 digits, or 3.70281E+17) has lost its last
 * digits: STORED_AS_NUMBER.
 */
export function idNumberParser(today: Date = new Date()): CellParser<string> {
  return (cell) => {
    if (typeof cell === 'number') {
      if (Number.isSafeInteger(cell) && String(cell).length === 15) cell = String(cell);
      else return parseFail('BAD_ID_NUMBER', 'the spreadsheet stored the ID number as a number and lost its last digits: format the column as text and type it again', 'STORED_AS_NUMBER');
    }
    const s = cellText(cell);
    if (/^\d(\.\d+)?e\+?\d+$/i.test(s))
      return parseFail('BAD_ID_NUMBER', 'the ID number was saved in scientific notation and lost its last digits: format the column as text and type it again', 'STORED_AS_NUMBER');
    const parsed = parseIdNumber(s, today);
    if (!parsed.ok) return parseFail('BAD_ID_NUMBER', ID_NUMBER_PROBLEM_MESSAGES[parsed.problem], parsed.problem);
    return parseOk(parsed.value.canonical);
  };
}

const TOWNSHIP_NAMES = new Map<string, string>();
for (const t of TOWNSHIPS) {
  TOWNSHIP_NAMES.set(t.name, t.code);
  const short = t.name.replace(/(街道|镇)$/, '');
  if (short !== t.name) TOWNSHIP_NAMES.set(short, t.code);
}
for (const h of TOWNSHIP_HISTORY) {
  TOWNSHIP_NAMES.set(h.name, h.became);
  if (!TOWNSHIP_NAMES.has(h.name.replace(/(街道|镇)$/, ''))) TOWNSHIP_NAMES.set(h.name.replace(/(街道|镇)$/, ''), h.became);
}
TOWNSHIP_NAMES.set('开发区', '370281400');
TOWNSHIP_NAMES.set('经济技术开发区', '370281400');
TOWNSHIP_NAMES.set('大沽河度假区', '370281401');

/**
 * A township of Jiaozhou (乡镇/街道) by its 9-digit code, a village's 12-digit code, its name, its name without 街道/镇
 * ("阜安"), or a former name (胶西镇 is now 胶西街道): the current 9-digit code.
 */
export const townshipParser: CellParser<string> = (cell) => {
  const s = codeText(cell);
  if (/^\d{9}$/.test(s) || /^\d{12}$/.test(s)) {
    const t = townshipByCode(s.slice(0, 9));
    if (t) return parseOk(t.code);
    return parseFail('UNKNOWN_TOWNSHIP', 'not the code of a Jiaozhou township (9 digits, e.g. 370281001)');
  }
  const name = s.replace(/^(山东省)?(青岛市)?/, '').replace(new RegExp(`^${COUNTY_NAME}`), '');
  const code = TOWNSHIP_NAMES.get(name);
  if (code) return parseOk(code);
  return parseFail('UNKNOWN_TOWNSHIP', 'not a township of Jiaozhou: give its code (e.g. 370281001) or its name (e.g. 阜安街道)');
};

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** The date of an Excel serial number (1900 date system; 60 is Excel's fictitious 1900-02-29). */
export function excelSerialToIso(n: number): string | null {
  if (!Number.isFinite(n) || n < 1 || n >= 2958466 || n === 60) return null;
  const days = Math.floor(n) - (n > 60 ? 1 : 0);
  return new Date(Date.UTC(1899, 11, 31) + days * 86_400_000).toISOString().slice(0, 10);
}

const DATE_FORMS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A calendar date: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 (a time after it is ignored), an Excel date
 * cell, or an Excel serial number in a workbook: the ISO date YYYY-MM-DD.
 */
export const dateParser: CellParser<string> = (cell) => {
  const bad = () => parseFail('BAD_DATE', 'not a calendar date: write it as 2024-03-01, 2024/3/1, 2024.3.1 or 2024年3月1日');
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? bad() : parseOk(cell.toISOString().slice(0, 10));
  if (typeof cell === 'number') {
    const iso = excelSerialToIso(cell);
    return iso ? parseOk(iso) : bad();
  }
  const typed = normalizeText(toHalfWidth(String(cell)));
  for (const s of [typed, typed.replace(/ /g, '')])
    for (const form of DATE_FORMS) {
      const m = form.exec(s);
      if (m) {
        const iso = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
        return iso ? parseOk(iso) : bad();
      }
    }
  return bad();
};

/** A calendar month: 2024-03, 2024/3, 2024.3, 2024年3月, 202403, or a date (its month): "YYYY-MM". */
export const monthParser: CellParser<string> = (cell) => {
  const bad = () => parseFail('BAD_DATE', 'not a month: write it as 2024-03, 2024/3 or 2024年3月');
  if (cell instanceof Date || typeof cell === 'number') {
    const d = dateParser(cell);
    return d.ok ? parseOk(d.value.slice(0, 7)) : bad();
  }
  const s = codeText(cell);
  const m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2] ?? m[3]);
    return y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 ? parseOk(`${y}-${String(mo).padStart(2, '0')}`) : bad();
  }
  const d = dateParser(cell);
  return d.ok ? parseOk(d.value.slice(0, 7)) : bad();
};

/**
 * An amount of yuan: 1234.5, 1,234.50, ¥80, 80元, full-width digits, or a number cell: the canonical yuan string
 * ("1234.50"). Refused: text that is not a number, more than two decimals, a negative amount, zero unless `allowZero`,
 * more than `max`.
 */
export function yuanParser(o: { allowZero?: boolean; max?: string } = {}): CellParser<Yuan> {
  return (cell) => {
    let v: Yuan | null;
    if (typeof cell === 'number') {
      // a workbook's number: a float such as 1234.5 or 0.30000000000000004 from a formula, rounded to the fen when it is one
      const fen = Math.round(cell * 100);
      v = Number.isFinite(cell) && Math.abs(cell * 100 - fen) < 1e-6 ? new Decimal(fen).dividedBy(100).toFixed(2) : null;
    } else v = parseYuan(toHalfWidth(cellText(cell)));
    if (v === null) return parseFail('BAD_AMOUNT', 'not an amount of yuan: digits with at most two decimals, e.g. 1200 or 1200.50');
    const d = new Decimal(v);
    if (d.isNegative()) return parseFail('BAD_AMOUNT', 'an amount cannot be negative', 'NEGATIVE');
    if (d.isZero() && !o.allowZero) return parseFail('BAD_AMOUNT', 'the amount must be above 0', 'ZERO');
    if (o.max && d.greaterThan(o.max)) return parseFail('BAD_AMOUNT', `the amount must be at most ${o.max} yuan`, 'TOO_LARGE');
    return parseOk(d.toFixed(2));
  };
}

/**
 * One of a list of values, by its Chinese label or its code (case, width and spaces do not matter):
 * `choiceParser({ 住院: 'INPATIENT', 门诊: 'OUTPATIENT' })` also accepts "inpatient".
 */
export function choiceParser<T extends string | number>(labels: Record<string, T>): CellParser<T> {
  const byKey = new Map<string, T>();
  const key = (s: string) => compactText(toHalfWidth(s)).toLowerCase();
  for (const [label, value] of Object.entries(labels)) {
    byKey.set(key(label), value);
    byKey.set(key(String(value)), value);
  }
  const shown = [...new Set(Object.keys(labels))].join(', ');
  return (cell) => {
    const v = byKey.get(codeText(cell).toLowerCase());
    return v !== undefined ? parseOk(v) : parseFail('BAD_VALUE', `not one of: ${shown}`, 'NOT_IN_LIST');
  };
}

/** Yes or no: 是/否, 有/无, Y/N, true/false, 1/0, a workbook's boolean. */
export const booleanParser: CellParser<boolean> = (cell) => {
  if (typeof cell === 'boolean') return parseOk(cell);
  const inner = choiceParser<string>({ 是: 'Y', 否: 'N', 有: 'Y', 无: 'N', y: 'Y', n: 'N', yes: 'Y', no: 'N', true: 'Y', false: 'N', '1': 'Y', '0': 'N' });
  const r = inner(cell);
  return r.ok ? parseOk(r.value === 'Y') : parseFail('BAD_VALUE', 'not yes or no: write 是 or 否', 'NOT_IN_LIST');
};
