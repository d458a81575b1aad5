import type { StoredEvidence } from '../warning-alert/warning-alert.entity';
import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages } from './gateway-client';
import { later, overlaps, paidSinceMonthly } from './dates';
import type { RuleContext, RulePage, WarningRule } from './rule';

/** The page query: people of one registry status with every department's benefits (one gateway request per page). */
export const DECEASED_OR_MOVED_QUERY = `query SupervisionDeceasedOrMoved($status: PersonStatus!, $first: Int!, $after: String) {
  people(filter: { status: $status }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status statusDate township { code }
      enrolments { id programme status startDate endDate amount amountPeriod }
      educationAids { id status amount approvedOn }
      disabilitySubsidies { id status monthlyAmount startDate endDate }
      charityGrants { id status amount grantedOn }
      disasterReliefs { id status amount grantedOn }
      housingAssistance { rentSubsidies { id status monthlyAmount startMonth endMonth } }
    } }
  }
}`;

export interface PersonBenefits {
  id: string;
  status: string;
  statusDate: string | null;
  township: { code: string };
  enrolments: { id: string; programme: string; status: string; startDate: string | null; endDate: string | null; amount: string | null; amountPeriod: string }[] | null;
  educationAids: { id: string; status: string; amount: string; approvedOn: string | null }[] | null;
  disabilitySubsidies: { id: string; status: string; monthlyAmount: string; startDate: string | null; endDate: string | null }[] | null;
  charityGrants: { id: string; status: string; amount: string; grantedOn: string | null }[] | null;
  disasterReliefs: { id: string; status: string; amount: string; grantedOn: string | null }[] | null;
  housingAssistance: { rentSubsidies: { id: string; status: string; monthlyAmount: string; startMonth: string | null; endMonth: string | null }[] } | null;
}

/**
 * The evidence of benefits in force or paid after a person's status date (death, moving away), one item per record:
 * a monthly payment in force (enrolment DIBAO/TEKUN/MARGINAL, disability subsidy, rent subsidy) with what it paid after
 * the status month; a one-off aid approved and unpaid (education aid), or granted or paid after the status date
 * (temporary assistance, education aid, charity grant, disaster relief) with its amount.
 */
