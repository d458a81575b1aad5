import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { DilapidatedHouseRenovation } from './dilapidated-house-renovation.entity';

/** Each household's renovations, latest assessment first. One SELECT per batch. */
export const renovationsByHouseholdId = defineLoader<string, DilapidatedHouseRenovation[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(DilapidatedHouseRenovation)
      .find({ where: { householdId: In([...ids]) }, order: { assessedOn: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.householdId);
  },
  { maxBatchSize: 10000 },
);

/** The renovations each person applied for, latest assessment first. One SELECT per batch. */
export const renovationsByApplicantId = defineLoader<string, DilapidatedHouseRenovation[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(DilapidatedHouseRenovation)
      .find({ where: { personId: In([...ids]) }, order: { assessedOn: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.personId);
  },
  { maxBatchSize: 10000 },
);
