import type { StoredEvidence } from '../warning-alert/warning-alert.entity';
import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages, RuleRunError } from './gateway-client';
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

/**
 * What civil affairs' payment batches paid on each DIBAO and TEKUN enrolment of some persons after a date (the months
 * whose first day is after it: Enrolment.paidSince, from the payment lines), for up to DATES_PER_REQUEST status dates
 * in one request: one aliased `peopleByIds` per date (`d0`, `d1`, ...), its ids and date as `$ids0`, `$date0`, ...
 */
export function paidSinceQuery(dates: number): string {
  const range = [...Array(dates).keys()];
  const variables = range.map((i) => `$ids${i}: [ID!]!, $date${i}: String!`).join(', ');
  const fields = range.map((i) => `d${i}: peopleByIds(ids: $ids${i}) { id enrolments { id programme paidSince(date: $date${i}) } }`).join(' ');
  return `query SupervisionPaidSince(${variables}) { ${fields} }`;
}

/** Civil affairs' monthly programmes, paid in monthly payment batches (their payments after a date are the lines'). */
const BATCHED = ['DIBAO', 'TEKUN'];
/** Ids per request, over all its dates: peopleByIds takes at most 500, and each costs its enrolments (MAX_QUERY_COST). */
const IDS_PER_REQUEST = 200;
/**
 * Status dates per request (aliases of peopleByIds): well inside the gateway's MAX_QUERY_ALIASES (30 by default); a
 * gateway set lower refuses the request TOO_MANY_ALIASES with its `max`, and the rule sends that many for the rest of
 * its run (paidSinceStatus's `limit`, kept across pages).
 */
export const DATES_PER_REQUEST = 10;

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

/** Statuses of an enrolment still paid month by month (渐退 is paid until its end). */
const IN_FORCE = ['ACTIVE', 'PHASING_OUT'];

/**
 * The DIBAO and TEKUN enrolments whose payments after their person's status date are asked (paidSinceQuery): every
 * one, whatever its status and its end date. An enrolment ended once the death was recorded (its end set to the day of
 * the death, or later) may still have been paid for the months after it by batches generated before the record: what
 * was paid is in the lines, not in the enrolment's dates.
 */
const paidSinceAsked = (p: PersonBenefits) => (p.statusDate ? (p.enrolments ?? []).filter((e) => BATCHED.includes(e.programme)) : []);

/**
 * What the payment batches paid on the DIBAO and TEKUN enrolments of `people` (paidSinceAsked) after each one's status
 * date, by enrolment id (null where civil affairs answers none: not visible to the engine), through the gateway: the
 * people grouped by status date, the groups packed into requests of at most DATES_PER_REQUEST dates and IDS_PER_REQUEST
 * ids (a date with more ids spans several requests): in the generated million, 526 dates of 711 people in some 53
 * requests instead of 526. `limit.dates`: the dates per request, lowered in place when the gateway refuses
 * TOO_MANY_ALIASES (pass the same object for every page of a run).
 */
export async function paidSinceStatus(
  client: RuleContext['client'],
  people: PersonBenefits[],
  limit: { dates: number } = { dates: DATES_PER_REQUEST },
): Promise<Map<string, string | null>> {
  const byDate = new Map<string, string[]>();
  for (const p of people) {
    if (!paidSinceAsked(p).length) continue;
    const ids = byDate.get(p.statusDate!);
    if (ids) ids.push(p.id);
    else byDate.set(p.statusDate!, [p.id]);
  }
  // (date, ids) parts of at most IDS_PER_REQUEST ids; requests of at most `limit.dates` parts and IDS_PER_REQUEST ids in all
  const parts: { date: string; ids: string[] }[] = [];
  for (const [date, ids] of byDate) for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) parts.push({ date, ids: ids.slice(i, i + IDS_PER_REQUEST) });
  type Answer = Record<string, ({ id: string; enrolments: { id: string; programme: string; paidSince: string | null }[] | null } | null)[] | null>;
  const out = new Map<string, string | null>();
  for (let next = 0; next < parts.length; ) {
    const request = [parts[next]];
    let size = parts[next].ids.length;
    while (request.length < limit.dates && next + request.length < parts.length) {
      const part = parts[next + request.length];
      if (size + part.ids.length > IDS_PER_REQUEST) break;
      request.push(part);
      size += part.ids.length;
    }
    const variables = Object.fromEntries(request.flatMap((part, i) => [[`ids${i}`, part.ids], [`date${i}`, part.date]]));
    let d: Answer;
    try {
      d = await client.query<Answer>(paidSinceQuery(request.length), variables);
    } catch (e) {
      // a gateway whose MAX_QUERY_ALIASES is lower than our dates per request: as many as it allows, from here on
      const max = e instanceof RuleRunError && e.extensions.reason === 'TOO_MANY_ALIASES' ? Number(e.extensions.max) : NaN;
      if (request.length > 1 && Number.isInteger(max) && max >= 1) {
        limit.dates = Math.min(max, request.length - 1);
        continue;
      }
      throw e;
    }
    for (let i = 0; i < request.length; i++) for (const person of d[`d${i}`] ?? []) for (const e of person?.enrolments ?? []) out.set(e.id, e.paidSince ?? null);
    next += request.length;
  }
  return out;
}