export function benefitsAfterStatus(p: PersonBenefits, today: string): StoredEvidence[] {
  const at = p.statusDate;
  if (!at) return [];
  const out: StoredEvidence[] = [];
  const enrolments = p.enrolments ?? [];
  // single-person coverage (a DIBAO enrolment overlapping a MARGINAL one) reveals a severe disability or grave illness
  const singleCoverage = (e: { id: string; startDate: string | null; endDate: string | null }) =>
    enrolments.some((m) => m.programme === 'MARGINAL' && m.id !== e.id && overlaps(e.startDate, e.endDate, m.startDate, m.endDate));
  for (const e of enrolments) {
    const cls = e.programme === 'TEMPORARY' || (e.programme === 'DIBAO' && singleCoverage(e)) ? 'health.enrolment' : 'quasi.programme';
    const base = { department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: e.id, cls, owner: 'CIVIL_AFFAIRS', amountCls: 'income', amountOwner: 'CIVIL_AFFAIRS' } as const;
    if (e.status === 'ACTIVE' && e.programme !== 'TEMPORARY')
      out.push({ ...base, since: later(at, e.startDate), amountSince: e.amountPeriod === 'MONTHLY' ? paidSinceMonthly(e.amount, at, e.startDate, e.endDate, today) : null, code: EvidenceCode.ACTIVE_MONTHLY });
    else if (e.programme === 'TEMPORARY' && e.status !== 'ENDED' && e.startDate && e.startDate > at)
      out.push({ ...base, since: e.startDate, amountSince: e.amount, code: EvidenceCode.GRANTED_AFTER_STATUS });
  }
  for (const a of p.educationAids ?? []) {
    const base = { department: 'EDUCATION', recordType: 'EducationAid', recordId: a.id, cls: 'quasi.programme' } as const;
    if (a.status === 'APPROVED') out.push({ ...base, since: later(at, a.approvedOn), amountSince: a.amount, code: EvidenceCode.APPROVED_UNPAID });
    else if (a.status === 'PAID' && a.approvedOn && a.approvedOn > at) out.push({ ...base, since: a.approvedOn, amountSince: a.amount, code: EvidenceCode.PAID_AFTER_STATUS });
  }
  for (const s of p.disabilitySubsidies ?? [])
    if (s.status === 'ACTIVE')
      out.push({
        department: 'DISABLED_PERSONS_FEDERATION', recordType: 'DisabilitySubsidy', recordId: s.id, cls: 'health.disability',
        since: later(at, s.startDate), amountSince: paidSinceMonthly(s.monthlyAmount, at, s.startDate, s.endDate, today), code: EvidenceCode.ACTIVE_MONTHLY,
      });
  for (const r of p.housingAssistance?.rentSubsidies ?? [])
    if (r.status === 'ACTIVE')
      out.push({
        department: 'HOUSING', recordType: 'RentSubsidy', recordId: r.id, cls: 'quasi.programme',
        since: later(at, r.startMonth ? `${r.startMonth}-01` : null), amountSince: paidSinceMonthly(r.monthlyAmount, at, r.startMonth ? `${r.startMonth}-01` : null, r.endMonth ? `${r.endMonth}-01` : null, today),
        code: EvidenceCode.ACTIVE_MONTHLY,
      });
  for (const g of p.charityGrants ?? [])
    if (g.status === 'GRANTED' && g.grantedOn && g.grantedOn > at)
      out.push({ department: 'CHARITY_FEDERATION', recordType: 'CharityGrant', recordId: g.id, cls: 'health.charity', since: g.grantedOn, amountSince: g.amount, code: EvidenceCode.GRANTED_AFTER_STATUS });
  for (const d of p.disasterReliefs ?? [])
    if (d.status !== 'REVOKED' && d.grantedOn && d.grantedOn > at)
      out.push({
        department: 'EMERGENCY_MANAGEMENT', recordType: 'DisasterRelief', recordId: d.id, cls: 'quasi.programme', owner: 'EMERGENCY_MANAGEMENT',
        since: d.grantedOn, amountSince: d.amount, code: EvidenceCode.GRANTED_AFTER_STATUS,
      });
  return out;
}

/** (a) 死亡/迁出仍享受待遇 */
export const deceasedOrMovedRule: WarningRule = {
  code: WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS,
  name: '死亡或迁出人员仍享受救助待遇',
  description:
    'Benefits in force or paid in any department for a person the registry records as deceased or moved away: one alert per ' +
    'person naming every department concerned, each record with since when and how much was paid since (monthly payments ' +
    'after the month of the event, one-off payments after its date). 社会救助暂行办法 第十三条 (assistance ends when the ' +
    'conditions no longer hold) and 第六十八条 (obtaining assistance by fraud); 胶政发〔2020〕106号 监管体系: 风险预警.',
  severity: WarningSeverity.HIGH,
  departments: ['CIVIL_AFFAIRS', 'EDUCATION', 'DISABLED_PERSONS_FEDERATION', 'HOUSING', 'CHARITY_FEDERATION', 'EMERGENCY_MANAGEMENT'],
  // a benefit after a registry status date: the classes are those of the benefits cited (each item's)
  implies: [],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    for (const status of ['DECEASED', 'MOVED_AWAY']) {
      for await (const people of pages<PersonBenefits, { people: never }>(ctx.client, DECEASED_OR_MOVED_QUERY, { status }, ctx.pageSize, (d) => d.people)) {
        const findings: Finding[] = [];
        for (const p of people) {
          const evidence = benefitsAfterStatus(p, ctx.today);
          if (evidence.length) findings.push({ rule: this.code, severity: this.severity, personId: p.id, townshipCode: p.township.code, evidence });
        }
        yield { rows: people.length, findings };
      }
    }
  },
};

