import { Arg, Query, Resolver, Ctx } from 'type-graphql';
import { TOWNSHIPS, TownshipType, badInput, isTownshipCode, type SubgraphContext, Public } from '@aidgraph/subgraph-kit';
import { Village } from './village.entity';

@Resolver()
export class DivisionResolver {
  @Public('the list of townships is reference data')
  @Query(() => [TownshipType], { nullable: true, description: '乡镇/街道 The fourteen townships of Jiaozhou, by code.' })
  townships(): TownshipType[] {
    return TOWNSHIPS.map((t) => TownshipType.of(t.code)!);
  }

  @Public('the villages of a township are reference data')
  @Query(() => [Village], { nullable: true, description: '村/社区 The villages and communities of a township, by code. BAD_USER_INPUT for an unknown township.' })
  villages(@Arg('townshipCode', { description: '9-digit township code, e.g. 370281001.' }) townshipCode: string, @Ctx() ctx: SubgraphContext): Promise<Village[]> {
    if (!isTownshipCode(townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
    return ctx.db.getRepository(Village).find({ where: { townshipCode }, order: { code: 'ASC' } });
  }
}
