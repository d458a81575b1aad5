import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from './assistance-application.entity';

/** Each person's 一窗受理 records, newest decision first. One SELECT per batch. */
export const applicationsByPersonId = defineLoader<string, AssistanceApplication[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(AssistanceApplication)
    .find({ where: { personId: In([...ids]) }, order: { decidedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
