import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Public, TownshipType, badInput, isTownshipCode, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { LegalServiceProvider } from './legal-service-provider.entity';
import { LegalServiceProviderKind } from '../legal-aid-case/legal-aid-case.enums';

@Resolver(() => LegalServiceProvider)
export class LegalServiceProviderResolver {
  @Query(() => [LegalServiceProvider], {
    nullable: true,
    description:
      '法律援助服务机构名录 The providers legal aid cases are assigned to, by name (code point order); a short public list, not ' +
      'paged. Every role may read it. BAD_USER_INPUT for an unknown township code.',
  })
  @Public('the bureau\'s published list of providers: organisations, no assisted person')
  async legalServiceProviders(
    @Arg('kind', () => LegalServiceProviderKind, { nullable: true, description: 'Only providers of this kind.' }) kind: LegalServiceProviderKind | null,
    @Arg('townshipCode', () => String, { nullable: true, description: 'Only providers in this township (9-digit code).' }) townshipCode: string | null,
    @Arg('activeOnly', () => Boolean, { nullable: true, defaultValue: true, description: 'Only providers that take new cases (default true; false lists every provider).' }) activeOnly: boolean | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<LegalServiceProvider[]> {
    if (townshipCode != null && !isTownshipCode(townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
    const qb = ctx.db.getRepository(LegalServiceProvider).createQueryBuilder('p');
    if (kind) qb.andWhere('p.kind = :kind', { kind });
    if (townshipCode) qb.andWhere('p.townshipCode = :township', { township: townshipCode });
    if (activeOnly !== false) qb.andWhere('p.active = :active', { active: true });
    const rows = await qb.getMany();
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township where the provider sits.' })
  @Public('where a provider (an organisation) sits')
  township(@Root() p: LegalServiceProvider): TownshipType | null {
    return TownshipType.of(p.townshipCode);
  }
}
