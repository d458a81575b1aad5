import type { DataSource } from 'typeorm';
import { setAuditChainKey } from './chain';
import { auditCheckpointerOf, createCheckpointer, setAuditCheckpointer } from './checkpoint';
import { defaultCheckpointFile } from './archive';

/**
 * Configure the audit chain of a database opened outside the subgraph server (the roster import, a maintenance
 * script) as the server does, from the same environment variables: the chain key (AUDIT_CHAIN_KEY) and the checkpoint
 * stores (AUDIT_CHECKPOINT_FILE with its development default, AUDIT_CHECKPOINT_REDIS_URL / _PREFIX, signed with
 * AUDIT_CHECKPOINT_KEY or the chain key), so that the entries it appends verify and advance the same checkpoint.
 * Returns a function that closes the checkpoint stores.
 */
export function configureAuditFromEnv(db: DataSource, subgraph: string, databaseUrl: string, env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  const chainKey = env.AUDIT_CHAIN_KEY || undefined;
  setAuditChainKey(db, chainKey);
  const file = env.AUDIT_CHECKPOINT_FILE || (env.AIDGRAPH_MODE === 'production' ? undefined : defaultCheckpointFile(subgraph, databaseUrl));
  setAuditCheckpointer(
    db,
    createCheckpointer({
      subgraph,
      file: file === 'off' ? undefined : file,
      redisUrl: env.AUDIT_CHECKPOINT_REDIS_URL || undefined,
      redisPrefix: env.AUDIT_CHECKPOINT_REDIS_PREFIX || undefined,
      key: env.AUDIT_CHECKPOINT_KEY || chainKey,
      onError: (store, e) => console.error(`could not advance the audit checkpoint (${store.name}): ${(e as Error)?.name}`),
    }),
  );
  return async () => {
    for (const s of auditCheckpointerOf(db)?.stores ?? []) await s.close();
    setAuditCheckpointer(db, undefined);
  };
}
