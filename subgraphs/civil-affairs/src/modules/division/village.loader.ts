import { In, type DataSource } from 'typeorm';
import { defineLoader, inKeyOrder } from '@aidgraph/subgraph-kit';
import { Village } from './village.entity';

/** How long this process keeps a village it has read (ms): a renamed village shows its new name within this time. */
export const VILLAGE_CACHE_MS = 10 * 60_000;
/** At most this many villages are kept per database (Jiaozhou has under a thousand); past it the cache starts over. */
const VILLAGE_CACHE_MAX = 20_000;

/**
 * The villages this process has read, per database. Villages are reference data (the national division codes): the
 * subgraph never writes them; the seed, the generator and the roster import add them. Only villages found are kept,
 * so a village added after a lookup missed it is read at its next use; a kept one is read again after VILLAGE_CACHE_MS.
 * Saves a statement on every person read with its village (issue 12 item 7, the 1M person lookup).
 */
const kept = new WeakMap<DataSource, Map<string, { village: Village; until: number }>>();

/** Villages/communities by 12-digit code, null for an unknown code; from the process's cache where it holds them. */
export const villageByCode = defineLoader<string, Village | null>(async (codes, ctx) => {
  let cache = kept.get(ctx.db);
  if (!cache) kept.set(ctx.db, (cache = new Map()));
  const now = Date.now();
  const found = new Map<string, Village>();
  const missing: string[] = [];
  for (const code of codes) {
    const hit = cache.get(code);
    if (hit && hit.until > now) found.set(code, hit.village);
    else missing.push(code);
  }
  if (missing.length) {
    const rows = await ctx.db.getRepository(Village).findBy({ code: In(missing) });
    if (cache.size + rows.length > VILLAGE_CACHE_MAX) cache.clear();
    for (const v of rows) {
      found.set(v.code, v);
      cache.set(v.code, { village: v, until: now + VILLAGE_CACHE_MS });
    }
  }
  return inKeyOrder(codes, [...found.values()], (v) => v.code);
});
