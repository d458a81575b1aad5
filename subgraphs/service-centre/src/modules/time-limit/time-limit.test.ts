import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@aidgraph/subgraph-kit';
import { addDays, addWorkingDays, calendarCoverageWarnings, isWorkingDay, loadCalendar, missingYears, parseCalendar, workingDayCalendar, workingDaysBetween } from './calendar';
import { deadlineDetail, deadlineOf, type DeadlineInput } from './deadline';
import { limitTable, loadLimitTable, parseLimitTable } from './limits';
import { overdueCutoff } from './overdue';
import { setTodayForTests, today } from './today';
import bundledTable from './time-limits.json';

/**
 * The working-day calendar and the deadlines, on the bundled calendar (the State Council's 2025 and 2026 schedules):
 * 2025-10-01..08 National Day and Mid-Autumn (holidays), 2025-09-28 (Sunday) and 2025-10-11 (Saturday) adjusted working
 * days; 2026-10-01..07 National Day, 2026-10-10 (Saturday) working; 2026-02-15..23 Spring Festival, 2026-02-14 and
 * 2026-02-28 (Saturdays) working; 2026-04-04..06 Qingming.
 */

const app = (over: Partial<DeadlineInput>): DeadlineInput => ({
  programmes: ['DIBAO'],
  step: 'INVESTIGATION',
  urgent: false,
  specialCase: false,
  submittedOn: '2026-03-02',
  acceptedOn: '2026-03-02',
  stepEnteredOn: '2026-03-02',
  noticeEndsOn: null,
  ...over,
});

describe('working-day calendar', () => {
  it('knows holidays, adjusted working days (调休上班) and weekends; outside its years, weekends only', () => {
    expect(isWorkingDay('2025-10-01')).toBe(false); // National Day, a Wednesday
    expect(isWorkingDay('2025-10-08')).toBe(false); // the last day off, a Wednesday
    expect(isWorkingDay('2025-09-28')).toBe(true); // a Sunday worked
    expect(isWorkingDay('2025-10-11')).toBe(true); // a Saturday worked
    expect(isWorkingDay('2025-10-12')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2026-01-02')).toBe(false); // New Year 2026, a Friday
    expect(isWorkingDay('2026-01-04')).toBe(true); // a Sunday worked
    expect(isWorkingDay('2026-05-09')).toBe(true); // a Saturday worked
    expect(isWorkingDay('2024-10-01')).toBe(true); // 2024 is not in the calendar: a Tuesday counts
    expect(isWorkingDay('2027-01-02')).toBe(false); // a Saturday
    expect(workingDayCalendar().covers('2026-12-31')).toBe(true);
    expect(workingDayCalendar().covers('2027-01-01')).toBe(false);
  });

  it('warns when the calendar does not cover today + 90 days, naming the missing year (the limits would ignore its holidays)', () => {
    const cal = workingDayCalendar();
    expect(missingYears(cal, '2026-06-01')).toEqual([]);
    expect(calendarCoverageWarnings('2026-10-02', cal)).toEqual([]); // + 90 days = 2026-12-31
    expect(missingYears(cal, '2026-10-03')).toEqual(['2027']);
    expect(missingYears(cal, '2026-12-02', 400)).toEqual(['2027', '2028']);
    const [w, ...more] = calendarCoverageWarnings('2026-12-02', cal);
    expect(more).toEqual([]);
    expect(w).toContain('does not cover 2027 (due dates are computed up to 2027-03-02, today + 90 days)');
    expect(w).toContain('国务院办公厅关于2027年部分节假日安排的通知');
    expect(w).toContain('WORKING_DAY_CALENDAR_FILE');
    expect(calendarCoverageWarnings('2024-12-02', cal)).toEqual([expect.stringContaining('does not cover 2024')]);
  });

  it('adds working days across a holiday and an adjusted working day (the start day not counted)', () => {
    const from = '2025-09-26'; // Friday
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => addWorkingDays(from, n))).toEqual([
      '2025-09-26', '2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11', '2025-10-13',
    ]);
    expect(addWorkingDays('2025-10-13', -7)).toBe('2025-09-26');
    expect(addWorkingDays('2025-10-03', 1)).toBe('2025-10-09'); // from inside the holiday
  });

  it('counts working days between two dates, negative backwards', () => {
    expect(workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7);
    expect(workingDaysBetween('2025-10-13', '2025-09-26')).toBe(-7);
    expect(workingDaysBetween('2025-10-01', '2025-10-09')).toBe(1);
    expect(workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    // the two are inverse over two years of start dates and limits up to 30
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 3))
      for (const n of [1, 3, 7, 20, 30]) expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
  });

  it('refuses what is not a date', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays('2025-1-1', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
  });

  it('validates a calendar file and lists every problem (ConfigError)', () => {
    const bad = {
      years: {
        '2030': {
          source: 'test',
          holidays: [{ name: 'x', from: '2030-10-03', to: '2030-10-01' }, { name: 'y', from: '2031-01-01', to: '2031-01-01' }],
          workingDays: [{ date: '2030-10-02' }],
        },
      },
    };
    let err: unknown;
    try {
      parseCalendar(bad, 'WORKING_DAY_CALENDAR_FILE');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const issues = (err as ConfigError).issues.join('\n');
    expect(issues).toMatch(/years\.2030\.holidays\.0: ends \(2030-10-01\) before it starts \(2030-10-03\)/);
    expect(issues).toMatch(/holidays\.1: 2031-01-01\.\.2031-01-01 is not within 2030/);
    expect(issues).toMatch(/workingDays\.0: 2030-10-02 is a weekday/);
    expect(() => parseCalendar({ years: { '20x1': { source: 's', holidays: [], workingDays: [] } } }, 'f')).toThrow(/f: years\.20x1/);
    expect(issues).toMatch(/^WORKING_DAY_CALENDAR_FILE: /);
    expect(() => loadCalendar('/nonexistent/calendar.json')).toThrow(/WORKING_DAY_CALENDAR_FILE: cannot read a JSON calendar there \(ENOENT\)/);
  });

  it('reads WORKING_DAY_CALENDAR_FILE when set: a synthetic year with one holiday and one adjusted working day', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-'));
    const file = path.join(dir, 'calendar.json');
    fs.writeFileSync(file, JSON.stringify({
      years: { '2031': { source: 'test', holidays: [{ name: 'h', from: '2031-03-05', to: '2031-03-05' }], workingDays: [{ date: '2031-03-08', note: 'Saturday' }] } },
    }));
    const before = process.env.WORKING_DAY_CALENDAR_FILE;
    process.env.WORKING_DAY_CALENDAR_FILE = file;
    try {
      // 2031-03-03 Monday: 4th (1), 5th holiday, 6th (2), 7th (3), 8th Saturday worked (4), 10th (5)
      expect(addWorkingDays('2031-03-03', 5)).toBe('2031-03-10');
      expect(isWorkingDay('2025-10-01')).toBe(true); // 2025 is not in this file: weekends only
    } finally {
      if (before === undefined) delete process.env.WORKING_DAY_CALENDAR_FILE;
      else process.env.WORKING_DAY_CALENDAR_FILE = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(isWorkingDay('2025-10-01')).toBe(false);
  });
});

