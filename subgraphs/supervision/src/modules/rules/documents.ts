import crypto from 'node:crypto';
import { parse, print } from 'graphql';
import { RECIPIENTS_QUERY, RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES } from './above-standard-or-review-overdue.rule';
import { OVERDUE_QUERY } from './application-overdue.rule';
import { DATES_PER_REQUEST, DECEASED_OR_MOVED_QUERY, paidSinceQuery } from './deceased-or-moved.rule';
import { GRANTS_QUERY, LIVING_SUBSIDIES_QUERY } from './duplicate-need.rule';
import { ORPHANS_QUERY, SEVERE_CERTIFICATES_QUERY } from './proactive-discovery.rule';

export { ENGINE_CLIENT_NAME } from './gateway-client';

/**
 * Every document the rule engine can send the gateway: each rule's page query, the recipients' query without review
 * dates (its fallback for a graph without them), and `paidSince` for 1 to DATES_PER_REQUEST status dates (a gateway
 * with a lower MAX_QUERY_ALIASES makes the rule send fewer). With TRUSTED_DOCUMENTS=enforce the gateway runs only
 * registered documents for the engine's role, so every one of these must be in its manifest (engineManifestJson).
 */
export function engineDocuments(): string[] {
  return [
    DECEASED_OR_MOVED_QUERY,
    ...Array.from({ length: DATES_PER_REQUEST }, (_, i) => paidSinceQuery(i + 1)),
    RECIPIENTS_QUERY,
    RECIPIENTS_QUERY_WITHOUT_REVIEW_DATES,
    OVERDUE_QUERY,
    GRANTS_QUERY,
    LIVING_SUBSIDIES_QUERY,
    SEVERE_CERTIFICATES_QUERY,
    ORPHANS_QUERY,
  ];
}

/**
 * The engine's manifest of trusted documents as the gateway reads it (`{ "<sha256>": "<document>" }`, each document
 * parsed and printed as the gateway's `npm run trusted-documents` writes them, entries sorted by hash, two-space JSON
 * with a final newline). The gateway admits the engine's texts as they are sent: it compares them once parsed and
 * printed.
 */
export function engineManifestJson(): string {
  const entries = engineDocuments().map((d) => {
    const text = print(parse(d, { noLocation: true }));
    return [crypto.createHash('sha256').update(text).digest('hex'), text] as const;
  });
  return `${JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1))), null, 2)}\n`;
}
