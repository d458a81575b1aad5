import { In } from 'typeorm';
import { defineLoader } from '@aidgraph/subgraph-kit';
import { DisasterEvent } from './disaster-event.entity';

/** Disaster events by id (null for an unknown id). One SELECT per batch. */
export const disasterEventsById = defineLoader<string, DisasterEvent | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(DisasterEvent).findBy({ id: In([...ids]) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
});
