import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records (市社会救助监管; programmes.json `departments`). */
export const DEPARTMENT = 'SUPERVISION';
/** The class of an alert (subgraphs/kit/src/access/classification.ts). */
export const ALERT_CLASS = 'supervision.alert' as const;

/** 预警规则 The warning rules (one file each under src/modules/rules/). */
export enum WarningRuleCode {
  DECEASED_OR_MOVED_WITH_BENEFITS = 'DECEASED_OR_MOVED_WITH_BENEFITS',
  DUPLICATE_NEED = 'DUPLICATE_NEED',
  ABOVE_STANDARD_OR_REVIEW_OVERDUE = 'ABOVE_STANDARD_OR_REVIEW_OVERDUE',
  PROACTIVE_DISCOVERY = 'PROACTIVE_DISCOVERY',
  APPLICATION_OVERDUE = 'APPLICATION_OVERDUE',
}
registerEnumType(WarningRuleCode, {
  name: 'WarningRuleCode',
  description: '预警规则 A warning rule of the supervision chapter (胶政发〔2020〕106号 监管体系: 风险预警, 主动发现). See the README\'s rules table.',
  valuesConfig: {
    DECEASED_OR_MOVED_WITH_BENEFITS: { description: '死亡/迁出仍享受待遇 Active benefits or payments in any department for a person deceased or moved away (社会救助暂行办法 第十三条: 终止).' },
    DUPLICATE_NEED: { description: '重复救助 The same need paid twice: temporary assistance and a charity grant in the same month; two living subsidies overlapping.' },
    ABOVE_STANDARD_OR_REVIEW_OVERDUE: { description: '超标准/逾期复核 Latest household verification above the dibao standard, or the review (复核) overdue (社会救助暂行办法 第十三条; 民发〔2021〕57号).' },
    PROACTIVE_DISCOVERY: { description: '主动发现 Likely eligible but not enrolled: a grade 1-2 disability in a marginal household without single-person coverage; an orphan under 18 without tekun (胶政发〔2020〕106号 主动发现).' },
    APPLICATION_OVERDUE: { description: '申请超时 An application past its time limit (the one window\'s overdue list; 20 working days, 30 in special cases).' },
  },
});

/** 严重程度 Severity of an alert. */
export enum WarningSeverity {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(WarningSeverity, {
  name: 'WarningSeverity',
  description: '严重程度 Severity of a warning rule: HIGH (money paid wrongly now), MEDIUM (a check is due), LOW (a lead to follow).',
  valuesConfig: {
    HIGH: { description: '高 money is likely being paid wrongly' },
    MEDIUM: { description: '中 a check or review is due' },
    LOW: { description: '低 a lead (proactive discovery)' },
  },
});

/** 处理状态 The lifecycle of an alert. */
export enum WarningAlertStatus {
  OPEN = 'OPEN',
  ASSIGNED = 'ASSIGNED',
  RESOLVED = 'RESOLVED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(WarningAlertStatus, {
  name: 'WarningAlertStatus',
  description: '处理状态 OPEN → ASSIGNED → RESOLVED (with a reason) or DISMISSED (a false positive, with a reason); OPEN may be resolved or dismissed directly. RESOLVED and DISMISSED are final.',
  valuesConfig: {
    OPEN: { description: '待处理 raised by a rule, nobody assigned' },
    ASSIGNED: { description: '已分派 assigned to a staff member (token subject)' },
    RESOLVED: { description: '已处置 handled, with a reason code' },
    DISMISSED: { description: '已排除 a false positive, with a reason code' },
  },
});

/** 处置结果 Why an alert was resolved. */
export enum ResolutionReason {
  BENEFIT_STOPPED = 'BENEFIT_STOPPED',
  FUNDS_RECOVERED = 'FUNDS_RECOVERED',
  RECORD_CORRECTED = 'RECORD_CORRECTED',
  REVIEWED = 'REVIEWED',
  ENROLLED = 'ENROLLED',
  APPLICATION_COMPLETED = 'APPLICATION_COMPLETED',
  REFERRED = 'REFERRED',
  OTHER = 'OTHER',
}
registerEnumType(ResolutionReason, {
  name: 'AlertResolutionReason',
  description: '处置结果 Why an alert was resolved (a code; details in the note, which carries no health detail).',
  valuesConfig: {
    BENEFIT_STOPPED: { description: '停发 the benefit was stopped' },
    FUNDS_RECOVERED: { description: '追回 money paid wrongly was recovered' },
    RECORD_CORRECTED: { description: '更正 a department corrected its record' },
    REVIEWED: { description: '已复核 the review was carried out' },
    ENROLLED: { description: '已纳入 the person was enrolled (proactive discovery)' },
    APPLICATION_COMPLETED: { description: '已办结 the application was decided' },
    REFERRED: { description: '移交 referred to another authority (e.g. fraud to the credit records)' },
    OTHER: { description: '其他 other (see the note)' },
  },
});

