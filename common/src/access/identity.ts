import { z } from 'zod';
import { isDepartmentCode } from '../domain/departments';
import { isTownshipCode } from '../domain/divisions';

/**
 * The roles of AidGraph (see the README's access matrix):
 * - caseworker: a township service window's staff (乡镇/街道社会救助窗口), scoped to one township code;
 * - department_officer: a department's staff, scoped to one department code;
 * - analyst: statistics across the graph, personal identifiers masked, no writes;
 * - auditor: reads everything unmasked, including the audit log, no writes.
 */
export const ROLES = ['caseworker', 'department_officer', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified token. Never built from headers a caller sets itself. */
export interface Identity {
  /** the token's `sub`: the staff account, never a resident's personal data */
  subject: string;
  role: Role;
  /** 9-digit township code, for caseworkers */
  township?: string;
  /** department code (programmes.json), for department officers */
  department?: string;
}

/** The custom claims AidGraph tokens carry besides iss, aud, sub, iat and exp. */
export const identityClaims = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES),
    township: z.string().optional(),
    department: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.role === 'caseworker' && !(c.township && isTownshipCode(c.township)))
      ctx.addIssue({ code: 'custom', message: 'a caseworker token needs a valid township code', path: ['township'] });
    if (c.role === 'department_officer' && !(c.department && isDepartmentCode(c.department)))
      ctx.addIssue({ code: 'custom', message: 'a department_officer token needs a valid department code', path: ['department'] });
  });

export function identityFromClaims(claims: unknown): Identity | null {
  const parsed = identityClaims.safeParse(claims);
  if (!parsed.success) return null;
  const c = parsed.data;
  return {
    subject: c.sub,
    role: c.role,
    township: c.role === 'caseworker' ? c.township : undefined,
    department: c.role === 'department_officer' ? c.department : undefined,
  };
}
