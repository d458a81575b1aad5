import type { Finding } from '../warning-alert/warning-alert.service';
import type { WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { GatewayClient } from './gateway-client';
import type { ClassRef } from '../warning-alert/access';

/** One page a rule has read: how many rows (people, records, applications) and the findings in it. */
export interface RulePage {
  rows: number;
  findings: Finding[];
}

/** What a rule gets to run. */
export interface RuleContext {
  client: GatewayClient;
  pageSize: number;
  /** today in China (clockToday) */
  today: string;
}

/**
 * 预警规则 A warning rule: its code, name, description with the policy article, severity and the departments it
 * concerns; `run` streams its pages (an async generator: one page in memory at a time) and yields each page's findings.
 */
export interface WarningRule {
  code: WarningRuleCode;
  name: string;
  description: string;
  severity: WarningSeverity;
  departments: string[];
  /**
   * The classes every alert of the rule implies, whatever its evidence (what its code alone tells a reader: an overdue
   * application is class application); a reader outside the supervision office sees an alert only when it sees these,
   * the class of each evidence item and the classes each item's code implies (access.ts).
   */
  implies: readonly ClassRef[];
  run(ctx: RuleContext): AsyncGenerator<RulePage>;
}
