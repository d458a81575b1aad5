import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { Enrolment, PersonCoveredGroup } from './enrolment.entity';

/** Each person's enrolments, newest first. One SELECT per batch. */
export const enrolmentsByPersonId = defineLoader<string, Enrolment[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(Enrolment)
    .find({ where: { personId: In([...ids]) }, order: { startDate: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (e) => e.personId);
});

/** Each person's covered-group codes, sorted. */
export const coveredGroupsByPersonId = defineLoader<string, string[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(PersonCoveredGroup)
    .find({ where: { personId: In([...ids]) }, order: { coveredGroup: 'ASC' } });
  return groupedByKey(ids, rows, (g) => g.personId).map((list) => list.map((g) => g.coveredGroup));
});
