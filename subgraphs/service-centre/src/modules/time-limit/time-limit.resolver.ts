import { Arg, Args, Ctx, Field, FieldResolver, Info, InputType, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  ConfigError, OrderDirection, PROGRAMMES, PageArgs, Protected, Public, assertFiltersAllowed, badInput, classifyCoordinates, connectionType, forbidden,
  isTownshipCode, listOrder, paginate, scopeQuery, type Identity, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from '../application/application.entity';
import { ApplicationStep, DEPARTMENT } from '../application/application.enums';
import { workingDayCalendar } from './calendar';
import { deadlineDetail, type DeadlineDetail } from './deadline';
import { FINISHED_STEPS, limitTable, type StepName } from './limits';
import { jsonListPattern, overdueCondition } from './overdue';
import { today, todayConfigProblems } from './today';

/** 时限类型 Which limit gives an application's due date. */
export enum TimeLimitKind {
  STEP = 'STEP',
  NOTICE_CONFIRMATION = 'NOTICE_CONFIRMATION',
  WHOLE_PROCESS = 'WHOLE_PROCESS',
  WHOLE_PROCESS_SPECIAL_CASE = 'WHOLE_PROCESS_SPECIAL_CASE',
}
registerEnumType(TimeLimitKind, {
  name: 'TimeLimitKind',
  description: '时限类型 Which limit gives an application\'s due date (the earlier of its step\'s limit and the whole-process limit).',
  valuesConfig: {
    STEP: { description: '环节时限 the limit of the current step, from the day the application entered it' },
    NOTICE_CONFIRMATION: { description: '公示后确认时限 confirmation within the working days after the 7-day public notice ends (Qingdao: 3)' },
    WHOLE_PROCESS: { description: '办结时限 the whole process, from acceptance (Qingdao: 20 working days)' },
    WHOLE_PROCESS_SPECIAL_CASE: { description: '特殊情况办结时限 the whole process of a special case, from acceptance (Qingdao: 30 working days)' },
  },
});

/** 时限依据 Whether a limit is a rule of policy or the platform's own configuration. */
export enum TimeLimitBasis {
  POLICY = 'POLICY',
  CONFIGURATION = 'CONFIGURATION',
}
registerEnumType(TimeLimitBasis, {
  name: 'TimeLimitBasis',
  description: '时限依据 Where a limit\'s figure comes from.',
  valuesConfig: {
    POLICY: { description: '政策规定 a rule of policy (Qingdao\'s dibao confirmation rules)' },
    CONFIGURATION: { description: '平台配置 the platform\'s own split of the whole-process limit among the steps (TIME_LIMIT_TABLE_FILE)' },
  },
});

/** 起算日 The application date a limit counts from. */
export enum TimeLimitStart {
  STEP_ENTERED_ON = 'STEP_ENTERED_ON',
  NOTICE_ENDS_ON = 'NOTICE_ENDS_ON',
  ACCEPTED_ON = 'ACCEPTED_ON',
}
registerEnumType(TimeLimitStart, {
  name: 'TimeLimitStart',
  description: '起算日 The date a limit counts from (that day itself not counted).',
  valuesConfig: {
    STEP_ENTERED_ON: { description: '进入本环节日期 the day the application entered its current step (stepEnteredOn)' },
    NOTICE_ENDS_ON: { description: '公示结束日期 the last day of the public notice (noticeEndsOn)' },
    ACCEPTED_ON: { description: '受理日期 the day the application was accepted (acceptedOn)' },
  },
});

@Public('a row of the limit table (configuration and policy): the same for every application it applies to, names no person')
@ObjectType({ description: '办理时限 The limit that gives an application\'s due date: a row of the limit table (TIME_LIMIT_TABLE_FILE) in working days of the working-day calendar.' })
export class TimeLimit {
  @Field(() => TimeLimitKind, { description: '时限类型 Which limit it is.' })
  kind: TimeLimitKind;

  @Field(() => Int, { description: '工作日数 Its length in working days (weekends, public holidays and days off not counted; adjusted working days 调休上班 counted).' })
  workingDays: number;

  @Field(() => TimeLimitStart, { description: '起算日 The application date it counts from.' })
  countsFrom: TimeLimitStart;

  @Field(() => String, { nullable: true, description: '适用项目 The programme the row is for (\'*\': any); null for the whole-process limit.' })
  programme: string | null;

  @Field(() => Boolean, { nullable: true, description: '先行救助 True: a row for urgent applications only (先行救助); false: for others only; null: for any.' })
  urgent: boolean | null;

  @Field(() => TimeLimitBasis, { description: '时限依据 Policy or configuration.' })
  basis: TimeLimitBasis;

  @Field({ description: '来源 Where the figure comes from (the rule or the configuration\'s note).' })
  source: string;

  @Field({ description: '生效日期 The effective date of the limit table entry it comes from (ISO date): the entry in force on the day the count starts.' })
  effectiveFrom: string;
}

@InputType({ description: '超期申请筛选 Filters of the overdue list; all given must hold.' })
export class OverdueApplicationFilter {
  @Field(() => String, { nullable: true, description: '乡镇/街道 Only applications handled by this 9-digit township (staff of a township see their own only).' })
  township?: string | null;

  @Field(() => ApplicationStep, { nullable: true, description: '办理环节 Only applications at this step (an open step: a finished one has no limit).' })
  step?: ApplicationStep | null;

  @Field(() => String, { nullable: true, description: '申请项目 Only applications that request this programme (a code of programmes.json).' })
  programme?: string | null;
}
classifyCoordinates({
  'OverdueApplicationFilter.township': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  'OverdueApplicationFilter.step': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
  'OverdueApplicationFilter.programme': { class: 'department.record', owner: DEPARTMENT, kind: 'filter' },
});

@ObjectType({ description: '超期申请 A page of overdue applications (Relay connection), oldest first by default.' })
export class OverdueApplicationConnection extends connectionType(AssistanceApplication, 'OverdueApplication', 'A page of overdue applications.') {}

/** The orders of the overdue list; the default is SUBMITTED_ON ascending (oldest first). */
export const OverdueApplicationOrdering = listOrder('OverdueApplication', {
  SUBMITTED_ON: { property: 'submittedOn', kind: 'date', description: '申请日期 By submission date (the default, ascending: the oldest first).', access: { class: 'department.record', owner: DEPARTMENT } },
  ACCEPTED_ON: { property: 'acceptedOn', kind: 'date', nullable: true, description: '受理日期 By acceptance date (not yet accepted last).', access: { class: 'department.record', owner: DEPARTMENT } },
  STEP_ENTERED_ON: { property: 'stepEnteredOn', kind: 'date', description: '进入本环节日期 By the date the application entered its step.', access: { class: 'department.record', owner: DEPARTMENT } },
});
const OLDEST_FIRST: ListOrderInput = { field: 'SUBMITTED_ON', direction: OrderDirection.ASC };

/** The supervisors of the overdue list: staff of the township, the service centre's and civil affairs' officers, auditors. */
const SUPERVISING_DEPARTMENTS = new Set([DEPARTMENT, 'CIVIL_AFFAIRS']);
function assertSupervisor(identity: Identity): void {
  if (identity.role === 'caseworker' || identity.role === 'township_approver' || identity.role === 'auditor') return;
  if (identity.role === 'department_officer' && identity.department && SUPERVISING_DEPARTMENTS.has(identity.department)) return;
  throw forbidden('only supervisors see the overdue list: the township\'s caseworkers and approvers, SOCIAL_ASSISTANCE_CENTRE and CIVIL_AFFAIRS officers, auditors');
}

const programmeCodes = new Set(PROGRAMMES.map((p) => p.code));

/** The deadline of an application today (memoised per row and day for the four fields of one request). */
const memo = new WeakMap<AssistanceApplication, { on: string; d: DeadlineDetail }>();
export function deadlineOfApplication(a: AssistanceApplication, on = today()): DeadlineDetail {
  const hit = memo.get(a);
  if (hit && hit.on === on) return hit.d;
  const d = deadlineDetail(
    {
      programmes: a.programmes ?? [],
      step: a.step as StepName,
      urgent: !!a.urgent,
      specialCase: !!a.specialCase,
      submittedOn: a.submittedOn,
      acceptedOn: a.acceptedOn ?? null,
      stepEnteredOn: a.stepEnteredOn,
      noticeEndsOn: a.noticeEndsOn ?? null,
    },
    on,
  );
  memo.set(a, { on, d });
  return d;
}

/**
 * The time limits of AssistanceApplication (a second resolver of the type): dueOn, overdue, workingDaysLeft, timeLimit,
 * and the supervisors' overdue list. The fields take the type's access rule (department.record of SOCIAL_ASSISTANCE_CENTRE).
 */
@Resolver(() => AssistanceApplication)
export class TimeLimitResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      '办理期限 The due date (ISO date): the earlier of the current step\'s limit and the whole-process limit (20 working days from ' +
      'acceptance, 30 in a special case), in working days of the working-day calendar. Null in a finished step (NOT_ACCEPTED, ' +
      'CONFIRMED, REFUSED, CLOSED).',
  })
  dueOn(@Root() a: AssistanceApplication): string | null {
    return deadlineOfApplication(a).dueOn;
  }

  @FieldResolver(() => Boolean, { description: '是否超期 Whether today (China time) is after the due date; due today is not overdue. False in a finished step.' })
  overdue(@Root() a: AssistanceApplication): boolean {
    return deadlineOfApplication(a).overdue;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      '剩余工作日 Working days after today up to the due date (0 on the due date); negative when overdue (minus the working days ' +
      'since, at least -1). Null in a finished step.',
  })
  workingDaysLeft(@Root() a: AssistanceApplication): number | null {
    return deadlineOfApplication(a).workingDaysLeft;
  }

  @FieldResolver(() => TimeLimit, { nullable: true, description: '适用时限 The limit that gives the due date, its working days and its source. Null in a finished step.' })
  timeLimit(@Root() a: AssistanceApplication): TimeLimit | null {
    const l = deadlineOfApplication(a).applied;
    if (!l) return null;
    return Object.assign(new TimeLimit(), {
      kind: l.kind as TimeLimitKind,
      workingDays: l.workingDays,
      countsFrom: l.countsFrom as TimeLimitStart,
      programme: l.programme,
      urgent: l.urgent,
      basis: l.basis as TimeLimitBasis,
      source: l.source,
      effectiveFrom: l.effectiveFrom,
    });
  }

  @Query(() => OverdueApplicationConnection, {
    nullable: true,
    description:
      '超期申请 The applications overdue today (China time; see AssistanceApplication.dueOn), for supervisors: caseworkers and ' +
      'approvers (their township\'s), SOCIAL_ASSISTANCE_CENTRE and CIVIL_AFFAIRS officers, auditors; FORBIDDEN to others. Oldest ' +
      'first (submission date, then id) unless orderBy says otherwise (SUBMITTED_ON, ACCEPTED_ON, STEP_ENTERED_ON, ID). BAD_USER_INPUT for an unknown ' +
      'township or programme, or a finished step.',
  })
  @Protected({ class: 'department.record', owner: DEPARTMENT })
  async overdueApplications(
    @Args() page: PageArgs,
    @Arg('filter', () => OverdueApplicationFilter, { nullable: true, description: '筛选 Only the applications matching all given filters.' }) filter: OverdueApplicationFilter | null,
    @Arg('orderBy', () => OverdueApplicationOrdering.input, { nullable: true, description: '排序 The order (default SUBMITTED_ON ascending: the oldest first); ties broken by id.' }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OverdueApplicationConnection> {
    assertSupervisor(ctx.identity);
    assertFiltersAllowed(ctx.identity, 'OverdueApplicationFilter', filter, info);
    const f = filter ?? {};
    if (f.township && !isTownshipCode(f.township)) throw badInput('`township` is not a Jiaozhou township code', 'filter.township', 'UNKNOWN_TOWNSHIP');
    if (f.programme && !programmeCodes.has(f.programme)) throw badInput('`programme` is not a programme code of programmes.json', 'filter.programme', 'UNKNOWN_PROGRAMME');
    if (f.step && FINISHED_STEPS.includes(f.step as StepName)) throw badInput('a finished step has no time limit, so nothing in it is overdue', 'filter.step', 'FINISHED_STEP');

    const db = ctx.db;
    const qb = db.getRepository(AssistanceApplication).createQueryBuilder('a');
    const col = (property: string) => `${qb.escape('a')}.${qb.escape(qb.expressionMap.mainAlias!.metadata.findColumnWithPropertyName(property)!.databaseName)}`;
    const postgres = db.options.type === 'postgres';
    const cond = overdueCondition(
      {
        step: col('step'), programmes: col('programmes'), urgent: col('urgent'), specialCase: col('specialCase'),
        acceptedOn: col('acceptedOn'), stepEnteredOn: col('stepEnteredOn'), noticeEndsOn: col('noticeEndsOn'),
      },
      today(),
      { calendar: workingDayCalendar(), table: limitTable() },
      { booleans: postgres ? [true, false] : [1, 0] },
    );
    qb.where(cond.sql, cond.params);
    scopeQuery(qb, 'a', ctx.identity, { villageCode: true });
    if (f.township) qb.andWhere('a.townshipCode = :township', { township: f.township });
    if (f.step) qb.andWhere('a.step = :step', { step: f.step });
    if (f.programme) qb.andWhere(`${col('programmes')} LIKE :programme ESCAPE '!'`, { programme: jsonListPattern(f.programme) });
    return OverdueApplicationConnection.of(
      await paginate(qb, page, { ordering: OverdueApplicationOrdering, orderBy: orderBy ?? OLDEST_FIRST, identity: ctx.identity, list: 'overdueApplications' }),
    );
  }
}

/** The resolvers of the time limits, for the subgraph's schema; reads (and so validates) the calendar and the table. */
export function timeLimitResolvers(): [typeof TimeLimitResolver] {
  workingDayCalendar(); // a bad WORKING_DAY_CALENDAR_FILE stops the start with every problem listed
  limitTable(); // likewise TIME_LIMIT_TABLE_FILE
  const problems = todayConfigProblems(); // and a malformed AIDGRAPH_TODAY
  if (problems.length) throw new ConfigError(problems);
  return [TimeLimitResolver];
}
