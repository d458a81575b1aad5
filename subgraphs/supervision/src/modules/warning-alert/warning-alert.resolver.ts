import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { SelectQueryBuilder } from 'typeorm';
import {
  PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, badInput, checkCalendarDate, connectionType, forbidden, isTownshipCode, listOrder,
  outcomeFor, paginate, scopeWhere, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { WarningAlert, WarningEvidence, WarningRuleRun, WarningRuleRunBatch } from './warning-alert.entity';
import { ALERT_CLASS, DEPARTMENT, WarningRuleCode } from './warning-alert.enums';
import {
  AssignWarningAlertInput, DismissWarningAlertInput, ResolveWarningAlertInput, RunWarningRulesInput, WarningAlertFilter,
} from './warning-alert.input';
import { assignWarningAlert, dismissWarningAlert, resolveWarningAlert } from './warning-alert.service';
import { assertMayReadAlerts, checkDepartmentFilter, hiddenClasses, mayReadAlert, visibleEvidence } from './access';
import { runWarningRulesMutation } from '../rules/engine';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALERT = { class: ALERT_CLASS, owner: DEPARTMENT } as const;

@ObjectType({ description: 'A page of alerts (Relay connection).' })
export class WarningAlertConnection extends connectionType(WarningAlert, 'WarningAlert', 'A page of alerts (预警).') {}

@ObjectType({ description: 'A page of rule runs (Relay connection).' })
export class WarningRuleRunConnection extends connectionType(WarningRuleRun, 'WarningRuleRun', 'A page of rule runs.') {}

/** The orders of warningAlerts (orderBy); each key declares the class of the value it orders by. */
export const WarningAlertOrdering = listOrder('WarningAlert', {
  RAISED_ON: { property: 'raisedOn', kind: 'date', description: '发现日期 By the day first raised (ISO date order).', access: { class: 'quasi.date', note: 'alert dates are null for analysts' } },
  LAST_SEEN_ON: { property: 'lastSeenOn', kind: 'date', description: '最近发现 By the day last found (ISO date order).', access: { class: 'quasi.date', note: 'alert dates are null for analysts' } },
});

/** The orders of warningRuleRuns. */
export const WarningRuleRunOrdering = listOrder('WarningRuleRun', {
  STARTED_AT: { property: 'startedAt', kind: 'string', description: '开始 By start time (ISO 8601 order): DESC, newest first.', access: ALERT },
});

/**
 * The SQL of the caller's rows (warningAlerts), as mayReadAlert: its township; another department's officers only the
 * alerts naming it; and, outside the supervision office, only alerts implying no class the caller does not see (one
 * NOT LIKE per such class on the JSON list `classes`: a class is matched with its quotes, none contains another quoted).
 * Every filter then applies to these rows only, so totalCount, pages and filters agree and tell nothing of the others.
 */
function scopeAlerts(qb: SelectQueryBuilder<WarningAlert>, ctx: SubgraphContext): void {
  const scope = scopeWhere(ctx.identity, { villageCode: false });
  if (scope.townshipCode) qb.andWhere('r.townshipCode = :scope', { scope: scope.townshipCode });
  if (ctx.identity.role === 'department_officer' && ctx.identity.department !== DEPARTMENT)
    qb.andWhere('r.departments LIKE :own', { own: `%"${ctx.identity.department ?? ''}"%` });
  hiddenClasses(ctx.identity).forEach((c, i) => qb.andWhere(`r.classes NOT LIKE :hidden${i}`, { [`hidden${i}`]: `%"${c}"%` }));
}

@Resolver(() => WarningAlert)
export class WarningAlertResolver {
  @Query(() => WarningAlertConnection, {
    nullable: true,
    description:
      '预警 Alerts for supervisors, filtered, in the order asked for (orderBy: ' + WarningAlertOrdering.summary + '; default by id, stable). ' +
      'Supervision officers (SUPERVISION) and auditors see every alert, whole; another department\'s officers the alerts naming ' +
      'their department, caseworkers and approvers their township\'s — in both cases only the alerts all of whose implied classes ' +
      'they see (whole, never with an item left out); the filters apply to those rows only. Analysts may select only totalCount ' +
      '(null: their counts are warningAlertStatistics); the public site is FORBIDDEN. BAD_USER_INPUT for a malformed filter.',
  })
  async warningAlerts(
    @Args() page: PageArgs,
    @Arg('orderBy', () => WarningAlertOrdering.input, { nullable: true, description: `The order: ${WarningAlertOrdering.summary}, ascending or descending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => WarningAlertFilter, { nullable: true, description: 'Only the alerts matching all given filters.' }) filter: WarningAlertFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<WarningAlertConnection> {
    assertMayReadAlerts(ctx.identity);
    assertCountOnlyList(ctx.identity, 'Query.warningAlerts', info);
    assertFiltersAllowed(ctx.identity, 'WarningAlertFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode != null && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    if (f.department != null) checkDepartmentFilter(f.department);
    if (f.raisedFrom != null) checkCalendarDate(f.raisedFrom, 'filter.raisedFrom');
    if (f.raisedTo != null) checkCalendarDate(f.raisedTo, 'filter.raisedTo');
    const qb = ctx.db.getRepository(WarningAlert).createQueryBuilder('r');
    scopeAlerts(qb, ctx);
    if (f.rule) qb.andWhere('r.rule = :rule', { rule: f.rule });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.townshipCode) qb.andWhere('r.townshipCode = :township', { township: f.townshipCode });
    // departments is a JSON list of codes: a code is matched with its quotes (UPPER_SNAKE codes, none contains another quoted)
    if (f.department) qb.andWhere('r.departments LIKE :department', { department: `%"${f.department}"%` });
    if (f.raisedFrom) qb.andWhere('r.raisedOn >= :from', { from: f.raisedFrom });
    if (f.raisedTo) qb.andWhere('r.raisedOn <= :to', { to: f.raisedTo });
    return WarningAlertConnection.of(await paginate(qb, page, { ordering: WarningAlertOrdering, orderBy, identity: ctx.identity }));
  }

  @Query(() => WarningAlert, { nullable: true, description: '预警 One alert by id; null when there is none or the caller may not see it (as the list). FORBIDDEN for analysts and the public site.' })
  async warningAlert(@Arg('id', () => ID, { description: 'The alert\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<WarningAlert | null> {
    assertMayReadAlerts(ctx.identity);
    if (outcomeFor(ctx.identity, ALERT_CLASS, { owner: DEPARTMENT }) === 'countOnly') throw forbidden('your role may count alerts (warningAlertStatistics), not read them');
    if (!UUID.test(id)) throw badInput('`id` is not an id (a UUID)', 'id', 'BAD_ID');
    const alert = await ctx.db.getRepository(WarningAlert).findOneBy({ id: id.toLowerCase() });
    return alert && mayReadAlert(ctx.identity, alert) ? alert : null;
  }

  @Query(() => WarningRuleRunConnection, {
    nullable: true,
    description: '预警规则运行 The runs of the warning rules, newest first by default (orderBy STARTED_AT). Supervision officers and auditors; FORBIDDEN to every other role.',
  })
  async warningRuleRuns(
    @Args() page: PageArgs,
    @Arg('rule', () => WarningRuleCode, { nullable: true, description: 'Only the runs of this rule.' }) rule: WarningRuleCode | null,
    @Arg('orderBy', () => WarningRuleRunOrdering.input, { nullable: true, description: `The order: ${WarningRuleRunOrdering.summary}.` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<WarningRuleRunConnection> {
    const { identity } = ctx;
    if (!(identity.role === 'auditor' || (identity.role === 'department_officer' && identity.department === DEPARTMENT)))
      throw forbidden('the rule runs are the supervision office\'s (SUPERVISION officers and auditors)');
    const qb = ctx.db.getRepository(WarningRuleRun).createQueryBuilder('r');
    if (rule) qb.andWhere('r.rule = :rule', { rule });
    return WarningRuleRunConnection.of(
      await paginate(qb, page, { ordering: WarningRuleRunOrdering, orderBy: orderBy ?? ({ field: 'STARTED_AT', direction: 'DESC' } as ListOrderInput), identity }),
    );
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: '人员 The person (resolved by the civil-affairs registry, under its rules).' })
  person(@Root() r: WarningAlert): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The person\'s township of registration when the alert was raised.' })
  township(@Root() r: WarningAlert): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @FieldResolver(() => [String], {
    description: '涉及部门 The departments concerned (codes of programmes.json), those of the evidence, each once, in the order found.',
  })
  departments(@Root() r: WarningAlert): string[] {
    return r.departments;
  }

  @FieldResolver(() => [WarningEvidence], { description: '证据 The evidence items, every one (the alert is shown whole or not at all), one per department record; an amount null where the caller may not see its class (see WarningEvidence).' })
  evidence(@Root() r: WarningAlert, @Ctx() ctx: SubgraphContext): WarningEvidence[] {
    return visibleEvidence(ctx.identity, r).map((e) => Object.assign(new WarningEvidence(), {
      department: e.department, recordType: e.recordType, recordId: e.recordId, since: e.since, amountSince: e.amountSince, code: e.code,
    }));
  }

  @Mutation(() => WarningAlert, {
    description:
      '分派 Assign an alert to a staff member of the supervision office (OPEN → ASSIGNED; ASSIGNED → ASSIGNED to another). Supervision officers only ' +
      '(FORBIDDEN otherwise, before any lookup); the assignee is a supervision staff account\'s token subject (see AssignWarningAlertInput.assignee: ' +
      'BAD_USER_INPUT BAD_FORMAT, SAME_ASSIGNEE). BAD_USER_INPUT for a bad note; CONFLICT STALE_VERSION (expectedVersion), CONFLICT ILLEGAL_TRANSITION ' +
      'from RESOLVED or DISMISSED, NOT_FOUND for an unknown id. A retry with the same idempotencyKey returns the alert as it is.',
  })
  assignWarningAlert(@Arg('input', { description: 'The assignment.' }) input: AssignWarningAlertInput, @Ctx() ctx: SubgraphContext): Promise<WarningAlert> {
    return assignWarningAlert(ctx, input);
  }

  @Mutation(() => WarningAlert, {
    description: '处置 Resolve an alert with a reason code and a note saying what was done (required: BAD_USER_INPUT REQUIRED) (OPEN or ASSIGNED → RESOLVED). Supervision officers only. Errors as assignWarningAlert.',
  })
  resolveWarningAlert(@Arg('input', { description: 'The resolution.' }) input: ResolveWarningAlertInput, @Ctx() ctx: SubgraphContext): Promise<WarningAlert> {
    return resolveWarningAlert(ctx, input);
  }

  @Mutation(() => WarningAlert, {
    description: '排除 Dismiss an alert as a false positive with a reason code and a note saying why (required: BAD_USER_INPUT REQUIRED) (OPEN or ASSIGNED → DISMISSED). A later run does not raise the finding again while its evidence cites no record the dismissal did not weigh. Supervision officers only. Errors as assignWarningAlert.',
  })
  dismissWarningAlert(@Arg('input', { description: 'The dismissal.' }) input: DismissWarningAlertInput, @Ctx() ctx: SubgraphContext): Promise<WarningAlert> {
    return dismissWarningAlert(ctx, input);
  }

  @Mutation(() => WarningRuleRunBatch, {
    description:
      '运行预警规则 Run warning rules now (SUPERVISION officers; FORBIDDEN otherwise): one run per rule, reading the graph through the ' +
      'gateway with the service token (SUPERVISION_TOKEN); each run SKIPPED (NOT_CONFIGURED) when the rules are not configured. One batch ' +
      'runs at a time across every replica, the schedule and the command line (a lease in supervision\'s database): while another batch ' +
      'holds it, CONFLICT RULES_RUNNING with its `batchId` (WarningRuleRun.batchId), and nothing is created — the idempotency key is not ' +
      'kept, so the same call later starts the batch. A finding already raised is not raised again. A retry with the same ' +
      'idempotencyKey (and the same input) of a call that started its batch returns the same runs and starts nothing: each run as it stands at the retry — RUNNING ' +
      'until it ends, then its outcome (INTERRUPTED if its process stopped); the retry does not wait for it (follow a RUNNING run with warningRuleRuns).',
  })
  runWarningRules(@Arg('input', { description: 'Which rules.' }) input: RunWarningRulesInput, @Ctx() ctx: SubgraphContext): Promise<WarningRuleRunBatch> {
    return runWarningRulesMutation(ctx, input);
  }
}

/** The fields of a rule run only auditors read. */
@Resolver(() => WarningRuleRun)
export class WarningRuleRunResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      '读取行数 Rows read through the gateway (people, records, applications): how many records of a class exist (the number of ' +
      'grade 1-2 certificate holders, of charity grants), so auditors only; null for supervision officers.',
  })
  rowsRead(@Root() r: WarningRuleRun, @Ctx() ctx: SubgraphContext): number | null {
    return ctx.identity.role === 'auditor' ? r.rowsRead : null;
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description:
      '网关错误码 What the gateway answered a FAILED run (GATEWAY_ERROR, GATEWAY_UNAVAILABLE, RATE_LIMITED): its GraphQL error codes, ' +
      'distinct, in the order met, at most 8 — e.g. OPERATION_NOT_TRUSTED (the gateway enforces trusted documents and lacks the ' +
      'engine\'s manifest: npm run trusted-documents:engine), QUERY_TOO_COSTLY, SUBGRAPH_UNAVAILABLE, FORBIDDEN (the engine\'s token). ' +
      'Null for a run that did not fail so. Codes only, never data.',
  })
  gatewayErrorCodes(@Root() r: WarningRuleRun): string[] | null {
    return r.gatewayErrorCodes ? r.gatewayErrorCodes.split(',') : null;
  }
}
