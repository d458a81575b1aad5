/**
 * 办理时限 The time limits of assistance applications: the working-day calendar, the limit table with effective dates,
 * `deadlineOf` (the due date of an application), `today()` (the one clock) and the GraphQL fields (time-limit.resolver.ts).
 */
export { addWorkingDays, isWorkingDay, workingDaysBetween, workingDayCalendar, loadCalendar, parseCalendar, WorkingDayCalendar, CALENDAR_ENV, CALENDAR_HORIZON_DAYS, calendarCoverageWarnings, missingYears } from './calendar';
export { limitTable, loadLimitTable, parseLimitTable, LIMITS_ENV, FINISHED_STEPS, OPEN_STEPS } from './limits';
export { deadlineOf, deadlineDetail, type Deadline, type DeadlineInput, type DeadlineDetail, type AppliedLimit } from './deadline';
export { today, setTodayForTests, TODAY_ENV } from './today';
