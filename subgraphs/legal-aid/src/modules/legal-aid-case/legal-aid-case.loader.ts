import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { LegalAidCase } from './legal-aid-case.entity';

/** Each person's legal aid cases, newest application first. One SELECT per batch. */
export const legalAidCasesByPersonId = defineLoader<string, LegalAidCase[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(LegalAidCase)
    .find({ where: { personId: In([...ids]) }, order: { appliedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
