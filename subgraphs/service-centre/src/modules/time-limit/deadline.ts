import { addDays, workingDayCalendar, type WorkingDayCalendar } from './calendar';
import { FINISHED_STEPS, entryOn, limitTable, resolveStepLimit, type LimitTable, type StepName } from './limits';

/**
 * The due date of an application (the brief's `deadlineOf`):
 * - a finished step (NOT_ACCEPTED, CONFIRMED, REFUSED, CLOSED) has none (all null);
 * - the step's limit: its row of the limit table (resolveStepLimit) in working days from the day the application entered
 *   the step (stepEnteredOn); in PUBLIC_NOTICE from the last day of the notice (noticeEndsOn; when unknown, the notice's
 *   7th calendar day counted from stepEnteredOn): the confirmation within 3 working days after the notice (Qingdao);
 * - the whole-process limit, in every step after acceptance: 20 working days from acceptedOn (30 when specialCase);
 * - the due date is the earlier of the two (on a tie the whole-process limit is named); `overdue` when today is after it
 *   (due today is not overdue); `workingDaysLeft` the working days after today up to the due date (0 on the due date),
 *   negative when overdue (minus the working days after the due date up to today, at least 1: an overdue application
 *   never shows 0).
 * - urgent (先行救助, TEMPORARY only): the rows marked `urgent: true` apply (acceptance within 1 working day, the
 *   preliminary decision within 1); aid may be confirmed before the investigation is complete, and a confirmed
 *   application has no limit, so the paperwork completed afterwards is not timed here; the whole-process limit applies
 *   as to any other application.
 * The table in force on the day a count starts applies (acceptedOn for the whole process).
 */

export interface DeadlineInput {
  programmes: string[];
  step: StepName | string;
  urgent: boolean;
  specialCase: boolean;
  submittedOn: string;
  acceptedOn: string | null;
  stepEnteredOn: string;
  noticeEndsOn: string | null;
}

export interface Deadline {
  dueOn: string | null;
  overdue: boolean;
  workingDaysLeft: number | null;
  /** which limit gives the due date: TimeLimitKind (STEP, NOTICE_CONFIRMATION, WHOLE_PROCESS, WHOLE_PROCESS_SPECIAL_CASE) */
  limit: string | null;
}

export type TimeLimitKindName = 'STEP' | 'NOTICE_CONFIRMATION' | 'WHOLE_PROCESS' | 'WHOLE_PROCESS_SPECIAL_CASE';
export type CountsFrom = 'STEP_ENTERED_ON' | 'NOTICE_ENDS_ON' | 'ACCEPTED_ON';

/** One limit as it applies to an application. */
export interface AppliedLimit {
  kind: TimeLimitKindName;
  workingDays: number;
  countsFrom: CountsFrom;
  /** the date the count starts from (not counted) */
  startsOn: string;
  dueOn: string;
  /** the row's programme ('*' any), null for the whole process */
  programme: string | null;
  /** the row's urgency (true/false: only such applications), null for any */
  urgent: boolean | null;
  basis: 'POLICY' | 'CONFIGURATION';
  source: string;
  /** the table entry's effective date */
  effectiveFrom: string;
}

export interface DeadlineDetail extends Deadline {
  /** the limit that gives the due date */
  applied: AppliedLimit | null;
  /** the step's limit and the whole-process limit (null where none runs) */
  stepLimit: AppliedLimit | null;
  wholeProcess: AppliedLimit | null;
}

export interface TimeLimitSources {
  calendar: WorkingDayCalendar;
  table: LimitTable;
}

const NONE: DeadlineDetail = { dueOn: null, overdue: false, workingDaysLeft: null, limit: null, applied: null, stepLimit: null, wholeProcess: null };

/** The step limit and the whole-process limit of an application, the earlier of them, and where today stands. */
export function deadlineDetail(input: DeadlineInput, today: string, src: TimeLimitSources = { calendar: workingDayCalendar(), table: limitTable() }): DeadlineDetail {
  const step = input.step as StepName;
  if (FINISHED_STEPS.includes(step)) return NONE;
  const { calendar, table } = src;

  let stepLimit: AppliedLimit;
  {
    const notice = step === 'PUBLIC_NOTICE';
    const startsOn = notice ? (input.noticeEndsOn ?? addDays(input.stepEnteredOn, entryOn(table, input.stepEnteredOn).noticeCalendarDays - 1)) : input.stepEnteredOn;
    const e = entryOn(table, startsOn);
    const row = resolveStepLimit(e, step, input.programmes, input.urgent);
    stepLimit = {
      kind: notice ? 'NOTICE_CONFIRMATION' : 'STEP',
      workingDays: row.workingDays,
      countsFrom: notice ? 'NOTICE_ENDS_ON' : 'STEP_ENTERED_ON',
      startsOn,
      dueOn: calendar.addWorkingDays(startsOn, row.workingDays),
      programme: row.programme,
      urgent: row.urgent ?? null,
      basis: row.basis,
      source: row.source,
      effectiveFrom: e.effectiveFrom,
    };
  }

  let wholeProcess: AppliedLimit | null = null;
  if (step !== 'SUBMITTED' && input.acceptedOn) {
    const e = entryOn(table, input.acceptedOn);
    const n = input.specialCase ? e.wholeProcess.specialCaseWorkingDays : e.wholeProcess.workingDays;
    wholeProcess = {
      kind: input.specialCase ? 'WHOLE_PROCESS_SPECIAL_CASE' : 'WHOLE_PROCESS',
      workingDays: n,
      countsFrom: 'ACCEPTED_ON',
      startsOn: input.acceptedOn,
      dueOn: calendar.addWorkingDays(input.acceptedOn, n),
      programme: null,
      urgent: null,
      basis: e.wholeProcess.basis,
      source: e.wholeProcess.source,
      effectiveFrom: e.effectiveFrom,
    };
  }

  const applied = wholeProcess && wholeProcess.dueOn <= stepLimit.dueOn ? wholeProcess : stepLimit;
  const dueOn = applied.dueOn;
  const overdue = today > dueOn;
  const between = calendar.workingDaysBetween(today, dueOn);
  return { dueOn, overdue, workingDaysLeft: overdue ? Math.min(-1, between) : between, limit: applied.kind, applied, stepLimit, wholeProcess };
}

/** The brief's `deadlineOf`: due date, overdue, working days left and which limit applies (null for finished steps). */
export function deadlineOf(input: DeadlineInput, today: string, src?: TimeLimitSources): Deadline {
  const { dueOn, overdue, workingDaysLeft, limit } = deadlineDetail(input, today, src);
  return { dueOn, overdue, workingDaysLeft, limit };
}
