import { decodeJwt } from 'jose';
import { z } from 'zod';
// Deep imports on purpose: this module is loaded by `npm run token`, which must answer in about a second; the kit's
// index loads the whole kit (typeorm, type-graphql, database drivers, ...). Keep every import here that small.
import { ROLES, type Role } from '@aidgraph/common/access/identity';
import { ensureDevKey } from '@aidgraph/common/access/keys';
import { signToken } from '@aidgraph/common/access/tokens';
import { TOWNSHIPS, isTownshipCode, isVillageCode } from '@aidgraph/common/domain/divisions';
import { DEPARTMENT_CODES, isDepartmentCode } from '@aidgraph/common/domain/departments';

export { ROLES, TOWNSHIPS, DEPARTMENT_CODES };

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A duration such as `12h`, `30m`, `90s` or `1d` (the form JWT_MAX_AGE and `--expires` take). */
export const durationSchema = z.string().trim().regex(DURATION, 'a duration such as 12h or 30m');

/** The number of seconds of a duration such as `12h` (see durationSchema); NaN when it is not one. */
export function durationSeconds(duration: string): number {
  const m = DURATION.exec(duration.trim());
  return m ? Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS] : NaN;
}

/**
 * The settings that decide which tokens the gateway accepts and how development tokens are signed. The gateway's
 * configuration (config.ts) is built on these same definitions, so `npm run token` and the dev sign-in endpoint read
 * exactly what the gateway reads (JWT_MAX_AGE above all).
 */
export const tokenSettingsSchema = z.object({
  AIDGRAPH_MODE: z.enum(['development', 'production']).default('development'),
  JWT_ISSUER: z.string().default('aidgraph-dev'),
  JWT_AUDIENCE: z.string().default('aidgraph'),
  /** the longest a caller's token may live (from its iat); longer-lived tokens are refused by the gateway and subgraphs */
  JWT_MAX_AGE: durationSchema.default('12h'),
  DEV_KEYS_DIR: z.string().optional(),
});
export type TokenSettings = z.infer<typeof tokenSettingsSchema>;

/** The lifetime of a development token when none is asked for: 8 hours, or JWT_MAX_AGE when that is shorter. */
export function defaultLifetime(maxAge: string): string {
  return durationSeconds(maxAge) < 8 * 3600 ? maxAge.trim() : '8h';
}

/** What a development token is asked for (the `npm run token` options, or the JSON body of POST /dev/token). */
export const devTokenRequestSchema = z
  .object({
    role: z.enum(ROLES),
    township: z.string().optional(),
    village: z.string().optional(),
    department: z.string().optional(),
    subject: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,64}$/, '1 to 64 letters, digits or . _ @ -')
      .default('dev-user'),
    expires: durationSchema.optional(),
  })
  .strict();
export type DevTokenRequest = z.input<typeof devTokenRequestSchema>;

/** A development token refused: `field` names the option at fault, `reason` is machine-readable. */
export class DevTokenRefused extends Error {
  constructor(
    message: string,
    public readonly field: string | undefined,
    public readonly reason: string,
  ) {
    super(message);
    this.name = 'DevTokenRefused';
  }
}

/** A minted development token and what it says. */
export interface DevToken {
  token: string;
  role: Role;
  subject: string;
  township?: string;
  /** a village assistant's village (12 digits); its township is the village's first 9 digits */
  village?: string;
  department?: string;
  /** when it expires (ISO 8601, UTC) */
  expiresAt: string;
}

/**
 * Check a development token request against the settings the gateway verifies tokens with; throws DevTokenRefused
 * naming the first problem: production mode, a caseworker or township approver without a valid township, a village
 * assistant without a valid village (or with a township that is not its village's), a department officer without a
 * valid department, a lifetime that is not a positive duration or that exceeds JWT_MAX_AGE (a token the gateway and
 * every subgraph would refuse).
 */