/**
 * The evidence of benefits in force or paid after a person's status date (death, moving away), one item per record:
 * a monthly payment in force (enrolment DIBAO/TEKUN/MARGINAL, disability subsidy, rent subsidy) with what it paid after
 * the status month — for DIBAO and TEKUN what civil affairs' payment batches did pay (`paid`, their lines:
 * paidSinceStatus; null when not known), for the other departments an estimate from the record's dates
 * (paidSinceMonthly) —; a one-off aid approved and unpaid (education aid), or granted or paid after the status date
 * (temporary assistance, education aid, charity grant, disaster relief) with its amount.
 */
export function benefitsAfterStatus(p: PersonBenefits, today: string, paid: ReadonlyMap<string, string | null> = new Map()): StoredEvidence[] {
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
    if (IN_FORCE.includes(e.status) && e.programme !== 'TEMPORARY')
      out.push({
        ...base, since: later(at, e.startDate),
        amountSince: BATCHED.includes(e.programme) ? (paid.get(e.id) ?? null) : e.amountPeriod === 'MONTHLY' ? paidSinceMonthly(e.amount, at, e.startDate, e.endDate, today) : null,
        code: EvidenceCode.ACTIVE_MONTHLY,
      });
    else if (BATCHED.includes(e.programme) && isPositive(paid.get(e.id)))
      // no longer in force, but a batch paid it for months after the event (the death was recorded late)
      out.push({ ...base, since: later(at, e.startDate), amountSince: paid.get(e.id)!, code: EvidenceCode.PAID_AFTER_STATUS });
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

/** True for an exact decimal amount above zero ("0.00" and null are not). */
function isPositive(amount: string | null | undefined): boolean {
  return amount != null && /[1-9]/.test(amount) && !amount.startsWith('-');
}

/** (a) 死亡/迁出仍享受待遇 */
export const deceasedOrMovedRule: WarningRule = {
  code: WarningRuleCode.DECEASED_OR_MOVED_WITH_BENEFITS,
  name: '死亡或迁出人员仍享受救助待遇',
  description:
    'Benefits in force or paid in any department for a person the registry records as deceased or moved away: one alert per ' +
    'person naming every department concerned, each record with since when and how much was paid since (monthly payments ' +
    'after the month of the event — for dibao and tekun what civil affairs\' payment batches paid, from their lines, also on an ' +
    'enrolment ended since (PAID_AFTER_STATUS) —, one-off ' +
    'payments after its date). 社会救助暂行办法 第十三条 (assistance ends when the ' +
    'conditions no longer hold) and 第六十八条 (obtaining assistance by fraud); 胶政发〔2020〕106号 监管体系: 风险预警.',
  severity: WarningSeverity.HIGH,
  departments: ['CIVIL_AFFAIRS', 'EDUCATION', 'DISABLED_PERSONS_FEDERATION', 'HOUSING', 'CHARITY_FEDERATION', 'EMERGENCY_MANAGEMENT'],
  // a benefit after a registry status date: the classes are those of the benefits cited (each item's)
  implies: [],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    // the dates per paidSince request, lowered once for the whole run when the gateway allows fewer aliases
    const aliases = { dates: DATES_PER_REQUEST };
    for (const status of ['DECEASED', 'MOVED_AWAY']) {
      for await (const people of pages<PersonBenefits, { people: never }>(ctx.client, DECEASED_OR_MOVED_QUERY, { status }, ctx.pageSize, (d) => d.people)) {
        const findings: Finding[] = [];
        const paid = await paidSinceStatus(ctx.client, people, aliases);
        for (const p of people) {
          const evidence = benefitsAfterStatus(p, ctx.today, paid);
          if (evidence.length) findings.push({ rule: this.code, severity: this.severity, personId: p.id, townshipCode: p.township.code, evidence });
        }
        yield { rows: people.length, findings };
      }
    }
  },
};

