import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { DisasterRelief } from './disaster-relief.entity';

/** Each person's disaster relief grants (as recipient), newest first. One SELECT per batch. */
export const disasterReliefsByPersonId = defineLoader<string, DisasterRelief[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(DisasterRelief)
    .find({ where: { personId: In([...ids]) }, order: { grantedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});

/** Each household's disaster relief grants (whoever the recipient), newest first. One SELECT per batch. */
export const disasterReliefsByHouseholdId = defineLoader<string, DisasterRelief[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(DisasterRelief)
    .find({ where: { householdId: In([...ids]) }, order: { grantedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId);
});
