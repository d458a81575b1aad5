import type { StoredEvidence } from '../warning-alert/warning-alert.entity';
import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages, RuleRunError } from './gateway-client';
import { later, overlaps } from './dates';
import type { RuleContext, RulePage, WarningRule } from './rule';
import type { ClassRef } from '../warning-alert/access';

const query = (withNextReview: boolean) => `query SupervisionRecipients($programme: CivilAffairsProgramme!, $first: Int!, $after: String) {
  people(filter: { programme: $programme }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id township { code }
      enrolments { id programme status startDate endDate${withNextReview ? ' nextReviewDate' : ''} }
      household { id verifications(first: 1, orderBy: { field: ON, direction: DESC }) { edges { node { id on outcome } } } }
    } }
  }
}`;
/** With civil affairs' review dates (Enrolment.nextReviewDate), and the fallback for a graph without them. */
export const RECIPIENTS_QUERY = query(true);
export const RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES = query(false);

interface RecipientNode {
  id: string;
  township: { code: string };
  enrolments: { id: string; programme: string; status: string; startDate: string | null; endDate: string | null; nextReviewDate?: string | null }[] | null;
  household: { id: string; verifications: { edges: { node: { id: string; on: string; outcome: string } }[] } | null } | null;
}

/** A date plus `months` calendar months (the day clamped to the month's end). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The evidence about one recipient of `programme` (DIBAO or TEKUN) in force: the household's latest verification when it
 * found the income above the dibao standard (outcome MARGINAL or NOT_ELIGIBLE) on or after the enrolment's start; the
 * enrolment when its review is overdue — civil affairs' nextReviewDate before today, or, where the graph has no review
 * dates, 12 months after the later of the start and the latest verification.
 */
export function recipientEvidence(p: RecipientNode, programme: string, today: string): StoredEvidence[] {
  const enrolments = p.enrolments ?? [];
  const latest = p.household?.verifications?.edges[0]?.node ?? null;
  const out: StoredEvidence[] = [];
  for (const e of enrolments) {
    if (e.programme !== programme || e.status !== 'ACTIVE') continue;
    const single = e.programme === 'DIBAO' && enrolments.some((m) => m.programme === 'MARGINAL' && overlaps(e.startDate, e.endDate, m.startDate, m.endDate));
    const cls = single ? 'health.enrolment' : 'quasi.programme';
    if (latest && latest.outcome !== 'DIBAO' && (!e.startDate || latest.on >= e.startDate) && !out.some((x) => x.recordId === latest.id))
      out.push({ department: 'CIVIL_AFFAIRS', recordType: 'VerificationRun', recordId: latest.id, since: latest.on, amountSince: null, code: EvidenceCode.ABOVE_STANDARD, cls: 'income', owner: 'CIVIL_AFFAIRS' });
    const due = e.nextReviewDate !== undefined ? e.nextReviewDate : (later(e.startDate, latest?.on ?? null) ? addMonths(later(e.startDate, latest?.on ?? null)!, 12) : null);
    if (due && due < today) out.push({ department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: e.id, since: due, amountSince: null, code: EvidenceCode.REVIEW_OVERDUE, cls, owner: 'CIVIL_AFFAIRS' });
  }
  return out;
}

/**
 * health.enrolment of civil affairs when the person's DIBAO coverage is single-person (a DIBAO enrolment overlapping a
 * MARGINAL one): an alert of this rule tells that the person is a DIBAO recipient, which behind a MARGINAL category
 * (collapsed for a reader without health.enrolment) reveals a severe disability or grave illness.
 */
export function singleCoverageImplies(p: RecipientNode, programme: string): ClassRef[] {
  const enrolments = p.enrolments ?? [];
  const single = programme === 'DIBAO' && enrolments.some((e) => e.programme === 'DIBAO' && enrolments.some((m) => m.programme === 'MARGINAL' && overlaps(e.startDate, e.endDate, m.startDate, m.endDate)));
  return single ? [{ cls: 'health.enrolment', owner: 'CIVIL_AFFAIRS' }] : [];
}

/** (c) 超标准或逾期复核 */
export const aboveStandardOrReviewOverdueRule: WarningRule = {
  code: WarningRuleCode.ABOVE_STANDARD_OR_REVIEW_OVERDUE,
  name: '核对超标准或逾期未复核',
  description:
    'DIBAO and TEKUN recipients in force whose household\'s latest economic verification (家庭经济状况核对) found the income above the ' +
    'dibao standard, or whose review (复核) is overdue: yearly, every 6 months where income is irregular (civil affairs\' ' +
    'Enrolment.nextReviewDate; where the graph has none, 12 months after the later of the start and the latest verification). ' +
    '社会救助暂行办法 第十三条 (regular review; assistance reduced or ended when income rises); 最低生活保障审核确认办法 民发〔2021〕57号 ' +
    '(dynamic management). One open alert per recipient: a re-run updates its evidence (a new missed review date replaces the last).',
  severity: WarningSeverity.MEDIUM,
  departments: ['CIVIL_AFFAIRS'],
  // a DIBAO or TEKUN recipient whose income is checked; a DIBAO coverage beside a MARGINAL enrolment (single-person
  // coverage, 单人保) adds health.enrolment to the finding (singleCoverageImplies)
  implies: [{ cls: 'income', owner: 'CIVIL_AFFAIRS' }, { cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' }],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    let q = RECIPIENTS_QUERY;
    try {
      await ctx.client.query(q, { programme: 'DIBAO', first: 0, after: null });
    } catch (e) {
      // a graph whose civil affairs has no review dates yet: the fallback (validation refuses the unknown field)
      if (e instanceof RuleRunError && e.errorCodes.includes('GRAPHQL_VALIDATION_FAILED')) q = RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES;
      else throw e;
    }
    for (const programme of ['DIBAO', 'TEKUN']) {
      for await (const people of pages<RecipientNode, { people: never }>(ctx.client, q, { programme }, ctx.pageSize, (d) => d.people)) {
        const findings: Finding[] = [];
        for (const p of people) {
          const evidence = recipientEvidence(p, programme, ctx.today);
          if (evidence.length) findings.push({ rule: WarningRuleCode.ABOVE_STANDARD_OR_REVIEW_OVERDUE, severity: WarningSeverity.MEDIUM, personId: p.id, townshipCode: p.township.code, evidence, implies: singleCoverageImplies(p, programme) });
        }
        yield { rows: people.length, findings };
      }
    }
  },
};
