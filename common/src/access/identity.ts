import { z } from 'zod';
import { isDepartmentCode } from '../domain/departments';
import { isTownshipCode, isVillageCode } from '../domain/divisions';

/**
 * The roles of AidGraph (see the README's access matrix):
 * - caseworker: a township service window's staff (乡镇/街道社会救助窗口), scoped to one township code: accepts,
 *   investigates and makes preliminary decisions on applications;
 * - township_approver: the township's approving official (乡镇/街道审核确认: Qingdao delegates the confirmation of
 *   dibao, tekun and temporary assistance to the township), scoped to one township code: confirms or refuses;
 * - village_assistant: a village or community's social assistance assistant (村/社区社会救助协理员), scoped to one
 *   village code (12 digits; its township is the first 9): submits applications on a family's behalf (帮办代办) and
 *   records visits, decides nothing;
 * - department_officer: a department's staff, scoped to one department code;
 * - analyst: statistics across the graph, personal identifiers masked, no writes;
 * - auditor: reads everything unmasked, including the audit log, no writes;
 * - public: the public disclosure site (公开公示网站): no person, no township, no village, no department; sees only the
 *   public notices in force (公示: masked name, household size, amount) and nothing else of the graph, writes nothing.
 */
export const ROLES = ['caseworker', 'township_approver', 'village_assistant', 'department_officer', 'analyst', 'auditor', 'public'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified token. Never built from headers a caller sets itself. */
export interface Identity {
  /** the token's `sub`: the staff account, never a resident's personal data */
  subject: string;
  role: Role;
  /** 9-digit township code: for caseworkers and township approvers; a village assistant's is its village's township */
  township?: string;
  /** 12-digit village/community code, for village assistants */
  village?: string;
  /** department code (programmes.json), for department officers */
  department?: string;
}

/** The custom claims AidGraph tokens carry besides iss, aud, sub, iat and exp. */
export const identityClaims = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES),
    township: z.string().optional(),
    village: z.string().optional(),
    department: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.role === 'caseworker' && !(c.township && isTownshipCode(c.township)))
      ctx.addIssue({ code: 'custom', message: 'a caseworker token needs a valid township code', path: ['township'] });
    if (c.role === 'township_approver' && !(c.township && isTownshipCode(c.township)))
      ctx.addIssue({ code: 'custom', message: 'a township_approver token needs a valid township code', path: ['township'] });
    if (c.role === 'village_assistant' && !(c.village && isVillageCode(c.village)))
      ctx.addIssue({ code: 'custom', message: 'a village_assistant token needs a valid village code', path: ['village'] });
    if (c.role === 'village_assistant' && c.village && c.township && c.township !== c.village.slice(0, 9))
      ctx.addIssue({ code: 'custom', message: "a village_assistant token's township must be its village's", path: ['township'] });
    if (c.role === 'department_officer' && !(c.department && isDepartmentCode(c.department)))
      ctx.addIssue({ code: 'custom', message: 'a department_officer token needs a valid department code', path: ['department'] });
    // the disclosure site's token carries no scope at all: one that names a township, village or department is not one
    if (c.role === 'public' && (c.township !== undefined || c.village !== undefined || c.department !== undefined))
      ctx.addIssue({ code: 'custom', message: 'a public token carries no township, village or department', path: ['role'] });
  });

export function identityFromClaims(claims: unknown): Identity | null {
  const parsed = identityClaims.safeParse(claims);
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    subject: c.sub,
    role: c.role,
    township: c.role === 'caseworker' || c.role === 'township_approver' ? c.township : c.role === 'village_assistant' ? c.village!.slice(0, 9) : undefined,
    village: c.role === 'village_assistant' ? c.village : undefined,
    department: c.role === 'department_officer' ? c.department : undefined,
  };
}
