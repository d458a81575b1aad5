import { In } from 'typeorm';
import { defineLoader, inKeyOrder, groupedByKey } from '@aidgraph/subgraph-kit';
import { Person } from './person.entity';

/** Persons by opaque id, in key order, null for an unknown id. One SELECT per batch. */
export const personById = defineLoader<string, Person | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(Person).findBy({ id: In([...ids]) });
  return inKeyOrder(ids, rows, (p) => p.id);
});

/** Persons by canonical ID number, null for an unknown number. */
export const personByIdNumber = defineLoader<string, Person | null>(async (numbers, ctx) => {
  const rows = await ctx.db.getRepository(Person).findBy({ idNumber: In([...numbers]) });
  return inKeyOrder(numbers, rows, (p) => p.idNumber);
});

/** The members of each household, head first then by birth date. */
export const membersByHouseholdId = defineLoader<string, Person[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(Person).find({ where: { householdId: In([...ids]) }, order: { birthDate: 'ASC', id: 'ASC' } });
  const groups = groupedByKey(ids, rows, (p) => p.householdId as string);
  return groups.map((g) => [...g.filter((p) => p.relationToHead === 'HEAD'), ...g.filter((p) => p.relationToHead !== 'HEAD')]);
});
