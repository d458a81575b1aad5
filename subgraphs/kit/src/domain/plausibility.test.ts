import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../config';
import {
  EARLIEST_RECORD_DATE, addCalendarDays, checkAmountAtMost, checkCalendarDate, checkDateInWindow, checkMonthInWindow, checkPositiveAmount,
  definePolicyTable, earliestEffective, entryInForce, isCalendarDate, limitsTableSchema, tableYuan, todayInChina,
} from './plausibility';

/** The extensions of the error `fn` throws (it must throw a GraphQLError). */
function refusal(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    return { ...(e as GraphQLError).extensions, message: (e as GraphQLError).message };
  }
  throw new Error('expected a refusal');
}

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(['2024-02-29', '2000-01-01', '2025-12-31'].every(isCalendarDate)).toBe(true);
    expect(['2025-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '20250101', '', 'x'].some(isCalendarDate)).toBe(false);
    expect(refusal(() => checkCalendarDate('2025-02-30', 'startDate'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startDate', reason: 'BAD_DATE' });
  });

  it('adds days across month and leap-year ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('gives today in China (UTC+8): 16:00 UTC is already the next day', () => {
    expect(todayInChina(new Date('2025-06-30T15:59:59Z'))).toBe('2025-06-30');
    expect(todayInChina(new Date('2025-06-30T16:00:00Z'))).toBe('2025-07-01');
  });
  it('agrees with the Asia/Shanghai calendar of the time-zone database, hour by hour over two years', () => {
    for (let t = Date.parse('2024-01-01T00:00:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 3600_000 + 17_000) {
      const d = new Date(t);
      expect(todayInChina(d)).toBe(d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    }
  });
});

describe('date windows', () => {
  const today = '2025-06-15';
  it('refuses dates before 2000-01-01 as DATE_OUT_OF_RANGE, and 1900-01-01', () => {
    expect(refusal(() => checkDateInWindow('1900-01-01', 'startDate', { today }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE', field: 'startDate' });
    expect(refusal(() => checkDateInWindow('1999-12-31', 'startDate', { today }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE' });
    expect(checkDateInWindow(EARLIEST_RECORD_DATE, 'startDate', { today })).toBe('2000-01-01');
  });

  it('refuses a date before the programme (BEFORE_PROGRAMME), accepts the first day', () => {
    const w = { earliest: '2020-07-01', earliestWhat: 'the first standard', today, maxFutureDays: 62 };
    const e = refusal(() => checkDateInWindow('2020-06-30', 'startDate', w));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startDate', reason: 'BEFORE_PROGRAMME' });
    expect(e.message).toContain('2020-07-01');
    expect(checkDateInWindow('2020-07-01', 'startDate', w)).toBe('2020-07-01');
  });

  it('refuses the future beyond the window: exactly at the window accepted, one day more refused', () => {
    expect(checkDateInWindow('2025-06-15', 'approvedOn', { today })).toBe('2025-06-15');
    expect(refusal(() => checkDateInWindow('2025-06-16', 'approvedOn', { today }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE', field: 'approvedOn' });
    expect(checkDateInWindow('2025-08-16', 'startDate', { today, maxFutureDays: 62 })).toBe('2025-08-16');
    const e = refusal(() => checkDateInWindow('2025-08-17', 'startDate', { today, maxFutureDays: 62 }));
    expect(e).toMatchObject({ reason: 'DATE_OUT_OF_RANGE' });
    expect(e.message).toContain('2025-08-16');
    expect(refusal(() => checkDateInWindow('9999-12-31', 'leaseEnd', { today, maxFutureDays: 5 * 366 }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE' });
  });

  it('checks months by their first day', () => {
    expect(checkMonthInWindow('2025-09', 'startMonth', { today, maxFutureDays: 92 })).toBe('2025-09');
    expect(refusal(() => checkMonthInWindow('2025-10', 'startMonth', { today, maxFutureDays: 92 }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE' });
    expect(refusal(() => checkMonthInWindow('2025-13', 'startMonth', { today }))).toMatchObject({ reason: 'BAD_MONTH' });
    expect(refusal(() => checkMonthInWindow('1900-01', 'startMonth', { today }))).toMatchObject({ reason: 'DATE_OUT_OF_RANGE' });
  });
});

describe('amount limits', () => {
  const limit = { max: '1150.00', what: 'the urban dibao standard in force on 2025-07-01' };
  it('accepts exactly the limit and refuses one fen above it, naming the limit and never the value', () => {
    expect(() => checkAmountAtMost('1150.00', 'amount', limit)).not.toThrow();
    expect(() => checkAmountAtMost('1150', 'amount', limit)).not.toThrow();
    const e = refusal(() => checkAmountAtMost('1150.01', 'amount', limit));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount', reason: 'AMOUNT_ABOVE_LIMIT' });
    expect(e.message).toContain('1150.00');
    expect(e.message).not.toContain('1150.01');
    expect(refusal(() => checkAmountAtMost('9999999999999.99', 'amount', limit))).toMatchObject({ reason: 'AMOUNT_ABOVE_LIMIT' });
  });

  it('refuses a non-positive or malformed amount as BAD_AMOUNT', () => {
    expect(checkPositiveAmount('0.01', 'amount', limit)).toBe('0.01');
    expect(checkPositiveAmount('1150', 'amount', limit)).toBe('1150.00');
    for (const bad of ['0', '-1', 'abc', '1.234'])
      expect(refusal(() => checkPositiveAmount(bad, 'amount', limit))).toMatchObject({ reason: 'BAD_AMOUNT', field: 'amount' });
    expect(refusal(() => checkPositiveAmount('1150.01', 'amount', limit))).toMatchObject({ reason: 'AMOUNT_ABOVE_LIMIT' });
  });
});

describe('effective-dated limits tables', () => {
  const schema = limitsTableSchema({ max: tableYuan });
  const bundled = {
    description: 'test table (placeholders)',
    placeholder: true,
    limits: [
      { effectiveFrom: '2024-07-01', max: '1200.00' },
      { effectiveFrom: '2020-07-01', max: '1000.00' },
    ],
  };
  const table = definePolicyTable({ envVar: 'PLAUSIBILITY_TEST_LIMITS_FILE', schema, bundled });

  it('uses the entry in force: the limit changes on its effective date, not a day before', () => {
    const t = table.get();
    expect(t.limits.map((e) => e.effectiveFrom)).toEqual(['2020-07-01', '2024-07-01']);
    expect(entryInForce(t.limits, '2020-06-30')).toBeUndefined();
    expect(entryInForce(t.limits, '2024-06-30')!.max).toBe('1000.00');
    expect(entryInForce(t.limits, '2024-07-01')!.max).toBe('1200.00');
    expect(earliestEffective(t.limits)).toBe('2020-07-01');
    const on = (date: string) => ({ max: entryInForce(t.limits, date)!.max, what: `limit on ${date}` });
    expect(refusal(() => checkAmountAtMost('1000.01', 'amount', on('2024-06-30')))).toMatchObject({ reason: 'AMOUNT_ABOVE_LIMIT' });
    expect(() => checkAmountAtMost('1000.01', 'amount', on('2024-07-01'))).not.toThrow();
    expect(() => checkAmountAtMost('1200.00', 'amount', on('2024-07-01'))).not.toThrow();
    expect(refusal(() => checkAmountAtMost('1200.01', 'amount', on('2024-07-01')))).toMatchObject({ reason: 'AMOUNT_ABOVE_LIMIT' });
  });

  it('reads a replacement from the env variable, and refuses a bad table listing every problem by path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plausibility-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ limits: [{ effectiveFrom: '2021-01-01', max: '5.00' }] }));
    process.env.PLAUSIBILITY_TEST_LIMITS_FILE = good;
    try {
      expect(table.get().limits).toEqual([{ effectiveFrom: '2021-01-01', max: '5.00' }]);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ limits: [{ effectiveFrom: '2021-02-30', max: '5' }, { effectiveFrom: '2021-02-30', max: '1.00', extra: 1 }] }));
      let error: unknown;
      try {
        table.load(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues.join('\n');
      expect(issues).toContain('limits.0.effectiveFrom');
      expect(issues).toContain('limits.0.max');
      expect(issues).toContain('limits.1');
      expect(() => table.load(path.join(dir, 'missing.json'))).toThrow(ConfigError);
    } finally {
      delete process.env.PLAUSIBILITY_TEST_LIMITS_FILE;
    }
    expect(table.get().limits).toHaveLength(2);
  });
});
