import { Field, ID, InputType, Int } from 'type-graphql';
import { IdempotencyKeyField, classifyCoordinates } from '@aidgraph/subgraph-kit';
import { ALERT_CLASS, DEPARTMENT, DismissalReason, ResolutionReason, WarningAlertStatus, WarningRuleCode } from './warning-alert.enums';

@InputType({ description: 'Filters of the alert list. All given filters must hold. Each is classified (supervision.alert): FORBIDDEN, from the query alone, for a role that may not list alerts.' })
export class WarningAlertFilter {
  @Field(() => WarningRuleCode, { nullable: true, description: 'Only alerts of this rule.' })
  rule?: WarningRuleCode | null;

  @Field(() => WarningAlertStatus, { nullable: true, description: 'Only alerts with this status.' })
  status?: WarningAlertStatus | null;

  @Field(() => String, { nullable: true, description: '9-digit township code (the person\'s township when raised).' })
  townshipCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only alerts naming this department (code of programmes.json). FORBIDDEN for a department whose records the caller may not ' +
      'see (a supervision officer filtering by DISABLED_PERSONS_FEDERATION would learn who has a disability); a department officer ' +
      'sees only alerts naming its own department anyway.',
  })
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Raised on or after this date (ISO YYYY-MM-DD).' })
  raisedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Raised on or before this date (ISO YYYY-MM-DD).' })
  raisedTo?: string | null;
}

classifyCoordinates({
  'Query.warningAlerts': {
    class: ALERT_CLASS, owner: DEPARTMENT, kind: 'list',
    note: 'rows scoped: supervision officers all, another department\'s officers the alerts naming it, caseworkers and approvers their township; analysts a bare totalCount (null)',
  },
  'Query.warningAlert': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'lookup', note: 'null outside the caller\'s rows, as the list' },
  'Query.warningRuleRuns': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'list', note: 'runs name no person: supervision officers and auditors' },
  'WarningAlertFilter.rule': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'filter' },
  'WarningAlertFilter.status': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'filter' },
  'WarningAlertFilter.townshipCode': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'filter' },
  'WarningAlertFilter.department': { class: ALERT_CLASS, owner: DEPARTMENT, kind: 'filter', note: 'and FORBIDDEN for a department whose records the caller may not see' },
  'WarningAlertFilter.raisedFrom': { class: 'quasi.date', kind: 'filter', note: 'a date range of a person\'s alert: analysts may not' },
  'WarningAlertFilter.raisedTo': { class: 'quasi.date', kind: 'filter', note: 'a date range of a person\'s alert: analysts may not' },
});

@InputType({ description: 'A change of an alert\'s handling: which alert, at which version.' })
export class WarningAlertChangeInput {
  @Field(() => ID, { description: 'The alert.' })
  id: string;

  @Field(() => Int, { description: 'The version read (CONFLICT STALE_VERSION when the alert changed since).' })
  expectedVersion: number;

  @Field(() => String, {
    nullable: true,
    description:
      '备注 A note, trimmed: 1-2,000 characters, no control characters (BAD_USER_INPUT TOO_LONG, BAD_CHARACTER); no health detail. ' +
      'Required (BAD_USER_INPUT REQUIRED when absent or blank) to resolve or dismiss an alert: what was done, or why it is a false positive, in words (the reason code is the category); optional on an assignment.',
  })
  note?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({ description: '分派 Assign an alert (OPEN → ASSIGNED, or ASSIGNED → ASSIGNED to someone else).' })
export class AssignWarningAlertInput extends WarningAlertChangeInput {
  @Field({
    description:
      '经办人 The staff account of the supervision office (市社会救助监管) that handles the alert, by its token subject: 1-128 printable ASCII ' +
      'characters without white space (BAD_USER_INPUT BAD_FORMAT, REQUIRED, TOO_LONG). An alert is handled within the supervision office: only its ' +
      'officers assign, to one of its staff; the departments the alert concerns are named by its departments and are not assignees. The account ' +
      'it is assigned to already: BAD_USER_INPUT SAME_ASSIGNEE.',
  })
  assignee: string;
}

@InputType({ description: '处置 Resolve an alert (OPEN or ASSIGNED → RESOLVED) with a reason code.' })
export class ResolveWarningAlertInput extends WarningAlertChangeInput {
  @Field(() => ResolutionReason, { description: 'Why it is resolved.' })
  reason: ResolutionReason;
}

@InputType({ description: '排除 Dismiss an alert as a false positive (OPEN or ASSIGNED → DISMISSED) with a reason code.' })
export class DismissWarningAlertInput extends WarningAlertChangeInput {
  @Field(() => DismissalReason, { description: 'Why it is a false positive.' })
  reason: DismissalReason;
}

@InputType({ description: 'Run warning rules now.' })
export class RunWarningRulesInput {
  @Field(() => [WarningRuleCode], { nullable: true, description: 'The rules to run (default: every rule), each once.' })
  rules?: WarningRuleCode[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true (default): answer when the runs have ended; false: answer at once with the runs RUNNING (follow them with warningRuleRuns). A large run through the gateway should not wait: the gateway times a subgraph fetch out (SUBGRAPH_TIMEOUT_MS).' })
  wait?: boolean | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}
