import { addDays, todayInChina } from '@aidgraph/subgraph-kit';
import { legalAidSeeder } from '@aidgraph/legal-aid/dist/seed/seed';
import {
  AID_TYPE_LABELS, ELIGIBILITY_LABELS, MATTER_LABELS, OUTCOME_LABELS, PROVIDER_LABELS, REFUSAL_LABELS, STATUS_LABELS, WITHDRAWAL_LABELS,
  legalAidCaseRoster,
} from '@aidgraph/legal-aid/dist/roster/legal-aid.roster';
import { labelOf, seederRows, townshipName, type RosterSpec, type SourceRecord } from './model';

const label = <T>(labels: Record<string, T>, v: T | null | undefined) => (v === null || v === undefined ? '' : labelOf(labels, v));
const text = (v: string | null | undefined) => v ?? '';

/** The outcome and subsidy a case the corrected roster closes gets, per aid type. */
const CLOSING: Record<string, { outcome: string; subsidy: string }> = {
  CRIMINAL_DEFENCE: { outcome: 'SENTENCE_MITIGATED', subsidy: '2500.00' },
  LEGAL_DOCUMENT: { outcome: 'DOCUMENT_DELIVERED', subsidy: '150.00' },
};

/**
 * 法律援助案件花名册: the legal-aid seeder's cases of people still in the registry (an import writes only for active
 * persons), each with how far it has gone.
 */
export const legalAidCases: RosterSpec = {
  adapter: legalAidCaseRoster,
  title: '法律援助案件花名册',
  dateFields: ['appliedOn', 'decidedOn', 'assignedOn', 'closedOn', 'withdrawnOn'],
  amountFields: ['subsidy'],
  records: (pop) => (seederRows(legalAidSeeder(pop.seed), pop).get('LegalAidCase') ?? []).filter((r) => pop.persons.get(r.personId)?.status === 'ACTIVE'),
  values(r, pop) {
    const p = pop.persons.get(r.personId)!;
    return {
      name: p.name, idNumber: p.idNumber, townshipCode: townshipName(r.townshipCode), appliedOn: r.appliedOn,
      aidType: label(AID_TYPE_LABELS, r.aidType), matter: label(MATTER_LABELS, r.matter), eligibility: label(ELIGIBILITY_LABELS, r.eligibility),
      status: label(STATUS_LABELS, r.status), decidedOn: text(r.decidedOn), refusalReason: label(REFUSAL_LABELS, r.refusalReason),
      providerId: label(PROVIDER_LABELS, r.providerId), assignedOn: text(r.assignedOn), closedOn: text(r.closedOn),
      outcome: label(OUTCOME_LABELS, r.outcome), subsidy: text(r.subsidy), withdrawnOn: text(r.withdrawnOn),
      withdrawalReason: label(WITHDRAWAL_LABELS, r.withdrawalReason),
    };
  },
  requiredBlank: 'aidType',
  badLabel: { field: 'status', value: '已退回' },
  // an application dated in the future is refused by the service's own rule
  ruleBreak: (r) => ({ row: { ...r, appliedOn: addDays(todayInChina(), 60) }, detail: 'DATE_OUT_OF_RANGE' }),
  // the month's progress: every other assigned case has been closed since (its later steps run, the rest stays)
  correct: (r: SourceRecord, i) => {
    if (r.status !== 'ASSIGNED' || i % 2 === 0) return null;
    const closing = CLOSING[r.aidType] ?? { outcome: 'MEDIATED', subsidy: '1500.00' };
    return { record: { ...r, status: 'CLOSED', closedOn: addDays(r.assignedOn, 20), ...closing }, changed: ['status', 'closedOn', 'outcome', 'subsidy'] };
  },
};

/** The example rosters of legal-aid, in import order (found by tools/src/rosters/index.ts from schema/subgraphs.json). */
export const rosterSpecs: RosterSpec[] = [legalAidCases];
