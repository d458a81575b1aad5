import { badInput, forbidden, inScope, outcomeFor, seesClass, DEPARTMENTS, type DataClass, type Identity } from '@aidgraph/subgraph-kit';
import type { StoredEvidence, WarningAlert } from './warning-alert.entity';
import { ALERT_CLASS, DEPARTMENT } from './warning-alert.enums';

/**
 * The class of each department's records in its own subgraph (its type-level @Protected): what a reader must see to
 * be told that an alert names the department (the `department` filter) — naming the disabled persons' federation names
 * a disability. Departments not listed (no subgraph) are treated as department.record of that department.
 */
export const DEPARTMENT_RECORD_CLASS: Record<string, { cls: DataClass; owner?: string }> = {
  CIVIL_AFFAIRS: { cls: 'quasi.programme' },
  EDUCATION: { cls: 'quasi.programme' },
  HOUSING: { cls: 'quasi.programme' },
  EMERGENCY_MANAGEMENT: { cls: 'quasi.programme', owner: 'EMERGENCY_MANAGEMENT' },
  DISABLED_PERSONS_FEDERATION: { cls: 'health.disability' },
  CHARITY_FEDERATION: { cls: 'health.charity' },
  MEDICAL_SECURITY: { cls: 'health.medical' },
  JUSTICE: { cls: 'legal.aid' },
  SOCIAL_ASSISTANCE_CENTRE: { cls: 'application', owner: 'SOCIAL_ASSISTANCE_CENTRE' },
};

export function departmentClass(department: string): { cls: DataClass; owner?: string } {
  return DEPARTMENT_RECORD_CLASS[department] ?? { cls: 'department.record', owner: department };
}

/** True when the identity sees the alert at all (the rows of warningAlerts; a lookup answers null otherwise). */
export function mayReadAlert(identity: Identity, alert: Pick<WarningAlert, 'townshipCode' | 'departments'>): boolean {
  if (identity.role === 'analyst' || identity.role === 'public') return false;
  if (!inScope(identity, alert.townshipCode)) return false;
  if (identity.role === 'department_officer' && identity.department !== DEPARTMENT) return alert.departments.includes(identity.department ?? '');
  return outcomeFor(identity, ALERT_CLASS, { owner: DEPARTMENT }) === 'value';
}

/** FORBIDDEN unless the identity may read alert rows (a bare count is checked by the list itself). */
export function assertMayReadAlerts(identity: Identity): void {
  const o = outcomeFor(identity, ALERT_CLASS, { owner: DEPARTMENT });
  if (o === 'FORBIDDEN') throw forbidden('supervision alerts are not shown to your role');
}

/** An evidence item is shown when the reader sees the class of the record it cites (with its owner), in scope. */
export function seesEvidence(identity: Identity, e: StoredEvidence): boolean {
  return seesClass(identity, e.cls, { owner: e.owner });
}

/** The evidence the identity may see, each item with its amount nulled where the amount's class is not seen. */
export function visibleEvidence(identity: Identity, alert: WarningAlert): StoredEvidence[] {
  return alert.evidence
    .filter((e) => seesEvidence(identity, e))
    .map((e) => (e.amountCls && !seesClass(identity, e.amountCls, { owner: e.amountOwner }) ? { ...e, amountSince: null } : e));
}

/** The departments of the evidence the identity may see, in the alert's order. */
export function visibleDepartments(identity: Identity, alert: WarningAlert): string[] {
  const seen = new Set(visibleEvidence(identity, alert).map((e) => e.department));
  return alert.departments.filter((d) => seen.has(d));
}

/** The `department` filter: a known code whose records' class the caller sees (FORBIDDEN otherwise, from the code alone). */
export function checkDepartmentFilter(identity: Identity, department: string): void {
  if (!DEPARTMENTS.some((d) => d.code === department)) throw badInput('`department` is not a department code of programmes.json', 'filter.department', 'UNKNOWN_DEPARTMENT');
  const { cls, owner } = departmentClass(department);
  if (!seesClass(identity, cls, { owner }))
    throw forbidden('your role may not filter alerts by a department whose records it may not see (the filter would tell who is in them)');
}
