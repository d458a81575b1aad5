import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';
import { GraphQLError, parse, print } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ConfigError, type Identity, type Logger, type Role } from '@aidgraph/common';
import type { GatewayContext } from './context';
import type { TrustedDocumentsSettings } from './trusted-documents-config';
import { ManifestError, documentHash, isDocumentHash, loadManifests, type LoadedManifests, type TrustedDocument } from './trusted-documents-manifest';
import { LRUCache } from 'lru-cache';
import { createApqCache, type ApqCache } from './apq-cache';

/** The headers a frontend names itself in (Apollo Client's `name` option sends the second). */
export const CLIENT_NAME_HEADERS = ['graphql-client-name', 'apollographql-client-name'] as const;

/** Trusted documents and automatic persisted queries, built once from the configuration (see `createTrustedDocuments`). */
export interface TrustedDocuments {
  /**
   * Express middleware for /graphql, after the JSON body parser: a request that names a registered document by hash
   * (`documentId`, or `extensions.persistedQuery.sha256Hash`) gets the document's text from the manifest; what the
   * request carries is noted for `admit`. Undefined when both features are off (the request is left to Apollo Server).
   */
  middleware?: express.RequestHandler;
  /**
   * In the context function, once the caller is known: throws the request's refusal (HTTP 400): a text that does not
   * match the hash sent with it, a hash that is neither registered nor (APQ) cached, an operation a client did not
   * register (enforce mode, roles not in TRUSTED_DOCUMENTS_ADHOC_ROLES).
   */
  admit(req: express.Request, identity: Identity): void;
  /** Apollo Server's `persistedQueries` option: the bounded APQ cache, or false (APQ off) */
  persistedQueries: { cache: ApqCache; ttl: number | null } | false;
  /** the manifests served now (undefined when TRUSTED_DOCUMENTS is off) */
  manifests(): LoadedManifests | undefined;
  /** closes the APQ cache and stops watching the manifests when the Apollo server stops */
  plugin: ApolloServerPlugin<GatewayContext>;
  close(): Promise<void>;
}

/** What the middleware found in a request. */
type Noted =
  | { kind: 'registered'; doc: TrustedDocument }
  | { kind: 'text'; text: string }
  | { kind: 'unknownHash'; via: 'documentId' | 'persistedQuery'; text?: string }
  | { kind: 'mismatch' }
  | { kind: 'badId' }
  | { kind: 'badExtension' };

function refusal(message: string, code: string, reason?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(reason ? { reason } : {}), http: { status: 400 } } });
}

/**
 * Trusted documents (persisted operations registered by frontends) and automatic persisted queries.
 *
 * With TRUSTED_DOCUMENTS `accept` or `enforce` the manifests of TRUSTED_DOCUMENTS_DIR (`<client>.json` each,
 * `{ "<sha256>": "<document>" }`, written by `npm run trusted-documents`) are loaded at start — a manifest that cannot be
 * used stops the start with every problem named — and read again every SUPERGRAPH_POLL_MS when a file changed (a broken
 * change is refused and logged; the loaded manifests stay). A request may then send a registered document's hash alone,
 * as `documentId` (`<sha256>` or `sha256:<sha256>`) or as `extensions.persistedQuery.sha256Hash` (the APQ wire format),
 * and the gateway runs the manifest's text. In `enforce` mode a caller whose role is not in
 * TRUSTED_DOCUMENTS_ADHOC_ROLES may run only registered documents: by hash, or by a text equal to one (exactly, or
 * once parsed and printed); a request that names its client (`graphql-client-name` or `apollographql-client-name`)
 * only that client's documents, and an unknown client name is refused. Without a client name any client's registered
 * documents run, so leaving the header out opens nothing.
 *
 * With APQ on, Apollo Server's automatic persisted queries use a bounded cache (apq-cache.ts): in Redis with REDIS_URL,
 * shared by every replica, else an LRU in each process. With both off, nothing here runs: a `persistedQuery`
 * extension is answered PERSISTED_QUERY_NOT_SUPPORTED as before.
 */
