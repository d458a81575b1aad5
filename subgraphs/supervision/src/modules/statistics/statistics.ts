import { defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { WarningAlert } from '../warning-alert/warning-alert.entity';
import { WarningAlertStatus, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';

/**
 * 预警统计 Counts of alerts per rule, township, status and month raised (Query.warningAlertStatistics): the counts
 * analysts get (suppressed and perturbed like every statistics table; exact for auditors), supervision officers and
 * caseworkers (their township's slice) too. Other departments' officers: FORBIDDEN (an alert count by township and rule
 * would tell them about the people of other departments). The full grid (the kit's `fullGrid`): every rule × every
 * township of the city, every year or month from 2026-01 to today's and every period asked for, a cell without alerts suppressed like a small one (0 for auditors).
 */
export const warningAlertStatistics = defineStatistics({
  name: 'warningAlert',
  records: '预警 supervision alerts',
  entity: WarningAlert,
  person: 'personId',
  departments: ['SUPERVISION'],
  // every rule x every township (x every month or year from 2026-01 to today's, and those asked for), zeros included and
  // suppressed like small cells: a suppressed cell must not tell that someone of a township has an alert, nor its period
  // (a range from the first alert to the last would). 2026-01: the first month an alert can be raised — supervision
  // (issue 10) went into service in 2026 and an alert is raised on the day a rule run finds it (raisedOn, the clock's
  // today), never back-dated. 5 rules x 14 townships x 4 statuses x 3 severities x a month (with its year) is 840
  // cells a month: that grouping is refused (TOO_MANY_CELLS) from its 24th month on; fewer dimensions are not.
  fullGrid: { since: '2026-01' },
  dimensions: {
    RULE: dim.enumOf('rule', WarningRuleCode, '规则 The warning rule.'),
    TOWNSHIP: dim.township(),
    STATUS: dim.enumOf('status', WarningAlertStatus, '处理状态 Where the alert stands.'),
    SEVERITY: dim.enumOf('severity', WarningSeverity, '严重程度 The rule\'s severity.'),
    RAISED_YEAR: dim.year('raisedOn', '发现年份 The year first raised.'),
    RAISED_MONTH: dim.month('raisedOn', '发现月份 The month first raised (YYYY-MM).'),
  },
});
