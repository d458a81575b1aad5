import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { {{Record}} } from './{{record-kebab}}.entity';

/** Each person's {{programme}} records, newest decision first. One SELECT per batch. */
export const {{records}}ByPersonId = defineLoader<string, {{Record}}[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository({{Record}})
    .find({ where: { personId: In([...ids]) }, order: { decidedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
