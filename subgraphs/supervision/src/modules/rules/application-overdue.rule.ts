import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages } from './gateway-client';
import type { RuleContext, RulePage, WarningRule } from './rule';

/** The one window's overdue list (service-centre), with the applicant. */
export const OVERDUE_QUERY = `query SupervisionOverdueApplications($first: Int!, $after: String) {
  overdueApplications(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id step dueOn township { code } applicant { id } } }
  }
}`;

interface OverdueNode { id: string; step: string; dueOn: string | null; township: { code: string } | null; applicant: { id: string } | null }

/** (e) 申请超时 */
export const applicationOverdueRule: WarningRule = {
  code: WarningRuleCode.APPLICATION_OVERDUE,
  name: '申请超过办理时限',
  description:
    'Applications past their time limit, as the one window\'s overdue list (service-centre overdueApplications) counts them: the ' +
    'whole process within 20 working days, 30 in special cases, and each step\'s own limit (Qingdao\'s rules under 社会救助暂行办法 ' +
    '第十一条; 胶政发〔2020〕106号 一窗受理、一次办好). One open alert per applicant (its overdue applications its evidence), naming the service centre.',
  severity: WarningSeverity.MEDIUM,
  departments: ['SOCIAL_ASSISTANCE_CENTRE'],
  implies: [{ cls: 'application', owner: 'SOCIAL_ASSISTANCE_CENTRE' }],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    for await (const apps of pages<OverdueNode, { overdueApplications: never }>(ctx.client, OVERDUE_QUERY, {}, ctx.pageSize, (d) => d.overdueApplications)) {
      const findings: Finding[] = apps
        .filter((a) => a.applicant && a.township)
        .map((a) => ({
          rule: WarningRuleCode.APPLICATION_OVERDUE, severity: WarningSeverity.MEDIUM, personId: a.applicant!.id, townshipCode: a.township!.code,
          evidence: [{ department: 'SOCIAL_ASSISTANCE_CENTRE', recordType: 'AssistanceApplication', recordId: a.id, since: a.dueOn, amountSince: null, code: EvidenceCode.APPLICATION_PAST_LIMIT, cls: 'application', owner: 'SOCIAL_ASSISTANCE_CENTRE' }],
        }));
      yield { rows: apps.length, findings };
    }
  },
};