/** 排除原因 Why an alert was dismissed as a false positive. */
export enum DismissalReason {
  DATA_ERROR = 'DATA_ERROR',
  LEGITIMATE = 'LEGITIMATE',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  DECLINED = 'DECLINED',
  OTHER = 'OTHER',
}
registerEnumType(DismissalReason, {
  name: 'AlertDismissalReason',
  description: '排除原因 Why an alert was dismissed as a false positive.',
  valuesConfig: {
    DATA_ERROR: { description: '数据错误 the data the rule read was wrong' },
    LEGITIMATE: { description: '合规 the situation is allowed by policy (e.g. the last month\'s payment after a death)' },
    NOT_ELIGIBLE: { description: '不符合条件 proactive discovery: the person is not eligible after all' },
    DECLINED: { description: '本人拒绝 the person declined assistance' },
    OTHER: { description: '其他 other (see the note)' },
  },
});

/** 证据说明 What an evidence item shows (a code: never free text, which could carry health details). */
export enum EvidenceCode {
  ACTIVE_MONTHLY = 'ACTIVE_MONTHLY',
  APPROVED_UNPAID = 'APPROVED_UNPAID',
  PAID_AFTER_STATUS = 'PAID_AFTER_STATUS',
  GRANTED_AFTER_STATUS = 'GRANTED_AFTER_STATUS',
  SAME_MONTH_GRANT = 'SAME_MONTH_GRANT',
  OVERLAPPING_SUBSIDY = 'OVERLAPPING_SUBSIDY',
  ABOVE_STANDARD = 'ABOVE_STANDARD',
  REVIEW_OVERDUE = 'REVIEW_OVERDUE',
  SEVERE_DISABILITY = 'SEVERE_DISABILITY',
  MARGINAL_NO_SINGLE_COVERAGE = 'MARGINAL_NO_SINGLE_COVERAGE',
  ORPHAN_NO_TEKUN = 'ORPHAN_NO_TEKUN',
  APPLICATION_PAST_LIMIT = 'APPLICATION_PAST_LIMIT',
}
registerEnumType(EvidenceCode, {
  name: 'WarningEvidenceCode',
  description: '证据说明 What an evidence item shows, as a code (never free text).',
  valuesConfig: {
    ACTIVE_MONTHLY: { description: '仍在发放 a monthly payment still in force after the registry status date' },
    APPROVED_UNPAID: { description: '已批未付 a one-off aid approved and not yet paid (payable to a person deceased or moved away)' },
    PAID_AFTER_STATUS: { description: '事后支付 a payment made after the registry status date: a one-off payment, or monthly payment-batch lines for the months after it on an enrolment no longer in force (dibao, tekun)' },
    GRANTED_AFTER_STATUS: { description: '事后给付 a grant made after the registry status date' },
    SAME_MONTH_GRANT: { description: '同月重复救助 a one-off grant in the same month as another for the same need' },
    OVERLAPPING_SUBSIDY: { description: '生活补贴重叠 a living subsidy whose period overlaps another living subsidy' },
    ABOVE_STANDARD: { description: '收入超标 the latest household verification found the income above the dibao standard' },
    REVIEW_OVERDUE: { description: '复核逾期 the review date of the enrolment has passed' },
    SEVERE_DISABILITY: { description: '重度残疾 a valid grade 1-2 disability certificate' },
    MARGINAL_NO_SINGLE_COVERAGE: { description: '边缘家庭未单人保 an active marginal-household enrolment without single-person coverage' },
    ORPHAN_NO_TEKUN: { description: '孤儿未纳入特困 a registered orphan or child in difficulty under 18 without tekun' },
    APPLICATION_PAST_LIMIT: { description: '办理超时 an application past its time limit' },
  },
});

/** 运行状态 The state of a rule run. */
export enum WarningRuleRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
  INTERRUPTED = 'INTERRUPTED',
}
registerEnumType(WarningRuleRunStatus, {
  name: 'WarningRuleRunStatus',
  description: '运行状态 The state of one rule run.',
  valuesConfig: {
    RUNNING: { description: '运行中 running (or queued behind an earlier rule of its batch), under its batch\'s lease' },
    SUCCEEDED: { description: '成功 finished; every page was read' },
    FAILED: { description: '失败 stopped by an error (errorCode); alerts raised before it are kept' },
    SKIPPED: { description: '跳过 not run: the rules are not configured (SUPERVISION_GATEWAY_URL / SUPERVISION_TOKEN unset)' },
    INTERRUPTED: {
      description:
        '中断 stopped before its end by its process, not by an error of the rule: the process stopped (PROCESS_STOPPED, at a graceful shutdown), ' +
        'it stopped without a word and its heartbeat grew older than the lease (HEARTBEAT_LOST, marked when the next batch or a process starts), ' +
        'or its batch lost the lease (LEASE_LOST); finishedAt is when it was marked; alerts of the pages stored before are kept; run the rules again',
    },
  },
});

/** 触发方式 What started a run. */
export enum WarningRuleTrigger {
  MUTATION = 'MUTATION',
  SCHEDULE = 'SCHEDULE',
  CLI = 'CLI',
}
registerEnumType(WarningRuleTrigger, {
  name: 'WarningRuleTrigger',
  description: '触发方式 What started a run: runWarningRules, the schedule (SUPERVISION_RULES_INTERVAL) or `npm run rules`.',
  valuesConfig: {
    MUTATION: { description: 'runWarningRules, by a supervision officer' },
    SCHEDULE: { description: 'the schedule (SUPERVISION_RULES_INTERVAL)' },
    CLI: { description: '`npm run rules` (or the benchmark)' },
  },
});