describe('limit table', () => {
  it('validates: a default row per open step, no finished step, known programmes, special case not shorter', () => {
    const t = structuredClone(bundledTable) as any;
    t.limits[0].steps = t.limits[0].steps.filter((r: any) => r.step !== 'VERIFICATION');
    t.limits[0].steps.push({ step: 'INVESTIGATION', programme: 'DIBAO', workingDays: 1, basis: 'POLICY', source: 'x' });
    t.limits[0].steps.push({ step: 'INVESTIGATION', programme: 'DIBAO', workingDays: 2, basis: 'POLICY', source: 'x' });
    t.limits[0].wholeProcess.specialCaseWorkingDays = 10;
    let err: unknown;
    try {
      parseLimitTable(t, 'TIME_LIMIT_TABLE_FILE');
    } catch (e) {
      err = e;
    }
    const issues = (err as ConfigError).issues.join('\n');
    expect(issues).toMatch(/no default row for VERIFICATION/);
    expect(issues).toMatch(/a second row for INVESTIGATION, DIBAO, urgent any/);
    expect(issues).toMatch(/specialCaseWorkingDays: a special case has at least the ordinary limit/);
    const rows = structuredClone(bundledTable) as any;
    rows.limits[0].steps.push({ step: 'CONFIRMED', programme: '*', workingDays: 1, basis: 'POLICY', source: 'x' });
    rows.limits[0].steps.push({ step: 'INVESTIGATION', programme: 'NOPE', workingDays: 0, basis: 'POLICY', source: 'x' });
    expect(() => parseLimitTable(rows, 'T')).toThrow(/T: limits\.0\.steps\.7\.step: an open step[^]*steps\.8\.programme: '\*' or a programme code[^]*steps\.8\.workingDays/);
    expect(() => loadLimitTable('/nonexistent/limits.json')).toThrow(/TIME_LIMIT_TABLE_FILE: cannot read/);
    expect(limitTable().limits[0].wholeProcess).toMatchObject({ workingDays: 20, specialCaseWorkingDays: 30, basis: 'POLICY' });
  });
});

