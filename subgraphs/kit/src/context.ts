import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Identity } from './access/identity';
import { AuditCollector } from './audit/collector';
import { MAX_PARAMETERS } from './db/data-source';
import type { PersonRegistryLookup } from './registry/registry-lookup';

/**
 * The per-request context of every subgraph: who is calling (a verified identity), the subgraph's database,
 * the request's DataLoaders (created lazily, never shared between requests) and the audit collector.
 */
export interface SubgraphContext {
  identity: Identity;
  db: DataSource;
  requestId: string;
  operationName?: string;
  /**
   * true when the request carries a valid gateway signature (access/gateway-signature.ts) over its exact body: only then
   * are `_entities` (and the `@requires` values in its representations) and, in production, `_service` answered.
   * Set by the subgraph server after createContext; undefined in contexts built directly by tests.
   */
  viaGateway?: boolean;
  /**
   * civil affairs' registry of persons, asked with the caller's token (registry/registry-lookup.ts): department writes
   * check that the person they name exists before writing. Set by the subgraph server after createContext (and by the
   * roster import from its matches); undefined in civil affairs itself and in contexts built directly by tests.
   */
  registry?: PersonRegistryLookup;
  /** per-request DataLoader instances, keyed by their definition */
  loaders: Map<LoaderFactory<any, any>, DataLoader<any, any>>;
  audit: AuditCollector;
}

export type LoaderFactory<K, V> = (ctx: SubgraphContext) => DataLoader<K, V>;

/**
 * Define a DataLoader once, at module level; each request gets its own instance: `personById(ctx).load(id)`.
 * The batch function receives the keys of one tick and must answer in key order (use `inKeyOrder` / `groupedByKey`).
 * Keys are normalised with String() (GraphQL IDs arrive as strings, integer keys come back as numbers), and a batch
 * never holds more keys than one statement may bind (MAX_PARAMETERS): larger ones are split by DataLoader itself.
 * Ids reach a loader well formed and in lower case: the kit checks them where they enter (graphql/input-errors.ts):
 * every `ID` argument and input field (BAD_ID otherwise) and every `_entities` key (a malformed one resolves to null
 * for itself), so one bad key never fails a batch's `IN (...)` on PostgreSQL and both databases answer alike.
 */
export function defineLoader<K, V>(
  batch: (keys: readonly K[], ctx: SubgraphContext) => Promise<ArrayLike<V | Error>>,
  options: { cacheKeyFn?: (key: K) => unknown; maxBatchSize?: number } = {},
): LoaderFactory<K, V> {
  const factory: LoaderFactory<K, V> = (ctx) => {
    let loader = ctx.loaders.get(factory) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(keys, ctx), {
        cacheKeyFn: (options.cacheKeyFn ?? ((k: K) => (typeof k === "object" ? JSON.stringify(k) : String(k)))) as (k: K) => K,
        maxBatchSize: options.maxBatchSize ?? MAX_PARAMETERS,
      });
      ctx.loaders.set(factory, loader);
    }
    return loader;
  };
  return factory;
}

/** Order `rows` to match `keys` (by `keyOf`), null for a key with no row. */
export function inKeyOrder<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (r: R) => unknown): (R | null)[] {
  const map = new Map<string, R>();
  for (const r of rows) map.set(String(keyOf(r)), r);
  return keys.map((k) => map.get(String(k)) ?? null);
}

/** Group `rows` by key, one (possibly empty) list per key, in key order. */
export function groupedByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (r: R) => unknown): R[][] {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const k = String(keyOf(r));
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(String(k)) ?? []);
}

/** Build a context (the server does this per request; tests call it directly). */
export function createContext(identity: Identity, db: DataSource, requestId: string, operationName?: string): SubgraphContext {
  return { identity, db, requestId, operationName, loaders: new Map(), audit: new AuditCollector() };
}
