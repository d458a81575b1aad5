import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '@aidgraph/common/access/identity';

/** The manifests checked in with the gateway (gateway/trusted-documents/<client>.json). */
export const DEFAULT_TRUSTED_DOCUMENTS_DIR = path.resolve(__dirname, '../trusted-documents');

/**
 * Trusted documents and automatic persisted queries (see the README's "Trusted documents"), spread into the gateway's
 * configuration. REDIS_URL (rate-limit-config.ts) also holds the APQ cache when APQ is on.
 */
export const trustedDocumentsSettingsSchema = z.object({
  /**
   * `off`: no manifests (a `persistedQuery` extension is answered as before); `accept`: registered documents may be sent
   * by hash, and any text still runs; `enforce`: only registered documents run, except for TRUSTED_DOCUMENTS_ADHOC_ROLES
   */
  TRUSTED_DOCUMENTS: z.enum(['off', 'accept', 'enforce']).default('off'),
  /** the folder of the clients' manifests: `<client>.json` each, `{ "<sha256>": "<document>" }` */
  TRUSTED_DOCUMENTS_DIR: z.string().min(1).default(DEFAULT_TRUSTED_DOCUMENTS_DIR),
  /** the roles that may still send any operation in `enforce` mode (comma-separated, or `none`) */
  TRUSTED_DOCUMENTS_ADHOC_ROLES: z
    .string()
    .default('analyst')
    .transform((s, ctx): Role[] => {
      if (s.trim().toLowerCase() === 'none') return [];
      const roles = s.split(',').map((r) => r.trim()).filter(Boolean);
      const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (!roles.length || unknown.length) {
        ctx.addIssue({ code: 'custom', message: `comma-separated roles (${ROLES.join(', ')}) or none` });
        return z.NEVER;
      }
      return roles as Role[];
    }),
  /** automatic persisted queries (clients register a text by its hash, then send the hash alone); off unless set */
  APQ: z.stringbool().default(false),
  /** the most documents the APQ cache holds (least recently used ones go first); in Redis with REDIS_URL, else in each process */
  APQ_CACHE_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** how long an APQ document is kept after it was registered (seconds; 0: until evicted) */
  APQ_TTL_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(86_400),
  /** the prefix of the APQ cache's keys in Redis */
  APQ_PREFIX: z.string().min(1).max(100).default('aidgraph:apq:'),
});
export type TrustedDocumentsSettings = z.infer<typeof trustedDocumentsSettingsSchema>;