describe('deadlineOf', () => {
  it('a step limit earlier than the whole process', () => {
    // accepted Monday 2026-03-02: investigation 7 working days -> 03-11; the whole process 20 -> 03-30
    const d = deadlineDetail(app({}), '2026-03-02');
    expect(d).toMatchObject({ dueOn: '2026-03-11', overdue: false, workingDaysLeft: 7, limit: 'STEP' });
    expect(d.wholeProcess).toMatchObject({ dueOn: '2026-03-30', workingDays: 20, kind: 'WHOLE_PROCESS', countsFrom: 'ACCEPTED_ON' });
    expect(d.applied).toMatchObject({ workingDays: 7, programme: '*', basis: 'CONFIGURATION', countsFrom: 'STEP_ENTERED_ON' });
  });

  it('the whole process (20 working days) earlier than the step', () => {
    // preliminary review entered Friday 03-27: 2 working days -> 03-31; the whole process is due 03-30
    expect(deadlineOf(app({ step: 'PRELIMINARY_REVIEW', stepEnteredOn: '2026-03-27' }), '2026-03-27'))
      .toEqual({ dueOn: '2026-03-30', overdue: false, workingDaysLeft: 1, limit: 'WHOLE_PROCESS' });
  });

  it('a special case has 30 working days (across Qingming, 04-04..06)', () => {
    // back to investigation on 04-08 (an objection): step due 04-17; the whole process: 20 -> 03-30, 30 -> 04-14
    const back = app({ stepEnteredOn: '2026-04-08' });
    expect(deadlineOf(back, '2026-04-08')).toMatchObject({ dueOn: '2026-03-30', overdue: true, limit: 'WHOLE_PROCESS' });
    expect(deadlineOf({ ...back, specialCase: true }, '2026-04-08')).toEqual({ dueOn: '2026-04-14', overdue: false, workingDaysLeft: 4, limit: 'WHOLE_PROCESS_SPECIAL_CASE' });
    expect(deadlineOf({ ...back, specialCase: true }, '2026-04-15')).toMatchObject({ overdue: true, workingDaysLeft: -1 });
  });

  it('over a public holiday and an adjusted working day: due today is not overdue, the day after is', () => {
    // submitted Wednesday 2026-09-30: acceptance within 3 working days: 10-01..07 off, 10-08 (1), 10-09 (2), Saturday 10-10 worked (3)
    const s = app({ step: 'SUBMITTED', submittedOn: '2026-09-30', acceptedOn: null, stepEnteredOn: '2026-09-30' });
    expect(deadlineOf(s, '2026-09-30')).toEqual({ dueOn: '2026-10-10', overdue: false, workingDaysLeft: 3, limit: 'STEP' });
    expect(deadlineOf(s, '2026-10-05')).toMatchObject({ overdue: false, workingDaysLeft: 3 });
    expect(deadlineOf(s, '2026-10-08')).toMatchObject({ overdue: false, workingDaysLeft: 2 });
    expect(deadlineOf(s, '2026-10-10')).toMatchObject({ overdue: false, workingDaysLeft: 0 });
    expect(deadlineOf(s, '2026-10-11')).toMatchObject({ overdue: true, workingDaysLeft: -1 }); // a Sunday: overdue, never 0
    expect(deadlineOf(s, '2026-10-12')).toMatchObject({ overdue: true, workingDaysLeft: -1 });
    expect(deadlineOf(s, '2026-10-13')).toMatchObject({ overdue: true, workingDaysLeft: -2 });
  });

  it('confirmation within 3 working days after the notice ends (Qingdao), across the Spring Festival', () => {
    // notice ends Friday 2026-02-13: Saturday 02-14 worked (1), 02-15..23 off, 02-24 (2), 02-25 (3)
    const n = app({ step: 'PUBLIC_NOTICE', acceptedOn: '2026-02-02', stepEnteredOn: '2026-02-07', noticeEndsOn: '2026-02-13' });
    const d = deadlineDetail(n, '2026-02-13');
    expect(d).toMatchObject({ dueOn: '2026-02-25', limit: 'NOTICE_CONFIRMATION', workingDaysLeft: 3 });
    expect(d.applied).toMatchObject({ basis: 'POLICY', countsFrom: 'NOTICE_ENDS_ON', workingDays: 3 });
    expect(d.wholeProcess!.dueOn).toBe('2026-03-06');
    // the notice's end unknown: its 7th calendar day from stepEnteredOn
    expect(deadlineOf({ ...n, noticeEndsOn: null }, '2026-02-13').dueOn).toBe('2026-02-25');
    // accepted earlier, the whole process (due 02-24) wins
    expect(deadlineOf({ ...n, acceptedOn: '2026-01-20' }, '2026-02-13')).toMatchObject({ dueOn: '2026-02-24', limit: 'WHOLE_PROCESS' });
  });

  it('finished steps have no limit', () => {
    for (const step of ['NOT_ACCEPTED', 'REFUSED', 'CLOSED', 'CONFIRMED'])
      expect(deadlineOf(app({ step }), '2030-01-01')).toEqual({ dueOn: null, overdue: false, workingDaysLeft: null, limit: null });
  });

  it('the urgent path (先行救助): TEMPORARY urgent rows apply, only to urgent TEMPORARY applications', () => {
    const s = app({ step: 'SUBMITTED', programmes: ['TEMPORARY'], urgent: true, acceptedOn: null, submittedOn: '2026-03-06', stepEnteredOn: '2026-03-06' });
    expect(deadlineDetail(s, '2026-03-06')).toMatchObject({ dueOn: '2026-03-09', applied: { urgent: true, programme: 'TEMPORARY', workingDays: 1 } });
    expect(deadlineOf({ ...s, urgent: false }, '2026-03-06').dueOn).toBe('2026-03-11');
    expect(deadlineOf({ ...s, programmes: ['DIBAO'] }, '2026-03-06').dueOn).toBe('2026-03-11');
  });

  it('programme rows beat the default, the shortest of several wins; the entry in force on the start applies', () => {
    const t = structuredClone(bundledTable) as any;
    t.limits[0].steps.push(
      { step: 'INVESTIGATION', programme: 'DIBAO', workingDays: 5, basis: 'CONFIGURATION', source: 'x' },
      { step: 'INVESTIGATION', programme: 'MEDICAL', workingDays: 4, basis: 'CONFIGURATION', source: 'y' },
    );
    const later = structuredClone(t.limits[0]);
    later.effectiveFrom = '2026-06-01';
    later.wholeProcess.workingDays = 15;
    t.limits.push(later);
    const src = { calendar: workingDayCalendar(), table: parseLimitTable(t, 'test') };
    const on = '2026-03-02';
    expect(deadlineDetail(app({ programmes: ['DIBAO'] }), on, src).applied).toMatchObject({ workingDays: 5, programme: 'DIBAO' });
    expect(deadlineDetail(app({ programmes: ['DIBAO', 'MEDICAL'] }), on, src).applied).toMatchObject({ workingDays: 4, programme: 'MEDICAL' });
    expect(deadlineDetail(app({ programmes: ['EDUCATION'] }), on, src).applied).toMatchObject({ workingDays: 7, programme: '*' });
    const whole = (acceptedOn: string) => deadlineDetail(app({ acceptedOn, step: 'VERIFICATION', stepEnteredOn: acceptedOn }), acceptedOn, src).wholeProcess;
    expect(whole('2026-05-29')).toMatchObject({ workingDays: 20, effectiveFrom: '2020-12-16' });
    expect(whole('2026-06-01')).toMatchObject({ workingDays: 15, effectiveFrom: '2026-06-01' });
  });
});

