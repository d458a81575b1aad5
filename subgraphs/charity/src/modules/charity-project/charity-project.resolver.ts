import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { assertFiltersAllowed, PageArgs, YuanScalar, connectionType, listOrder, paginate, type ListOrderInput, type SubgraphContext, type Yuan, Public, checkUuid } from '@aidgraph/subgraph-kit';
import { CharityProject } from './charity-project.entity';
import { CharityTargetGroup } from './charity-project.enums';
import { CharityProjectTargetGroup } from './charity-project-target-group.entity';
import { CharityProjectFilter, CloseCharityProjectInput, CreateCharityProjectInput, UpdateCharityProjectInput } from './charity-project.input';
import { charityProjectById, charityProjectTotalsById, targetGroupsByProjectId } from './charity-project.loader';
import { closeCharityProject, createCharityProject, updateCharityProject } from './charity-project.service';
import {  } from '../common/validation';

@ObjectType({ description: 'A page of charity projects (Relay connection).' })
export class CharityProjectConnection extends connectionType(CharityProject, 'CharityProject', 'A page of charity projects (慈善项目).') {}

/** The orders of charityProjects (orderBy): each key is classified (classification.ts, CharityProjectOrder.field[KEY]). */
export const CharityProjectOrdering = listOrder('CharityProject', {
  NAME: { property: 'name', kind: 'string', description: '项目名称 By name, in Unicode code point order (the same on PostgreSQL and SQLite; not pinyin).' },
  START_DATE: { property: 'startDate', kind: 'date', description: '开始日期 By first day (ISO date order).' },
  BUDGET: { property: 'budget', kind: 'integer', description: '预算 By budget, compared as exact amounts (numerically).' },
});

@Resolver(() => CharityProject)
export class CharityProjectResolver {
  @Public('the list of charity projects: public (see CharityProject)')
  @Query(() => CharityProjectConnection, {
    nullable: true,
    description:
      '慈善项目 The charity federation\'s projects, filtered, in the order asked for (orderBy: ' + CharityProjectOrdering.summary + '; default by id, stable). Projects are city-wide: every role ' +
      'sees them. Their totals are summed from the records.',
  })
  async charityProjects(
    @Args() page: PageArgs,
    @Arg('orderBy', () => CharityProjectOrdering.input, { nullable: true, description: `The order: ${CharityProjectOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => CharityProjectFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: CharityProjectFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CharityProjectConnection> {
    assertFiltersAllowed(ctx.identity, 'CharityProjectFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(CharityProject).createQueryBuilder('p');
    if (f.status) qb.andWhere('p.status = :status', { status: f.status });
    if (f.targetGroup) {
      const sub = qb
        .subQuery()
        .select('1')
        .from(CharityProjectTargetGroup, 'tg')
        .where('tg.projectId = p.id')
        .andWhere('tg.targetGroup = :targetGroup')
        .getQuery();
      qb.andWhere(`EXISTS ${sub}`, { targetGroup: f.targetGroup });
    }
    return CharityProjectConnection.of(await paginate(qb, page, { ordering: CharityProjectOrdering, orderBy, identity: ctx.identity }));
  }

  @Public('a charity project by id: public (see CharityProject)')
  @Query(() => CharityProject, { nullable: true, description: 'A charity project by id; null when there is none. BAD_USER_INPUT for a malformed id.' })
  charityProject(@Arg('id', () => ID, { description: 'The project\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<CharityProject | null> {
    return charityProjectById(ctx).load(checkUuid(id, 'id'));
  }

  @FieldResolver(() => [CharityTargetGroup], { description: '救助对象 The groups the project is for (at least one).' })
  targetGroups(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<CharityTargetGroup[]> {
    return targetGroupsByProjectId(ctx).load(p.id);
  }

  @FieldResolver(() => YuanScalar, { description: '已收捐赠 Total of the project\'s donations that are RECEIVED (refunded ones excluded), in yuan.' })
  async received(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<Yuan> {
    return (await charityProjectTotalsById(ctx).load(p.id)).received;
  }

  @FieldResolver(() => YuanScalar, { description: '已发放救助金 Total of the project\'s grants that are GRANTED (withdrawn ones excluded), in yuan. Project-wide for every caller, caseworkers included (not scoped): a project\'s income and spending are public by law (慈善法 art. 71-76, 信息公开), and a total over the whole city names no one; the grants themselves stay scoped and FORBIDDEN to other departments.' })
  async granted(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<Yuan> {
    return (await charityProjectTotalsById(ctx).load(p.id)).granted;
  }

  @FieldResolver(() => YuanScalar, {
    description:
      '结余 Balance in yuan = received − granted. Never negative: a grant above it, or a refund or correction of a donation ' +
      'that would take it below zero, is refused. Project-wide for every caller, caseworkers included (not scoped): a project\'s income and spending are public by law (慈善法 art. 71-76, 信息公开), and a total over the whole city names no one; the grants themselves stay scoped and FORBIDDEN to other departments.',
  })
  async balance(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<Yuan> {
    return (await charityProjectTotalsById(ctx).load(p.id)).balance;
  }

  @FieldResolver(() => Int, { description: 'Number of the project\'s donations that are RECEIVED.' })
  async donationCount(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await charityProjectTotalsById(ctx).load(p.id)).donationCount;
  }

  @FieldResolver(() => Int, { description: 'Number of the project\'s grants that are GRANTED. Project-wide for every caller, caseworkers included (not scoped): a project\'s income and spending are public by law (慈善法 art. 71-76, 信息公开), and a total over the whole city names no one; the grants themselves stay scoped and FORBIDDEN to other departments.' })
  async grantCount(@Root() p: CharityProject, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await charityProjectTotalsById(ctx).load(p.id)).grantCount;
  }

  @Mutation(() => CharityProject, {
    description:
      'Create a charity project, OPEN (charity federation officers). BAD_USER_INPUT for invalid fields (extensions.field ' +
      'names it), FORBIDDEN for other roles.',
  })
  createCharityProject(@Arg('input', { description: 'The project.' }) input: CreateCharityProjectInput, @Ctx() ctx: SubgraphContext): Promise<CharityProject> {
    return createCharityProject(ctx, input);
  }

  @Mutation(() => CharityProject, {
    description:
      'Correct an OPEN charity project (charity federation officers): only the fields given change. NOT_FOUND for an unknown ' +
      'id; CONFLICT when the project is closed (PROJECT_CLOSED) or new dates would leave records outside the period ' +
      '(RECORDS_OUTSIDE_PERIOD); BAD_USER_INPUT for invalid fields.',
  })
  updateCharityProject(@Arg('input', { description: 'The changes.' }) input: UpdateCharityProjectInput, @Ctx() ctx: SubgraphContext): Promise<CharityProject> {
    return updateCharityProject(ctx, input);
  }

  @Mutation(() => CharityProject, {
    description:
      'Close (结项) a charity project (charity federation officers): no donation, refund, grant or withdrawal may be recorded ' +
      'for it afterwards. NOT_FOUND, CONFLICT ALREADY_CLOSED, BAD_USER_INPUT for a closing date before the start or before a record.',
  })
  closeCharityProject(@Arg('input', { description: 'The project and the closing date.' }) input: CloseCharityProjectInput, @Ctx() ctx: SubgraphContext): Promise<CharityProject> {
    return closeCharityProject(ctx, input);
  }
}
