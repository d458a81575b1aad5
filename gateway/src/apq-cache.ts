import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '@aidgraph/common';

/**
 * The cache of automatic persisted queries: Apollo Server's KeyValueCache interface (its keys are `apq:<sha256>`, its
 * values the query texts), bounded to a number of documents.
 */
export interface ApqCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
  /** where it lives */
  store: 'redis' | 'memory';
  close(): Promise<void>;
}

/** The longest one Redis command of the APQ cache may take (ms); past it the command counts as a miss. */
export const APQ_REDIS_TIMEOUT_MS = 500;

// the documents are `<prefix>doc:<key>` strings, the index `<prefix>index` a sorted set of keys by last use (ms);
// both scripts touch only keys under the prefix (one Redis, not a cluster)
const GET_SCRIPT = `
local v = redis.call('GET', KEYS[2] .. ARGV[1])
if v then redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1]) else redis.call('ZREM', KEYS[1], ARGV[1]) end
return v`;
const SET_SCRIPT = `
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[2] .. ARGV[1], ARGV[2], 'EX', ARGV[4]) else redis.call('SET', KEYS[2] .. ARGV[1], ARGV[2]) end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #old, 2 do redis.call('DEL', KEYS[2] .. old[i]) end
end
return 1`;

type ScriptedRedis = Redis & {
  apqGet(index: string, docPrefix: string, key: string, now: number): Promise<string | null>;
  apqSet(index: string, docPrefix: string, key: string, value: string, now: number, ttl: number, max: number): Promise<number>;
};

/**
 * The APQ cache: with `redisUrl`, in Redis, shared by every gateway replica (a document registered through one is
 * found by the others), bounded to `size` documents by a sorted index of last use (each set evicts the least recently
 * used beyond `size`, atomically, in a Lua script); without it an in-memory LRU (lru-cache) of `size` documents in each
 * process. A document lives at most `ttlSeconds` after it was registered (0: until evicted).
 *
 * Redis never fails a request: a command that fails or takes over APQ_REDIS_TIMEOUT_MS is a miss (the client is
 * answered PERSISTED_QUERY_NOT_FOUND and sends the text again, which then runs) or an unstored registration; logged once
 * while it lasts, and once when Redis answers again. No document text is logged.
 */
export function createApqCache(options: { size: number; ttlSeconds: number; redisUrl?: string; prefix: string }, log: Logger): ApqCache {
  const { size, ttlSeconds } = options;
  if (!options.redisUrl) {
    const lru = new LRUCache<string, string>({ max: size, ttl: ttlSeconds > 0 ? ttlSeconds * 1000 : undefined, ttlAutopurge: false });
    return {
      store: 'memory',
      async get(key) {
        return lru.get(key);
      },
      async set(key, value, o) {
        const ttl = o?.ttl ?? ttlSeconds;
        lru.set(key, value, ttl && ttl > 0 ? { ttl: ttl * 1000 } : undefined);
      },
      async delete(key) {
        return lru.delete(key);
      },
      async close() {
        lru.clear();
      },
    };
  }
  const redis = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: APQ_REDIS_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    connectionName: 'aidgraph-gateway-apq',
  }) as ScriptedRedis;
  redis.defineCommand('apqGet', { numberOfKeys: 2, lua: GET_SCRIPT });
  redis.defineCommand('apqSet', { numberOfKeys: 2, lua: SET_SCRIPT });
  const index = `${options.prefix}index`;
  const docs = `${options.prefix}doc:`;
  let failing = false;
  const failed = (e: unknown) => {
    if (failing) return;
    failing = true;
    log.warn({ store: 'redis', err: { name: (e as Error)?.name, message: (e as Error)?.message } }, 'APQ cache: Redis unreachable; persisted queries are misses until it is back');
  };
  const ok = () => {
    if (!failing) return;
    failing = false;
    log.info({ store: 'redis' }, 'APQ cache: Redis reachable again');
  };
  redis.on('error', failed);
  return {
    store: 'redis',
    async get(key) {
      try {
        const v = await redis.apqGet(index, docs, key, Date.now());
        ok();
        return v ?? undefined;
      } catch (e) {
        failed(e);
        return undefined;
      }
    },
    async set(key, value, o) {
      const ttl = o?.ttl ?? ttlSeconds;
      try {
        await redis.apqSet(index, docs, key, value, Date.now(), ttl && ttl > 0 ? ttl : 0, size);
        ok();
      } catch (e) {
        failed(e);
      }
    },
    async delete(key) {
      try {
        await redis.multi().del(`${docs}${key}`).zrem(index, key).exec();
        return true;
      } catch (e) {
        failed(e);
        return false;
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
