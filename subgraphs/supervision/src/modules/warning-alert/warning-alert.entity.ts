import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, YuanScalar, type DataClass, type Yuan } from '@aidgraph/subgraph-kit';
import {
  ALERT_CLASS, DEPARTMENT, DismissalReason, EvidenceCode, ResolutionReason, WarningAlertStatus, WarningRuleCode, WarningRuleRunStatus,
  WarningRuleTrigger, WarningSeverity,
} from './warning-alert.enums';

/** A list of strings or objects stored as JSON text (the same on SQLite and PostgreSQL). */
export const jsonColumn = {
  to: (v: unknown) => (v == null ? v : JSON.stringify(v)),
  from: (v: string | null) => (v == null ? v : JSON.parse(v)),
};

/**
 * One evidence item as stored: one department record. `cls`/`owner` are the access class of the record in its own
 * department (what a reader must see to be shown the item) and `amountCls` that of the amount where it is stricter
 * (a dibao amount is income); they are not published.
 */
export interface StoredEvidence {
  department: string;
  recordType: string;
  recordId: string;
  since: string | null;
  amountSince: string | null;
  code: EvidenceCode;
  cls: DataClass;
  owner?: string;
  amountCls?: DataClass;
  amountOwner?: string;
}

/** 证据 One department record an alert rests on (as the reader may see it). */
@ObjectType({
  description:
    '证据 One department record an alert rests on: the department, the record type and id, since when, the amount paid since and a ' +
    'code saying what it shows. An alert is shown whole or not at all (see WarningAlert): no item is ever left out; only an ' +
    'amount whose class the reader may not see (a dibao amount is income) is null for a reader outside the supervision office.',
})
@Protected({ class: ALERT_CLASS, owner: DEPARTMENT })
export class WarningEvidence {
  @Field({ description: '部门 The department code (programmes.json) that holds the record.' })
  department: string;

  @Field({ description: '记录类型 The GraphQL type of the record (Enrolment, EducationAid, DisabilitySubsidy, CharityGrant, RentSubsidy, DisasterRelief, DisabilityCertificate, VerificationRun, AssistanceApplication).' })
  recordType: string;

  @Field(() => ID, { description: 'The record\'s id in its department (look it up there, under that department\'s rules).' })
  recordId: string;

