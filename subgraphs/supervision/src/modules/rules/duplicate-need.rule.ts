import type { StoredEvidence } from '../warning-alert/warning-alert.entity';
import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages } from './gateway-client';
import { monthOf, overlaps } from './dates';
import type { RuleContext, RulePage, WarningRule } from './rule';

/** Charity grants to persons, with the person's civil-affairs enrolments (the grant's month against temporary assistance). */
export const GRANTS_QUERY = `query SupervisionCharityGrants($first: Int!, $after: String) {
  charityGrants(filter: { status: GRANTED, recipientKind: PERSON }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id amount grantedOn person { id township { code } enrolments { id programme status startDate endDate amount } } } }
  }
}`;

/** Disability living subsidies in force, with the person's enrolments (tekun support overlapping them). */
export const LIVING_SUBSIDIES_QUERY = `query SupervisionLivingSubsidies($first: Int!, $after: String) {
  disabilitySubsidies(filter: { kind: LIVING, status: ACTIVE }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id monthlyAmount startDate endDate person { id township { code } enrolments { id programme status startDate endDate } } } }
  }
}`;

type Enrolment = { id: string; programme: string; status: string; startDate: string | null; endDate: string | null; amount?: string | null };
interface GrantNode { id: string; amount: string; grantedOn: string | null; person: { id: string; township: { code: string }; enrolments: Enrolment[] | null } | null }
interface SubsidyNode { id: string; monthlyAmount: string; startDate: string | null; endDate: string | null; person: { id: string; township: { code: string }; enrolments: Enrolment[] | null } | null }

/** A charity grant and each temporary assistance (临时救助) of the same person granted in the same month: one finding per pair. */
export function sameMonthGrants(g: GrantNode): StoredEvidence[][] {
  if (!g.person || !g.grantedOn) return [];
  return (g.person.enrolments ?? [])
    .filter((e) => e.programme === 'TEMPORARY' && e.startDate && monthOf(e.startDate) === monthOf(g.grantedOn!))
    .map((e) => [
      { department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: e.id, since: e.startDate, amountSince: e.amount ?? null, code: EvidenceCode.SAME_MONTH_GRANT, cls: 'health.enrolment', owner: 'CIVIL_AFFAIRS', amountCls: 'income', amountOwner: 'CIVIL_AFFAIRS' },
      { department: 'CHARITY_FEDERATION', recordType: 'CharityGrant', recordId: g.id, since: g.grantedOn, amountSince: g.amount, code: EvidenceCode.SAME_MONTH_GRANT, cls: 'health.charity' },
    ]);
}

/** A disability living subsidy and each tekun support of the person whose period overlaps it (国发〔2015〕52号). */
export function overlappingLiving(s: SubsidyNode): StoredEvidence[][] {
  if (!s.person) return [];
  return (s.person.enrolments ?? [])
    .filter((e) => e.programme === 'TEKUN' && e.status !== 'ENDED' && overlaps(s.startDate, s.endDate, e.startDate, e.endDate))
    .map((e) => [
      { department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: e.id, since: e.startDate, amountSince: null, code: EvidenceCode.OVERLAPPING_SUBSIDY, cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' },
      { department: 'DISABLED_PERSONS_FEDERATION', recordType: 'DisabilitySubsidy', recordId: s.id, since: s.startDate, amountSince: null, code: EvidenceCode.OVERLAPPING_SUBSIDY, cls: 'health.disability' },
    ]);
}

/** (b) 重复救助 */
export const duplicateNeedRule: WarningRule = {
  code: WarningRuleCode.DUPLICATE_NEED,
  name: '同一需求重复救助',
  description:
    'The same need paid twice: a charity grant to a person in the same month as a temporary assistance (临时救助) of that person; a ' +
    'disability living subsidy (困难残疾人生活补贴) in force over a period of tekun support (特困人员救助供养), which already covers ' +
    'living costs (国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见 国发〔2015〕52号). One open alert per person (every pair found its evidence). ' +
    '社会救助暂行办法 第十三条; 胶政发〔2020〕106号 监管体系: 风险预警. Household grants are not compared (a grant to a household names no person).',
  severity: WarningSeverity.MEDIUM,
  departments: ['CIVIL_AFFAIRS', 'CHARITY_FEDERATION', 'DISABLED_PERSONS_FEDERATION'],
  // each pair has a civil-affairs side (temporary assistance, tekun); the codes imply the classes of both sides
  implies: [{ cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' }],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    const finding = (personId: string, townshipCode: string, evidence: StoredEvidence[]): Finding => ({ rule: WarningRuleCode.DUPLICATE_NEED, severity: WarningSeverity.MEDIUM, personId, townshipCode, evidence });
    for await (const grants of pages<GrantNode, { charityGrants: never }>(ctx.client, GRANTS_QUERY, {}, ctx.pageSize, (d) => d.charityGrants))
      yield { rows: grants.length, findings: grants.flatMap((g) => sameMonthGrants(g).map((ev) => finding(g.person!.id, g.person!.township.code, ev))) };
    for await (const subsidies of pages<SubsidyNode, { disabilitySubsidies: never }>(ctx.client, LIVING_SUBSIDIES_QUERY, {}, ctx.pageSize, (d) => d.disabilitySubsidies))
      yield { rows: subsidies.length, findings: subsidies.flatMap((s) => overlappingLiving(s).map((ev) => finding(s.person!.id, s.person!.township.code, ev))) };
  },
};
