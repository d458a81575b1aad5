import { In, type EntityManager } from 'typeorm';
import {
  ConfigError, DEPARTMENTS, DEPARTMENT_CODES, PROGRAMMES, badInput, inScope, referralIdOf, signReferralTicket, type AuditCollector, type Identity,
} from '@aidgraph/subgraph-kit';
import { Referral } from './referral.entity';

/** The departments that decide in the application's own steps: their programmes are not referred. */
export const NOT_REFERRED_DEPARTMENTS: readonly string[] = ['CIVIL_AFFAIRS', 'SOCIAL_ASSISTANCE_CENTRE'];
/** Department officers who follow every referral (the one window and civil affairs, which it belongs to). */
export const ALL_REFERRALS_DEPARTMENTS: readonly string[] = ['SOCIAL_ASSISTANCE_CENTRE', 'CIVIL_AFFAIRS'];

/** The environment variable naming the departments referrals go to (comma-separated department codes). */
export const REFERRAL_DEPARTMENTS_ENV = 'REFERRAL_DEPARTMENTS';
/**
 * The departments that decide referrals in AidGraph (each has a `decide<Name>Referral` mutation in its subgraph): the
 * default of REFERRAL_DEPARTMENTS. HUMAN_RESOURCES (就业救助 EMPLOYMENT) is not among them: it has no subgraph, so a
 * referral to it could never be decided and would show the applicant to an office that cannot act.
 */
export const DEFAULT_REFERRAL_DEPARTMENTS: readonly string[] = [
  'EDUCATION', 'MEDICAL_SECURITY', 'HOUSING', 'DISABLED_PERSONS_FEDERATION', 'CHARITY_FEDERATION', 'JUSTICE', 'EMERGENCY_MANAGEMENT',
];

/**
 * Parse a REFERRAL_DEPARTMENTS value: department codes of programmes.json, comma-separated, at least one, none twice,
 * neither CIVIL_AFFAIRS nor SOCIAL_ASSISTANCE_CENTRE (their programmes are decided in the application's own steps), each
 * running at least one programme. Returns the codes, or the problems (every one listed).
 */
export function parseReferralDepartments(raw: string | undefined): { departments: string[]; problems: string[] } {
  if (raw === undefined || raw.trim() === '') return { departments: [...DEFAULT_REFERRAL_DEPARTMENTS], problems: [] };
  const codes = raw.split(',').map((x) => x.trim()).filter(Boolean);
  const problems: string[] = [];
  const departments: string[] = [];
  for (const c of codes) {
    if (!DEPARTMENT_CODES.includes(c)) problems.push(`${REFERRAL_DEPARTMENTS_ENV}: '${c}' is not a department code of programmes.json`);
    else if (NOT_REFERRED_DEPARTMENTS.includes(c)) problems.push(`${REFERRAL_DEPARTMENTS_ENV}: '${c}' decides in the application's own steps; it is never referred to`);
    else if (!PROGRAMMES.some((p) => p.department === c)) problems.push(`${REFERRAL_DEPARTMENTS_ENV}: '${c}' runs no programme of programmes.json`);
    else if (departments.includes(c)) problems.push(`${REFERRAL_DEPARTMENTS_ENV}: '${c}' is listed twice`);
    else departments.push(c);
  }
  if (!codes.length) problems.push(`${REFERRAL_DEPARTMENTS_ENV}: no department listed`);
  return { departments, problems };
}

/**
 * The departments referrals go to in this process: REFERRAL_DEPARTMENTS, else the seven that decide in AidGraph
 * (DEFAULT_REFERRAL_DEPARTMENTS). A bad value stops the subgraph at start (ConfigError, every problem listed: the
 * schema build calls this).
 */
export function referralDepartments(): string[] {
  const { departments, problems } = parseReferralDepartments(process.env[REFERRAL_DEPARTMENTS_ENV]);
  if (problems.length) throw new ConfigError(problems);
  return departments;
}

/**
 * Refuse (BAD_USER_INPUT, reason PROGRAMME_NOT_HANDLED, field `programmes[i]`) a requested programme whose department
 * neither decides in the application's own steps (civil affairs) nor takes referrals here (referralDepartments): the
 * message names the programme and the department's own window, where the family applies for it.
 */
export function assertProgrammesHandled(programmes: readonly string[]): void {
  const handled = referralDepartments();
  programmes.forEach((code, i) => {
    const p = PROGRAMMES.find((x) => x.code === code);
    if (!p || NOT_REFERRED_DEPARTMENTS.includes(p.department) || handled.includes(p.department)) return;
    const office = DEPARTMENTS.find((d) => d.code === p.department)?.name ?? p.department;
    throw badInput(
      `${p.name} (${code}) is not handled through the one window: apply at the window of ${office} (${p.department}), which does not decide referrals in AidGraph`,
      `programmes[${i}]`,
      'PROGRAMME_NOT_HANDLED',
    );
  });
}

