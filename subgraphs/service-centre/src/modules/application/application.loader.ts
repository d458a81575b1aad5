import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from './application.entity';

/** Each person's applications (as applicant), newest submission first. One SELECT per batch. */
export const applicationsByApplicantId = defineLoader<string, AssistanceApplication[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(AssistanceApplication).find({ where: { applicantId: In([...ids]) }, order: { submittedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.applicantId);
});

/** Each household's applications, newest submission first. One SELECT per batch. */
export const applicationsByHouseholdId = defineLoader<string, AssistanceApplication[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(AssistanceApplication).find({ where: { householdId: In([...ids]) }, order: { submittedOn: 'DESC', id: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.householdId!);
});

/** Each application's transitions, oldest first. One SELECT per batch. */
export const transitionsByApplicationId = defineLoader<string, ApplicationTransition[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(ApplicationTransition).find({ where: { applicationId: In([...ids]) }, order: { version: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.applicationId);
});

/** Each application's documents (in code order). One SELECT per batch. */
export const documentsByApplicationId = defineLoader<string, ApplicationDocument[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(ApplicationDocument).find({ where: { applicationId: In([...ids]) }, order: { code: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.applicationId);
});

/** Each application's household visits, oldest first. One SELECT per batch. */
export const visitsByApplicationId = defineLoader<string, HouseholdVisit[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(HouseholdVisit).find({ where: { applicationId: In([...ids]) }, order: { visitedOn: 'ASC', applicationVersion: 'ASC' } });
  return groupedByKey(ids, rows, (r) => r.applicationId);
});
