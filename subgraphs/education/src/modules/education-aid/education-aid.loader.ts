import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { EducationAid } from './education-aid.entity';

/** Each person's education aid records, newest academic year first. One SELECT per batch. */
export const educationAidsByPersonId = defineLoader<string, EducationAid[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(EducationAid)
    .find({ where: { personId: In([...ids]) }, order: { academicYear: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