/** The fields of an application that referrals are made from (AssistanceApplication satisfies it). */
export interface ReferredApplication {
  id: string;
  applicantId: string;
  householdId?: string | null;
  townshipCode: string;
  villageCode?: string | null;
  programmes: string[];
}

/**
 * The requested programmes another department runs, with that department, in the order requested (no duplicates): only
 * those of the departments referrals go to (referralDepartments; submission refuses the others, PROGRAMME_NOT_HANDLED).
 */
export function referredProgrammes(programmes: readonly string[]): { programme: string; department: string }[] {
  const handled = referralDepartments();
  const out: { programme: string; department: string }[] = [];
  for (const code of programmes) {
    const p = PROGRAMMES.find((x) => x.code === code);
    if (!p || NOT_REFERRED_DEPARTMENTS.includes(p.department) || !handled.includes(p.department) || out.some((o) => o.programme === code)) continue;
    out.push({ programme: code, department: p.department });
  }
  return out;
}

/**
 * Create, inside the acceptance transaction `tx`, one referral per requested programme run by a department other than
 * CIVIL_AFFAIRS and SOCIAL_ASSISTANCE_CENTRE (DIBAO, TEKUN, TEMPORARY and VAGRANT are decided by the application's own
 * steps). `on` is the acceptance day (YYYY-MM-DD, China time). Ids are referralIdOf(application id, programme) (a UUID
 * v5, the kit's referral/ticket.ts), so the seeds agree on them and a referral is never made twice: one that exists
 * already is returned as it is. Each new referral is noted in the audit log when `audit` (the request's collector) is given.
 * `identity` is the caller who accepted (checked by the acceptance itself).
 */
export async function createReferrals(
  tx: EntityManager,
  application: ReferredApplication,
  identity: Identity,
  on: string,
  audit?: Pick<AuditCollector, 'noteWrite'>,
): Promise<Referral[]> {
  void identity;
  const rows = referralRows(application, on);
  if (!rows.length) return [];
  const repo = tx.getRepository(Referral);
  const existing = new Map((await repo.findBy({ id: In(rows.map((r) => r.id)) })).map((r) => [r.id, r]));
  const out: Referral[] = [];
  for (const row of rows) {
    const found = existing.get(row.id);
    if (found) {
      out.push(found);
      continue;
    }
    await repo.insert(row);
    audit?.noteWrite({
      entity: 'Referral', key: row.id, personId: row.applicantId, action: 'create',
      changes: { applicationId: [null, row.applicationId], department: [null, row.department], programme: [null, row.programme], createdOn: [null, on] },
    });
    out.push(row);
  }
  return out;
}

/**
 * The referrals of `application` accepted on `on`, as createReferrals inserts them (not written): the demo seed puts
 * these rows for every accepted demo application (`for (const r of referralRows(app, app.acceptedOn)) put(Referral, r)`).
 */
export function referralRows(application: ReferredApplication, on: string): Referral[] {
  const applicationId = application.id.toLowerCase();
  return referredProgrammes(application.programmes).map((w) =>
    Object.assign(new Referral(), {
      id: referralIdOf(applicationId, w.programme), applicationId, department: w.department, programme: w.programme,
      applicantId: application.applicantId.toLowerCase(), householdId: application.householdId?.toLowerCase() ?? null, townshipCode: application.townshipCode, villageCode: application.villageCode ?? null,
      createdOn: on,
    }),
  );
}

/** The signed ticket with which the referral's department decides it (the kit's referral/ticket.ts). */
export function ticketOf(r: Referral): string {
  return signReferralTicket({
    referralId: r.id, applicationId: r.applicationId, department: r.department, programme: r.programme, applicantId: r.applicantId,
    townshipCode: r.townshipCode, createdOn: r.createdOn, householdId: r.householdId,
  });
}

/**
 * Whether the caller sees this referral (the rows of every list and lookup): a department's officers the referrals to
 * their department, the service centre's and civil affairs' officers all; caseworkers and township approvers their
 * township's; village assistants none (they submit, the departments decide); analysts (counts only) and auditors all.
 */
export function referralVisible(identity: Identity, r: Pick<Referral, 'department' | 'townshipCode'>): boolean {
  switch (identity.role) {
    case 'department_officer':
      return ALL_REFERRALS_DEPARTMENTS.includes(identity.department ?? '') || r.department === identity.department;
    case 'village_assistant':
      return false;
    case 'caseworker':
    case 'township_approver':
      return inScope(identity, r.townshipCode);
    default:
      return true;
  }
}
