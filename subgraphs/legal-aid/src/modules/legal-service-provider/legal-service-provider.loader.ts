import { In } from 'typeorm';
import { defineLoader } from '@aidgraph/subgraph-kit';
import { LegalServiceProvider } from './legal-service-provider.entity';

/** Providers by id (null for an unknown id). One SELECT per batch. */
export const providersById = defineLoader<string, LegalServiceProvider | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(LegalServiceProvider).findBy({ id: In([...ids]) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
});
