import { In, type EntityManager } from 'typeorm';
import {
  PROGRAMMES, inScope, referralIdOf, signReferralTicket, type AuditCollector, type Identity,
} from '@aidgraph/subgraph-kit';
import { Referral } from './referral.entity';

/** The departments that decide in the application's own steps: their programmes are not referred. */
export const NOT_REFERRED_DEPARTMENTS: readonly string[] = ['CIVIL_AFFAIRS', 'SOCIAL_ASSISTANCE_CENTRE'];
/** Department officers who follow every referral (the one window and civil affairs, which it belongs to). */
export const ALL_REFERRALS_DEPARTMENTS: readonly string[] = ['SOCIAL_ASSISTANCE_CENTRE', 'CIVIL_AFFAIRS'];

/** The fields of an application that referrals are made from (AssistanceApplication satisfies it). */
export interface ReferredApplication {
  id: string;
  applicantId: string;
  householdId?: string | null;
  townshipCode: string;
  villageCode?: string | null;
  programmes: string[];
}

/** The requested programmes another department runs, with that department, in the order requested (no duplicates). */
export function referredProgrammes(programmes: readonly string[]): { programme: string; department: string }[] {
  const out: { programme: string; department: string }[] = [];
  for (const code of programmes) {
    const p = PROGRAMMES.find((x) => x.code === code);
    if (!p || NOT_REFERRED_DEPARTMENTS.includes(p.department) || out.some((o) => o.programme === code)) continue;
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
