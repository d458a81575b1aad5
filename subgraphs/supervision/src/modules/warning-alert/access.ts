import { badInput, forbidden, inScope, outcomeFor, seesClass, DEPARTMENTS, type DataClass, type Identity } from '@aidgraph/subgraph-kit';
import type { StoredEvidence, WarningAlert } from './warning-alert.entity';
import { ALERT_CLASS, DEPARTMENT, EvidenceCode } from './warning-alert.enums';

/** An access class with the department that owns it where its outcome depends on the owner (e.g. income of CIVIL_AFFAIRS). */
export interface ClassRef {
  cls: DataClass;
  owner?: string;
}

/** A class as stored in WarningAlert.classes: `cls` or `cls@OWNER`. */
export const refKey = (r: ClassRef): string => (r.owner ? `${r.cls}@${r.owner}` : r.cls);

const CA = 'CIVIL_AFFAIRS';

/**
 * Every class an alert may imply (WarningAlert.classes holds only these). The list filter hides a row from a reader that
 * does not see one of them, one `NOT LIKE` per class the reader does not see, so the set is closed: storing an alert
 * with a class outside it fails (a rule that starts citing a new class must add it here).
 */
export const ALERT_CLASS_REFS: readonly ClassRef[] = [
  { cls: 'quasi.programme' },
  { cls: 'quasi.programme', owner: CA },
  { cls: 'quasi.programme', owner: 'EMERGENCY_MANAGEMENT' },
  { cls: 'health.enrolment', owner: CA },
  { cls: 'income', owner: CA },
  { cls: 'health.disability' },
  { cls: 'health.charity' },
  { cls: 'application', owner: 'SOCIAL_ASSISTANCE_CENTRE' },
];
const KNOWN_REFS = new Set(ALERT_CLASS_REFS.map(refKey));

/**
 * The classes an evidence code implies beyond the class of its own item: what a reader learns from the code alone
 * (MARGINAL_NO_SINGLE_COVERAGE is only ever found beside a grade 1-2 disability certificate; SAME_MONTH_GRANT on the
 * temporary assistance names a charity grant, on the grant a temporary assistance; OVERLAPPING_SUBSIDY on the tekun
 * enrolment names a disability living subsidy and on the subsidy a tekun support; ABOVE_STANDARD is a verification's
 * income finding).
 */
export const CODE_IMPLIES: Record<EvidenceCode, readonly ClassRef[]> = {
  [EvidenceCode.ACTIVE_MONTHLY]: [],
  [EvidenceCode.APPROVED_UNPAID]: [],
  [EvidenceCode.PAID_AFTER_STATUS]: [],
  [EvidenceCode.GRANTED_AFTER_STATUS]: [],
  [EvidenceCode.SAME_MONTH_GRANT]: [{ cls: 'health.enrolment', owner: CA }, { cls: 'health.charity' }],
  [EvidenceCode.OVERLAPPING_SUBSIDY]: [{ cls: 'quasi.programme', owner: CA }, { cls: 'health.disability' }],
  [EvidenceCode.ABOVE_STANDARD]: [{ cls: 'income', owner: CA }, { cls: 'quasi.programme', owner: CA }],
  [EvidenceCode.REVIEW_OVERDUE]: [{ cls: 'quasi.programme', owner: CA }],
  [EvidenceCode.SEVERE_DISABILITY]: [{ cls: 'health.disability' }],
  [EvidenceCode.MARGINAL_NO_SINGLE_COVERAGE]: [{ cls: 'health.disability' }, { cls: 'quasi.programme', owner: CA }],
  [EvidenceCode.ORPHAN_NO_TEKUN]: [{ cls: 'quasi.programme', owner: CA }],
  [EvidenceCode.APPLICATION_PAST_LIMIT]: [{ cls: 'application', owner: 'SOCIAL_ASSISTANCE_CENTRE' }],
};

/**
 * The classes an alert implies, sorted, each once: those its rule implies (WarningRule.implies), those the finding adds
 * (single-person coverage behind a MARGINAL category), the class of every evidence item and those its code implies.
 * An amount's own class (amountCls) is not among them: an amount is nulled for a reader who may not see it.
 */
export function impliedClasses(ruleImplies: readonly ClassRef[], evidence: StoredEvidence[], extra: readonly ClassRef[] = []): string[] {
  const refs = [...ruleImplies, ...extra, ...evidence.flatMap((e) => [{ cls: e.cls, owner: e.owner }, ...CODE_IMPLIES[e.code]])];
  const keys = [...new Set(refs.map(refKey))].sort();
  for (const k of keys) if (!KNOWN_REFS.has(k)) throw new Error(`an alert implies a class outside ALERT_CLASS_REFS: ${k}`);
  return keys;
}

/**
 * The supervision office's readers: its own officers and the auditors. The alert is the office's record, made for its
 * legal duty (社会救助暂行办法 第五十七条; 胶政发〔2020〕106号 风险预警): they see every alert whole.
 */
export function isSupervisionReader(identity: Identity): boolean {
  return identity.role === 'auditor' || (identity.role === 'department_officer' && identity.department === DEPARTMENT);
}

/** The stored classes (refKey) the identity does not see: an alert implying any of them is not in the identity's rows. */
export function hiddenClasses(identity: Identity): string[] {
  if (isSupervisionReader(identity)) return [];
  return ALERT_CLASS_REFS.filter((r) => !seesClass(identity, r.cls, { owner: r.owner })).map(refKey);
}

/**
 * True when the identity sees the alert (the rows of warningAlerts; a lookup answers null otherwise): supervision
 * officers and auditors every alert; every other reader in its scope (another department's officer only the alerts
 * naming its department) only when it sees every class the alert implies — whole, or not at all.
 */
export function mayReadAlert(identity: Identity, alert: Pick<WarningAlert, 'townshipCode' | 'departments' | 'classes'>): boolean {
  if (identity.role === 'analyst' || identity.role === 'public') return false;
  if (isSupervisionReader(identity)) return true;
  if (!inScope(identity, alert.townshipCode)) return false;
  if (identity.role === 'department_officer' && !alert.departments.includes(identity.department ?? '')) return false;
  if (outcomeFor(identity, ALERT_CLASS, { owner: DEPARTMENT }) !== 'value') return false;
  const hidden = new Set(hiddenClasses(identity));
  return alert.classes.every((c) => !hidden.has(c));
}

/** FORBIDDEN unless the identity may read alert rows (a bare count is checked by the list itself). */
export function assertMayReadAlerts(identity: Identity): void {
  const o = outcomeFor(identity, ALERT_CLASS, { owner: DEPARTMENT });
  if (o === 'FORBIDDEN') throw forbidden('supervision alerts are not shown to your role');
}

/**
 * The evidence as the identity reads it: every item (a reader who may read the alert sees every class it implies), each
 * amount nulled where the reader may not see the amount's class (a dibao amount is income) — supervision officers and
 * auditors see every amount.
 */
export function visibleEvidence(identity: Identity, alert: WarningAlert): StoredEvidence[] {
  if (isSupervisionReader(identity)) return alert.evidence;
  return alert.evidence.map((e) => (e.amountCls && !seesClass(identity, e.amountCls, { owner: e.amountOwner }) ? { ...e, amountSince: null } : e));
}

/** The `department` filter: a department code of programmes.json (BAD_USER_INPUT UNKNOWN_DEPARTMENT otherwise). */
export function checkDepartmentFilter(department: string): void {
  if (!DEPARTMENTS.some((d) => d.code === department)) throw badInput('`department` is not a department code of programmes.json', 'filter.department', 'UNKNOWN_DEPARTMENT');
}
