import { deceasedOrMovedRule } from './deceased-or-moved.rule';
import { duplicateNeedRule } from './duplicate-need.rule';
import { aboveStandardOrReviewOverdueRule } from './above-standard-or-review-overdue.rule';
import { proactiveDiscoveryRule } from './proactive-discovery.rule';
import { applicationOverdueRule } from './application-overdue.rule';
import type { WarningRule } from './rule';
import type { WarningRuleCode } from '../warning-alert/warning-alert.enums';

/** Every warning rule, one file each, in the order a run of all takes them. */
export const RULES: readonly WarningRule[] = [deceasedOrMovedRule, duplicateNeedRule, aboveStandardOrReviewOverdueRule, proactiveDiscoveryRule, applicationOverdueRule];

export function ruleOf(code: WarningRuleCode): WarningRule {
  const r = RULES.find((x) => x.code === code);
  if (!r) throw new Error(`no rule ${code}`);
  return r;
}
