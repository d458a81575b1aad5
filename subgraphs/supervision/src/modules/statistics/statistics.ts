import { defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { WarningAlert } from '../warning-alert/warning-alert.entity';
import { WarningAlertStatus, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';

/**
 * 预警统计 Counts of alerts per rule, township, status and month raised (Query.warningAlertStatistics): the counts
 * analysts get (suppressed and perturbed like every statistics table; exact for auditors), supervision officers and
 * caseworkers (their township's slice) too. Other departments' officers: FORBIDDEN (an alert count by township and rule
 * would tell them about the people of other departments). The full grid (the kit's `fullGrid`): every rule × every
 * township of the city, every period asked for, a cell without alerts suppressed like a small one (0 for auditors).
 */
export const warningAlertStatistics = defineStatistics({
  name: 'warningAlert',
  records: '预警 supervision alerts',
  entity: WarningAlert,
  person: 'personId',
  departments: ['SUPERVISION'],
  // every rule x every township (x every month or year from the first alert to the last, and those asked for), zeros
  // included and suppressed like small cells: a suppressed cell must not tell that someone of a township has an alert
  fullGrid: true,
  dimensions: {
    RULE: dim.enumOf('rule', WarningRuleCode, '规则 The warning rule.'),
    TOWNSHIP: dim.township(),
    STATUS: dim.enumOf('status', WarningAlertStatus, '处理状态 Where the alert stands.'),
    SEVERITY: dim.enumOf('severity', WarningSeverity, '严重程度 The rule\'s severity.'),
    RAISED_YEAR: dim.year('raisedOn', '发现年份 The year first raised.'),
    RAISED_MONTH: dim.month('raisedOn', '发现月份 The month first raised (YYYY-MM).'),
  },
});