describe('overdue cutoff (the SQL side)', () => {
  it('a start is overdue today exactly when it is on or before the cutoff', () => {
    const cal = workingDayCalendar();
    for (const today of ['2025-10-09', '2025-10-11', '2026-02-24', '2026-10-10', '2026-10-12', '2027-01-04'])
      for (const n of [1, 2, 3, 7, 20, 30]) {
        const cut = overdueCutoff(cal, n, today);
        for (let s = addDays(today, -70); s <= today; s = addDays(s, 1)) expect([s, n, cal.addWorkingDays(s, n) < today]).toEqual([s, n, s <= cut]);
      }
  });
});

describe('today()', () => {
  afterEach(() => {
    setTodayForTests(null);
    delete process.env.AIDGRAPH_TODAY;
  });

  it('is the date in China, or AIDGRAPH_TODAY, or the test setter', () => {
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    process.env.AIDGRAPH_TODAY = '2026-10-11';
    expect(today()).toBe('2026-10-11');
    setTodayForTests('2026-01-05');
    expect(today()).toBe('2026-01-05');
    setTodayForTests(null);
    process.env.AIDGRAPH_TODAY = '2026-13-01';
    expect(() => today()).toThrow(/AIDGRAPH_TODAY: must be an ISO date/);
    expect(() => setTodayForTests('tomorrow')).toThrow();
  });
});
