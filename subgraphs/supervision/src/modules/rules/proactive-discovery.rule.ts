import type { StoredEvidence } from '../warning-alert/warning-alert.entity';
import { EvidenceCode, WarningRuleCode, WarningSeverity } from '../warning-alert/warning-alert.enums';
import type { Finding } from '../warning-alert/warning-alert.service';
import { pages } from './gateway-client';
import { overlaps } from './dates';
import type { RuleContext, RulePage, WarningRule } from './rule';

/** Valid disability certificates of one grade, with the holder's enrolments. */
export const SEVERE_CERTIFICATES_QUERY = `query SupervisionSevereCertificates($grade: DisabilityGrade!, $first: Int!, $after: String) {
  disabilityCertificates(filter: { grade: $grade, status: VALID }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id grade issuedOn person { id status township { code } enrolments { id programme status startDate endDate } } } }
  }
}`;

/** Active people of a covered group, with their age and enrolments. */
export const ORPHANS_QUERY = `query SupervisionOrphans($first: Int!, $after: String) {
  people(filter: { coveredGroup: ORPHAN_OR_CHILD_IN_DIFFICULTY, status: ACTIVE }, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id age township { code } enrolments { id programme status startDate endDate } } }
  }
}`;

type Enrolment = { id: string; programme: string; status: string; startDate: string | null; endDate: string | null };
interface CertificateNode { id: string; grade: string; issuedOn: string | null; person: { id: string; status: string | null; township: { code: string }; enrolments: Enrolment[] | null } | null }
interface OrphanNode { id: string; age: number | null; township: { code: string }; enrolments: Enrolment[] | null }

/**
 * A grade 1-2 certificate holder, active, in a marginal household (an ACTIVE MARGINAL enrolment) without single-person
 * coverage (no ACTIVE DIBAO enrolment overlapping it): the certificate and the marginal enrolment.
 */
export function severeInMarginal(c: CertificateNode): StoredEvidence[] {
  const p = c.person;
  if (!p || (p.status && p.status !== 'ACTIVE')) return [];
  const enrolments = p.enrolments ?? [];
  const marginal = enrolments.find((e) => e.programme === 'MARGINAL' && e.status === 'ACTIVE');
  if (!marginal) return [];
  if (enrolments.some((e) => e.programme === 'DIBAO' && e.status === 'ACTIVE' && overlaps(e.startDate, e.endDate, marginal.startDate, marginal.endDate))) return [];
  if (enrolments.some((e) => e.programme === 'TEKUN' && e.status === 'ACTIVE')) return [];
  return [
    { department: 'DISABLED_PERSONS_FEDERATION', recordType: 'DisabilityCertificate', recordId: c.id, since: c.issuedOn, amountSince: null, code: EvidenceCode.SEVERE_DISABILITY, cls: 'health.disability' },
    { department: 'CIVIL_AFFAIRS', recordType: 'Enrolment', recordId: marginal.id, since: marginal.startDate, amountSince: null, code: EvidenceCode.MARGINAL_NO_SINGLE_COVERAGE, cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' },
  ];
}

/** An orphan or child in difficulty under 18 without tekun in force: the registry person (covered group). */
export function orphanWithoutTekun(p: OrphanNode): StoredEvidence[] {
  if (p.age == null || p.age >= 18) return [];
  if ((p.enrolments ?? []).some((e) => e.programme === 'TEKUN' && e.status === 'ACTIVE')) return [];
  return [{ department: 'CIVIL_AFFAIRS', recordType: 'Person', recordId: p.id, since: null, amountSince: null, code: EvidenceCode.ORPHAN_NO_TEKUN, cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' }];
}

/** (d) 主动发现 */
export const proactiveDiscoveryRule: WarningRule = {
  code: WarningRuleCode.PROACTIVE_DISCOVERY,
  name: '主动发现可能符合条件未纳入人员',
  description:
    'People likely eligible but not enrolled: a holder of a valid grade 1-2 disability certificate in a marginal household ' +
    '(低保边缘, an active MARGINAL enrolment) without single-person coverage (单人保: no DIBAO in force over it) nor tekun — ' +
    '社会救助暂行办法 第九条 and 民发〔2021〕57号 (a severely disabled member of a marginal household may be covered alone); an orphan or ' +
    'child in difficulty (ORPHAN_OR_CHILD_IN_DIFFICULTY) under 18 without tekun support (特困人员认定办法 民发〔2021〕43号: minors ' +
    'without a supporter). 胶政发〔2020〕106号: villages and townships discover people in need proactively (主动发现).',
  severity: WarningSeverity.LOW,
  departments: ['DISABLED_PERSONS_FEDERATION', 'CIVIL_AFFAIRS'],
  // the rule's name tells a severe disability (or an orphan): every alert of it is health.disability, whichever branch found it
  implies: [{ cls: 'health.disability' }, { cls: 'quasi.programme', owner: 'CIVIL_AFFAIRS' }],
  async *run(ctx: RuleContext): AsyncGenerator<RulePage> {
    const finding = (personId: string, townshipCode: string, evidence: StoredEvidence[]): Finding => ({ rule: WarningRuleCode.PROACTIVE_DISCOVERY, severity: WarningSeverity.LOW, personId, townshipCode, evidence });
    for (const grade of ['GRADE_1', 'GRADE_2'])
      for await (const certs of pages<CertificateNode, { disabilityCertificates: never }>(ctx.client, SEVERE_CERTIFICATES_QUERY, { grade }, ctx.pageSize, (d) => d.disabilityCertificates)) {
        const findings: Finding[] = [];
        for (const c of certs) {
          const ev = severeInMarginal(c);
          if (ev.length) findings.push(finding(c.person!.id, c.person!.township.code, ev));
        }
        yield { rows: certs.length, findings };
      }
    for await (const people of pages<OrphanNode, { people: never }>(ctx.client, ORPHANS_QUERY, {}, ctx.pageSize, (d) => d.people)) {
      const findings: Finding[] = [];
      for (const p of people) {
        const ev = orphanWithoutTekun(p);
        if (ev.length) findings.push(finding(p.id, p.township.code, ev));
      }
      yield { rows: people.length, findings };
    }
  },
};