export function createTrustedDocuments(
  settings: TrustedDocumentsSettings & { REDIS_URL?: string; SUPERGRAPH_POLL_MS: number; MAX_QUERY_TOKENS: number },
  log: Logger,
): TrustedDocuments {
  const mode = settings.TRUSTED_DOCUMENTS;
  const adhoc = new Set<Role>(settings.TRUSTED_DOCUMENTS_ADHOC_ROLES);
  const apq = settings.APQ;
  let manifests: LoadedManifests | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (mode !== 'off') {
    const dir = settings.TRUSTED_DOCUMENTS_DIR;
    try {
      manifests = loadManifests(dir);
    } catch (e) {
      if (e instanceof ManifestError) throw new ConfigError(e.problems.map((p) => `TRUSTED_DOCUMENTS_DIR: ${p}`));
      throw e;
    }
    log.info({ mode, version: manifests.version, clients: Object.fromEntries(manifests.clients) }, 'trusted documents loaded');
    if (settings.SUPERGRAPH_POLL_MS > 0) {
      let seen = signature(dir);
      let refused: string | undefined;
      let reading = false;
      timer = setInterval(() => {
        if (reading) return;
        reading = true;
        try {
          const now = signature(dir);
          if (now === seen || now === refused) return;
          try {
            const next = loadManifests(dir);
            seen = now;
            refused = undefined;
            if (next.version === manifests!.version) return;
            manifests = next;
            asPrinted.clear();
            log.info({ version: next.version, clients: Object.fromEntries(next.clients) }, 'trusted documents reloaded');
          } catch (e) {
            refused = now;
            log.error({ kept: manifests!.version, problems: e instanceof ManifestError ? e.problems : [(e as Error).message] }, 'trusted documents refused; the loaded manifests stay');
          }
        } finally {
          reading = false;
        }
      }, settings.SUPERGRAPH_POLL_MS);
      timer.unref();
    }
  }
  const cache = apq ? createApqCache({ size: settings.APQ_CACHE_SIZE, ttlSeconds: settings.APQ_TTL_SECONDS, redisUrl: settings.REDIS_URL, prefix: settings.APQ_PREFIX }, log) : undefined;
  if (cache) log.info({ store: cache.store, size: settings.APQ_CACHE_SIZE }, 'automatic persisted queries on');

  const noted = new WeakMap<express.Request, Noted>();
  const asPrinted = new LRUCache<string, TrustedDocument | false>({ max: 1000 });

  const middleware: express.RequestHandler = (req, _res, next) => {
    const get = req.method === 'GET';
    if (!get && req.method !== 'POST') return next();
    let params: URLSearchParams | undefined;
    let body: Record<string, unknown> | undefined;
    if (get) params = new URL(req.url, 'http://gateway').searchParams;
    else if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) body = req.body as Record<string, unknown>;
    else return next();
    const text = get ? (params!.get('query') ?? undefined) : typeof body!.query === 'string' ? body!.query : undefined;
    let extensions: unknown = body?.extensions;
    if (get && params!.has('extensions')) {
      try {
        extensions = JSON.parse(params!.get('extensions')!);
      } catch {
        return next(); // Apollo Server answers a malformed `extensions` parameter
      }
    }
    const pq = extensions && typeof extensions === 'object' ? (extensions as Record<string, unknown>).persistedQuery : undefined;
    const rawId = get ? params!.get('documentId') : body!.documentId;
    let hash: string | undefined;
    let via: 'documentId' | 'persistedQuery' | undefined;
    if (mode !== 'off' && rawId !== undefined && rawId !== null) {
      const id = typeof rawId === 'string' ? rawId.replace(/^sha256:/, '') : '';
      if (!isDocumentHash(id)) return note(req, { kind: 'badId' }, next);
      [hash, via] = [id, 'documentId'];
    } else if (pq !== undefined) {
      const p = pq as Record<string, unknown> | null;
      if (!p || typeof p !== 'object' || p.version !== 1 || !isDocumentHash(p.sha256Hash)) return note(req, { kind: 'badExtension' }, next);
      [hash, via] = [p.sha256Hash as string, 'persistedQuery'];
    }
    if (!hash) return text === undefined ? next() : note(req, { kind: 'text', text }, next);
    if (text !== undefined && documentHash(text) !== hash) return note(req, { kind: 'mismatch' }, next);
    const doc = manifests?.documents.get(hash);
    // a hash that only APQ may know (or a text registering one) is left to Apollo Server when APQ is on
    const leaveToApq = !doc && via === 'persistedQuery' && apq;
    if (doc || (text !== undefined && !leaveToApq)) {
      // the request becomes a plain text request: the manifest's (or its own, already checked against the hash)
      const query = doc?.text ?? text!;
      if (get) {
        params!.delete('documentId');
        params!.set('query', query);
        const rest = withoutPersistedQuery(extensions);
        if (rest) params!.set('extensions', JSON.stringify(rest));
        else params!.delete('extensions');
        req.url = `${req.path}?${params!.toString()}`;
      } else {
        delete body!.documentId;
        body!.query = query;
        const rest = withoutPersistedQuery(extensions);
        if (rest) body!.extensions = rest;
        else delete body!.extensions;
      }
      return note(req, doc ? { kind: 'registered', doc } : { kind: 'text', text: query }, next);
    }
    return note(req, { kind: 'unknownHash', via: via!, text }, next);
  };
  function note(req: express.Request, n: Noted, next: express.NextFunction) {
    noted.set(req, n);
    next();
  }

  const clientOf = (req: express.Request): string | undefined => {
    for (const h of CLIENT_NAME_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
    return undefined;
  };
  /**
   * a registered document equal to `text` once parsed and printed (layout and comments aside); parsing and printing
   * costs about 0.1 ms for a 2 kB operation, so the answer is kept by the text's hash (the last 1,000 texts; emptied when
   * the manifests change)
   */
  const registeredAsPrinted = (text: string, hash: string): TrustedDocument | undefined => {
    const known = asPrinted.get(hash);
    if (known !== undefined) return known || undefined;
    let doc: TrustedDocument | undefined;
    try {
      doc = manifests!.documents.get(documentHash(print(parse(text, { noLocation: true, maxTokens: settings.MAX_QUERY_TOKENS }))));
    } catch {
      doc = undefined;
    }
    asPrinted.set(hash, doc ?? false);
    return doc;
  };

  const admit = (req: express.Request, identity: Identity) => {
    const n = noted.get(req);
    if (n?.kind === 'mismatch') throw refusal('the query text does not match the sha256 hash sent with it', 'BAD_REQUEST', 'HASH_MISMATCH');
    if (n?.kind === 'badId') throw refusal('documentId must be the sha256 of a registered document: 64 lower-case hex digits, optionally prefixed sha256:', 'BAD_REQUEST', 'INVALID_DOCUMENT_ID');
    if (n?.kind === 'badExtension')
      throw refusal('extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }', 'BAD_REQUEST', 'INVALID_PERSISTED_QUERY');
    const enforced = mode === 'enforce' && !adhoc.has(identity.role);
    if (n?.kind === 'unknownHash' && n.text === undefined && (n.via === 'documentId' || !apq || enforced))
      throw refusal('no registered document has this hash: send the query text (or register the operation in its client\'s manifest)', 'PERSISTED_QUERY_NOT_FOUND');
    if (!enforced) return;
    const client = clientOf(req);
    if (client !== undefined && !manifests!.clients.has(client))
      throw refusal(`the client ${JSON.stringify(client.slice(0, 64))} has no manifest of trusted documents`, 'OPERATION_NOT_TRUSTED', 'UNKNOWN_CLIENT');
    const text = n?.kind === 'text' || n?.kind === 'unknownHash' ? n.text : undefined;
    const hash = text !== undefined ? documentHash(text) : undefined;
    const doc = n?.kind === 'registered' ? n.doc : text !== undefined ? (manifests!.documents.get(hash!) ?? registeredAsPrinted(text, hash!)) : undefined;
    if (!doc) throw refusal('only registered operations are accepted from this caller: register it in its client\'s manifest (npm run trusted-documents)', 'OPERATION_NOT_TRUSTED', 'NOT_REGISTERED');
    if (client !== undefined && !doc.clients.includes(client))
      throw refusal('this operation is not registered for this client', 'OPERATION_NOT_TRUSTED', 'NOT_REGISTERED_FOR_CLIENT');
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    await cache?.close();
  };
  return {
    middleware: mode !== 'off' || apq ? middleware : undefined,
    admit: mode !== 'off' || apq ? admit : () => {},
    persistedQueries: cache ? { cache, ttl: settings.APQ_TTL_SECONDS > 0 ? settings.APQ_TTL_SECONDS : null } : false,
    manifests: () => manifests,
    plugin: {
      async serverWillStart() {
        return {
          async serverWillStop() {
            await close();
          },
        };
      },
    },
    close,
  };
}

function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!extensions || typeof extensions !== 'object') return undefined;
  const { persistedQuery: _, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length ? rest : undefined;
}

/** The names, sizes and modification times of the manifest files: read again only when this changes. */
function signature(dir: string): string {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const s = fs.statSync(path.join(dir, f));
        return `${f}:${s.size}:${s.mtimeMs}`;
      })
      .join('|');
  } catch (e) {
    return `unreadable:${(e as NodeJS.ErrnoException).code ?? 'unknown'}`;
  }
}
