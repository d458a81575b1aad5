import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { CharityGrant } from './charity-grant.entity';

/** Each person's charity grants, newest first. One SELECT per batch. */
export const charityGrantsByPersonId = defineLoader<string, CharityGrant[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(CharityGrant)
    .find({ where: { personId: In([...ids]) }, order: { grantedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});

/** Each household's charity grants (to the household as a whole), newest first. One SELECT per batch. */
export const charityGrantsByHouseholdId = defineLoader<string, CharityGrant[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(CharityGrant)
    .find({ where: { householdId: In([...ids]) }, order: { grantedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId);
});