export function checkDevTokenRequest(input: unknown, settings: TokenSettings) {
  if (settings.AIDGRAPH_MODE === 'production')
    throw new DevTokenRefused('refused: development tokens are not issued in production mode (tokens come from the identity provider)', undefined, 'PRODUCTION_MODE');
  const parsed = devTokenRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || undefined;
    throw new DevTokenRefused(`${field ?? 'request'}: ${issue.message}`, field, 'INVALID');
  }
  const r = parsed.data;
  const townships = TOWNSHIPS.map((t) => `${t.code} (${t.name})`).join(', ');
  const townshipScoped = r.role === 'caseworker' || r.role === 'township_approver';
  if (townshipScoped && !r.township)
    throw new DevTokenRefused(`a ${r.role} token needs a township, one of: ${townships}`, 'township', 'TOWNSHIP_REQUIRED');
  if (townshipScoped && !isTownshipCode(r.township!))
    throw new DevTokenRefused(`unknown township: one of ${townships}`, 'township', 'UNKNOWN_TOWNSHIP');
  const villageHint = `12 digits: a township code and the village's 3 (e.g. ${TOWNSHIPS[0].code}001 or ${TOWNSHIPS[0].code}201 in ${TOWNSHIPS[0].name})`;
  if (r.role === 'village_assistant' && !r.village)
    throw new DevTokenRefused(`a village_assistant token needs a village (--village), ${villageHint}`, 'village', 'VILLAGE_REQUIRED');
  if (r.role === 'village_assistant' && !/^\d{12}$/.test(r.village!))
    throw new DevTokenRefused(`not a village code: ${villageHint}`, 'village', 'INVALID_VILLAGE');
  if (r.role === 'village_assistant' && !isVillageCode(r.village!))
    throw new DevTokenRefused(`unknown village: its first 9 digits are no township, one of ${townships}`, 'village', 'UNKNOWN_VILLAGE');
  if (r.role === 'village_assistant' && r.township && r.township !== r.village!.slice(0, 9))
    throw new DevTokenRefused(`a village_assistant's township is its village's (${r.village!.slice(0, 9)}); leave --township out`, 'township', 'TOWNSHIP_NOT_THE_VILLAGES');
  if (r.role === 'department_officer' && !r.department)
    throw new DevTokenRefused(`a department_officer token needs a department, one of: ${DEPARTMENT_CODES.join(', ')}`, 'department', 'DEPARTMENT_REQUIRED');
  if (r.role === 'department_officer' && !isDepartmentCode(r.department!))
    throw new DevTokenRefused(`unknown department: one of ${DEPARTMENT_CODES.join(', ')} (a new department is added to common/src/domain/programmes.json first)`, 'department', 'UNKNOWN_DEPARTMENT');
  // a scope the role does not carry is refused, never silently dropped (a public token with a township would be refused
  // by every subgraph anyway: common/src/access/identity.ts)
  const scopes: Record<string, string> = { public: 'no township, village or department', analyst: 'no township, village or department', auditor: 'no township, village or department', department_officer: 'a department only', caseworker: 'a township only', township_approver: 'a township only', village_assistant: 'a village (its township is the village\'s)' };
  if (r.township && !townshipScoped && r.role !== 'village_assistant')
    throw new DevTokenRefused(`a ${r.role} token carries ${scopes[r.role] ?? 'no township'}: leave --township out`, 'township', 'TOWNSHIP_NOT_ALLOWED');
  if (r.village && r.role !== 'village_assistant')
    throw new DevTokenRefused(`a ${r.role} token carries ${scopes[r.role] ?? 'no village'}: leave --village out`, 'village', 'VILLAGE_NOT_ALLOWED');
  if (r.department && r.role !== 'department_officer')
    throw new DevTokenRefused(`a ${r.role} token carries ${scopes[r.role] ?? 'no department'}: leave --department out`, 'department', 'DEPARTMENT_NOT_ALLOWED');
  const expires = r.expires ?? defaultLifetime(settings.JWT_MAX_AGE);
  const seconds = durationSeconds(expires);
  if (!(seconds > 0)) throw new DevTokenRefused(`a token's lifetime must be longer than 0 (e.g. 8h or 30m), not ${expires}`, 'expires', 'TOO_SHORT');
  if (seconds > durationSeconds(settings.JWT_MAX_AGE))
    throw new DevTokenRefused(
      `refused: a token for ${expires} would be refused by the gateway and the subgraphs, which accept tokens living at most ` +
        `JWT_MAX_AGE=${settings.JWT_MAX_AGE}; ask for ${settings.JWT_MAX_AGE} or less (or raise JWT_MAX_AGE for the gateway and every subgraph)`,
      'expires',
      'LONGER_THAN_JWT_MAX_AGE',
    );
  return {
    role: r.role,
    subject: r.subject,
    township: townshipScoped ? r.township : r.role === 'village_assistant' ? r.village!.slice(0, 9) : undefined,
    village: r.role === 'village_assistant' ? r.village : undefined,
    department: r.role === 'department_officer' ? r.department : undefined,
    seconds,
  };
}

/**
 * Mint a development token signed with the development key (created on first use in DEV_KEYS_DIR, default
 * `<repo>/.dev/keys`), after checkDevTokenRequest. Used by `npm run token` and the gateway's development sign-in.
 */
export async function mintDevToken(input: unknown, settings: TokenSettings): Promise<DevToken> {
  const r = checkDevTokenRequest(input, settings);
  const { privateJwk } = await ensureDevKey(settings.DEV_KEYS_DIR || undefined);
  const token = await signToken(
    privateJwk,
    { subject: r.subject, role: r.role, township: r.township, village: r.village, department: r.department, expiresIn: `${r.seconds}s` },
    settings.JWT_ISSUER,
    settings.JWT_AUDIENCE,
  );
  return {
    token,
    role: r.role,
    subject: r.subject,
    township: r.township,
    village: r.village,
    department: r.department,
    expiresAt: new Date(decodeJwt(token).exp! * 1000).toISOString(),
  };
}
