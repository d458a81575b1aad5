import { In } from 'typeorm';
import { defineLoader, groupedByKey, inKeyOrder } from '@aidgraph/subgraph-kit';
import { CharityProject } from './charity-project.entity';
import { CharityProjectTargetGroup } from './charity-project-target-group.entity';
import { CharityTargetGroup } from './charity-project.enums';
import { projectTotals, type ProjectTotals } from './charity-project.totals';

/** Projects by id, in key order, null for an unknown id. One SELECT per batch. */
export const charityProjectById = defineLoader<string, CharityProject | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(CharityProject).findBy({ id: In([...ids]) });
  return inKeyOrder(ids, rows, (p) => p.id);
});

/** Each project's target groups, in the enum's order. One SELECT per batch. */
export const targetGroupsByProjectId = defineLoader<string, CharityTargetGroup[]>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(CharityProjectTargetGroup).findBy({ projectId: In([...ids]) });
  const order = Object.values(CharityTargetGroup) as string[];
  return groupedByKey(ids, rows, (r) => r.projectId).map((list) =>
    list.map((r) => r.targetGroup).sort((a, b) => order.indexOf(a) - order.indexOf(b)),
  );
});

/** Each project's totals (received, granted, balance, counts), summed in SQL: two statements per batch. */
export const charityProjectTotalsById = defineLoader<string, ProjectTotals>((ids, ctx) => projectTotals(ctx.db.manager, ids));