  @Field(() => String, { nullable: true, description: '起始日期 Since when (ISO date): the later of the registry status date and the record\'s start, the grant date, the review date due. Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  since: string | null;

  @Field(() => YuanScalar, {
    nullable: true,
    description:
      '此后发放金额 Amount paid since `since`, exact yuan: a monthly payment its monthly amount for each whole calendar month after the ' +
      'status month up to today (the month of death or moving is paid by right), a one-off payment its amount; null where no money ' +
      'is at stake and for a reader who may not see the amount\'s class (a dibao amount is income).',
  })
  amountSince: Yuan | null;

  @Field(() => EvidenceCode, { description: '说明 What the record shows (a code; never free text).' })
  code: EvidenceCode;
}

/**
 * 预警 One finding of a warning rule about one person, with its evidence. While an alert of a rule is OPEN or ASSIGNED it
 * is the person's finding of that rule (`openKey`, unique): a re-run updates its evidence (items added or removed,
 * amounts refreshed, lastSeenOn) and raises nothing. Once RESOLVED or DISMISSED it stays as it was; a later finding
 * raises a new alert, except that a finding citing no record beyond a DISMISSED alert's evidence is not raised again.
 * `classes` are the classes the alert implies (access.ts impliedClasses): a reader outside the supervision office sees
 * the alert only when it sees every one of them.
 */
@Protected({ class: ALERT_CLASS, owner: DEPARTMENT })
@ObjectType({
  description:
    '预警 A finding of a warning rule (胶政发〔2020〕106号 监管体系: 风险预警) about one person, with its evidence, and its handling: ' +
    'OPEN → ASSIGNED → RESOLVED (reason) or DISMISSED (false positive, reason). One open alert per rule and person: a re-run updates ' +
    'its evidence. Class supervision.alert: the supervision office\'s own record (社会救助暂行办法 第五十七条): supervision officers ' +
    'and auditors see every alert whole; any other reader (another department\'s officers the alerts naming their department, ' +
    'caseworkers and approvers their township\'s) only the alerts all of whose implied classes (its rule\'s, each evidence item\'s ' +
    'and its code\'s) it sees, whole — never with an item left out; analysts count them (warningAlertStatistics); the public site nothing.',
})
@Entity('warning_alert')
@Index('warning_alert_open_key', ['openKey'], { unique: true })
@Index('warning_alert_rule_status_idx', ['rule', 'status', 'id'])
@Index('warning_alert_township_idx', ['townshipCode', 'id'])
@Index('warning_alert_person_idx', ['personId'])
@Index('warning_alert_raised_idx', ['raisedOn', 'id'])
export class WarningAlert {
  @Field(() => ID, { description: 'Opaque identifier of the alert (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** `rule:personId` while OPEN or ASSIGNED (one open alert per rule and person), null once RESOLVED or DISMISSED: unique */
  @Column('varchar', { length: 80, nullable: true })
  openKey: string | null;

  /** sha256 (hex) of the rule, the person and the evidence's records (never amounts): kept as the evidence changes */
  @Column('varchar', { length: 64 })
  evidenceDigest: string;

  /** the classes the alert implies (refKey: `cls` or `cls@OWNER`), sorted: a reader outside the supervision office must see each */
  @Column('text', { transformer: jsonColumn })
  classes: string[];

  @Field(() => WarningRuleCode, { description: '规则 The rule that raised it.' })
  @Column('varchar', { length: 40 })
  rule: WarningRuleCode;

  @Field(() => WarningSeverity, { description: '严重程度 The rule\'s severity.' })
  @Column('varchar', { length: 8 })
  severity: WarningSeverity;

  /** the registry person (civil affairs owns the person; this is only the key) */
  @Column('uuid')
  personId: string;

  /** the person's township of registration when raised (9 digits): decides a caseworker's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  /** every department concerned (codes), as last found */
  @Column('text', { transformer: jsonColumn })
  departments: string[];

  /** the evidence items, as found */
  @Column('text', { transformer: jsonColumn })
  evidence: StoredEvidence[];

  @Field(() => WarningAlertStatus, { description: '处理状态 Where the alert stands.' })
  @Column('varchar', { length: 12 })
  status: WarningAlertStatus;

  @Field(() => String, { nullable: true, description: '经办人 The staff account (token subject) the alert is assigned to; null while OPEN.' })
  @Column('varchar', { length: 128, nullable: true })
  assignedTo: string | null;

  @Field(() => ResolutionReason, { nullable: true, description: '处置结果 Why it was resolved (RESOLVED only).' })
  @Column('varchar', { length: 32, nullable: true })
  resolutionReason: ResolutionReason | null;

  @Field(() => DismissalReason, { nullable: true, description: '排除原因 Why it was dismissed (DISMISSED only).' })
  @Column('varchar', { length: 32, nullable: true })
  dismissalReason: DismissalReason | null;

  @Field(() => String, { nullable: true, description: '备注 The note of the last assignment, resolution or dismissal (staff text; no health detail belongs here).' })
  @Column('varchar', { length: 2000, nullable: true })
  note: string | null;

  @Field(() => String, { description: '发现日期 The day a rule first raised it (ISO date, China). Class quasi.date: null for analysts.' })
  @Protected('quasi.date')
  @Column('date')
  raisedOn: string;

  @Field(() => String, { description: '最近发现 The last day a run of the rule still found it (ISO date). Class quasi.date.' })
  @Protected('quasi.date')
  @Column('date')
  lastSeenOn: string;

  /** the run that last found it */
  @Column('uuid')
  lastRunId: string;

  @Field(() => Int, { description: '版本 Optimistic version: 1 when raised, +1 on each change of its handling; pass it as expectedVersion (CONFLICT STALE_VERSION otherwise). A re-run that updates its evidence does not change it.' })
  @Column('integer')
  version: number;
}

/** 预警规则运行 One run of one rule. */
@Protected({ class: ALERT_CLASS, owner: DEPARTMENT })
@ObjectType({ description: '预警规则运行 One run of one warning rule: when, how many rows it read, how many alerts it raised or found again, how it ended.' })
@Entity('warning_rule_run')
@Index('warning_rule_run_batch_idx', ['batchId'])
@Index('warning_rule_run_rule_idx', ['rule', 'startedAt'])
@Index('warning_rule_run_trigger_idx', ['trigger', 'startedAt'])
export class WarningRuleRun {
  @Field(() => ID, { description: 'Opaque id of the run.' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, {
    description:
      '批次 The batch it belongs to: the runs started together (one runWarningRules call — its WarningRuleRunBatch.id —, one scheduled tick, ' +
      'one CLI call); the batchId of CONFLICT RULES_RUNNING names the batch holding the lease.',
  })
  @Column('uuid')
  batchId: string;

  @Field(() => WarningRuleCode, { description: '规则 The rule.' })
  @Column('varchar', { length: 40 })
  rule: WarningRuleCode;

  @Field(() => WarningRuleTrigger, { description: '触发方式 What started it.' })
  @Column('varchar', { length: 12 })
  trigger: WarningRuleTrigger;

  @Field({ description: 'Who started it: the caller\'s token subject, or `schedule` / `cli`.' })
  @Column('varchar', { length: 128 })
  startedBy: string;

  @Field({ description: '开始 When this rule\'s run started reading (ISO 8601 UTC); for a run still waiting behind an earlier rule of its batch, when it was queued.' })
  @Column('varchar', { length: 32 })
  startedAt: string;

  @Field(() => String, { nullable: true, description: '结束 When it ended (ISO 8601 UTC); null while running.' })
  @Column('varchar', { length: 32, nullable: true })
  finishedAt: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '心跳 The last sign of life of its batch (ISO 8601 UTC): renewed with the batch\'s lease at each page read and every quarter of ' +
      'SUPERVISION_RULES_LEASE while RUNNING (a run queued behind an earlier rule of its batch too); null for a run that never ran (SKIPPED). ' +
      'A RUNNING run whose heartbeat is older than the lease is INTERRUPTED (HEARTBEAT_LOST) when the next batch starts or a process starts.',
  })
  @Column('varchar', { length: 32, nullable: true })
  heartbeatAt: string | null;

  /** rows read through the gateway; published by WarningRuleRunResolver.rowsRead (auditors only) */
  @Column('integer')
  rowsRead: number;

  @Field(() => Int, { description: '新增预警 Alerts raised (new findings).' })
  @Column('integer')
  alertsRaised: number;

  @Field(() => Int, { description: '再次发现 Findings of an alert already open (its evidence and lastSeenOn updated), or already dismissed with no new record (left as it was).' })
  @Column('integer')
  alertsSeen: number;

  @Field(() => WarningRuleRunStatus, { description: '状态 How it stands or ended.' })
  @Column('varchar', { length: 12 })
  status: WarningRuleRunStatus;

  @Field(() => String, { nullable: true, description: '错误码 Why it failed, was skipped or was interrupted (FAILED: GATEWAY_UNAVAILABLE, GATEWAY_ERROR, RATE_LIMITED, INTERNAL; SKIPPED: NOT_CONFIGURED; INTERRUPTED: PROCESS_STOPPED, HEARTBEAT_LOST, LEASE_LOST): a code, never data.' })
  @Column('varchar', { length: 40, nullable: true })
  errorCode: string | null;

  /** the gateway's error codes of a FAILED run, comma-separated; published by WarningRuleRunResolver.gatewayErrorCodes */
  @Column('varchar', { length: 255, nullable: true })
  gatewayErrorCodes: string | null;
}

/** 一次运行 The runs started by one runWarningRules call. */
@Protected({ class: ALERT_CLASS, owner: DEPARTMENT })
@ObjectType({ description: '一次运行 The runs started together by one runWarningRules call (one per rule).' })
export class WarningRuleRunBatch {
  @Field(() => ID, { description: 'Opaque id of the batch.' })
  id: string;

  @Field(() => [WarningRuleRun], { description: 'One run per rule asked for, in the order asked.' })
  runs: WarningRuleRun[];
}
