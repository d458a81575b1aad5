import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { WarningAlert } from './warning-alert.entity';

/** Each person's alerts, newest first. One SELECT per batch. */
export const warningAlertsByPersonId = defineLoader<string, WarningAlert[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(WarningAlert).find({ where: { personId: In([...ids]) }, order: { raisedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.personId);
});
