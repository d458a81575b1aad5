import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { DisasterAssessment } from './disaster-assessment.entity';

/** Each household's disaster assessments, newest first. One SELECT per batch. */
export const disasterAssessmentsByHouseholdId = defineLoader<string, DisasterAssessment[]>(async (ids, ctx) => {
  const rows = await ctx.db
    .getRepository(DisasterAssessment)
    .find({ where: { householdId: In([...ids]) }, order: { assessedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId);
});

/** The assessment of a household for an event, by `${eventId}|${householdId}` (null when none). One SELECT per batch. */
export const disasterAssessmentByEventHousehold = defineLoader<string, DisasterAssessment | null>(async (keys, ctx) => {
  const householdIds = [...new Set(keys.map((k) => k.split('|')[1]))];
  const rows = await ctx.db.getRepository(DisasterAssessment).findBy({ householdId: In(householdIds) });
  const byKey = new Map(rows.map((r) => [`${r.eventId}|${r.householdId}`, r]));
  return keys.map((k) => byKey.get(k) ?? null);
});
