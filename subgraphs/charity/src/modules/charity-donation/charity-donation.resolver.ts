import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { assertFiltersAllowed, PageArgs, Protected, badInput, connectionType, listOrder, paginate, type ListOrderInput, type SubgraphContext, Public, checkUuid } from '@aidgraph/subgraph-kit';
import { CharityDonation } from './charity-donation.entity';
import { CharityDonorKind } from './charity-donation.enums';
import { CharityDonationFilter, CorrectCharityDonationInput, RecordCharityDonationInput, RefundCharityDonationInput } from './charity-donation.input';
import { correctCharityDonation, recordCharityDonation, refundCharityDonation } from './charity-donation.service';
import { CharityProject } from '../charity-project/charity-project.entity';
import { charityProjectById } from '../charity-project/charity-project.loader';
import { checkDate } from '../common/validation';

@ObjectType({ description: 'A page of donations (Relay connection).' })
export class CharityDonationConnection extends connectionType(CharityDonation, 'CharityDonation', 'A page of donations (捐赠).') {}

/** The orders of charityDonations (orderBy): each key is classified (classification.ts, CharityDonationOrder.field[KEY]). */
export const CharityDonationOrdering = listOrder('CharityDonation', {
  RECEIVED_ON: { property: 'receivedOn', kind: 'date', description: '收到日期 By the day received (ISO date order).' },
  AMOUNT: { property: 'amount', kind: 'integer', description: '捐赠金额 By amount, compared as exact amounts (numerically).' },
});

@Resolver(() => CharityDonation)
export class CharityDonationResolver {
  @Public('the list of donations: public (see CharityDonation)')
  @Query(() => CharityDonationConnection, {
    nullable: true,
    description:
      '捐赠 Donations received by the charity federation, filtered, in the order asked for (orderBy: ' + CharityDonationOrdering.summary + '; default by id, stable). Every role sees them; the ' +
      'name of an individual donor is personal data (class identifier.name): donorName is null for analysts (a surname ' +
      'would still single out donors in a small place); organisations\' names are shown to all. BAD_USER_INPUT for a malformed filter.',
  })
  async charityDonations(
    @Args() page: PageArgs,
    @Arg('orderBy', () => CharityDonationOrdering.input, { nullable: true, description: `The order: ${CharityDonationOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => CharityDonationFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: CharityDonationFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CharityDonationConnection> {
    assertFiltersAllowed(ctx.identity, 'CharityDonationFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(CharityDonation).createQueryBuilder('d');
    if (f.projectId) qb.andWhere('d.projectId = :projectId', { projectId: checkUuid(f.projectId, 'filter.projectId') });
    if (f.receivedFrom) qb.andWhere('d.receivedOn >= :from', { from: checkDate(f.receivedFrom, 'filter.receivedFrom') });
    if (f.receivedTo) qb.andWhere('d.receivedOn <= :to', { to: checkDate(f.receivedTo, 'filter.receivedTo') });
    if (f.receivedFrom && f.receivedTo && f.receivedTo < f.receivedFrom)
      throw badInput('`receivedTo` is before `receivedFrom`', 'filter.receivedTo', 'END_BEFORE_START');
    if (f.anonymous != null) qb.andWhere('d.anonymous = :anonymous', { anonymous: f.anonymous });
    if (f.donorKind) qb.andWhere('d.donorKind = :kind', { kind: f.donorKind });
    if (f.status) qb.andWhere('d.status = :status', { status: f.status });
    return CharityDonationConnection.of(await paginate(qb, page, { ordering: CharityDonationOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => CharityProject, { description: '慈善项目 The project the donation funds.' })
  async project(@Root() d: CharityDonation, @Ctx() ctx: SubgraphContext): Promise<CharityProject> {
    return (await charityProjectById(ctx).load(d.projectId))!;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '捐赠人姓名 Name of an individual donor: personal data (class identifier.name), null for analysts. Null for an anonymous ' +
      'donation and for an enterprise or organisation (see donorOrganisationName).',
  })
  @Protected({ identifier: 'name' })
  donorName(@Root() d: CharityDonation): string | null {
    return d.donorKind === CharityDonorKind.INDIVIDUAL && !d.anonymous ? d.donor : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '捐赠单位 Name of the donating enterprise or organisation (not personal data). Null for an anonymous donation and for ' +
      'an individual (see donorName).',
  })
  donorOrganisationName(@Root() d: CharityDonation): string | null {
    return d.donorKind !== CharityDonorKind.INDIVIDUAL && !d.anonymous ? d.donor : null;
  }

  @Mutation(() => CharityDonation, {
    description:
      'Record a donation received (charity federation officers). NOT_FOUND for an unknown project; CONFLICT PROJECT_CLOSED; ' +
      'BAD_USER_INPUT for invalid fields (extensions.field names it), e.g. a date outside the project\'s period or a name ' +
      'given for an anonymous donation; FORBIDDEN for other roles.',
  })
  recordCharityDonation(@Arg('input', { description: 'The donation.' }) input: RecordCharityDonationInput, @Ctx() ctx: SubgraphContext): Promise<CharityDonation> {
    return recordCharityDonation(ctx, input);
  }

  @Mutation(() => CharityDonation, {
    description:
      'Correct a RECEIVED donation (charity federation officers). NOT_FOUND; CONFLICT ALREADY_REFUNDED, PROJECT_CLOSED, or ' +
      'INSUFFICIENT_BALANCE when a lower amount would take the project\'s balance below zero; BAD_USER_INPUT for invalid fields.',
  })
  correctCharityDonation(@Arg('input', { description: 'The changes.' }) input: CorrectCharityDonationInput, @Ctx() ctx: SubgraphContext): Promise<CharityDonation> {
    return correctCharityDonation(ctx, input);
  }

  @Mutation(() => CharityDonation, {
    description:
      'Refund (退还) a RECEIVED donation in full (charity federation officers). NOT_FOUND; CONFLICT ALREADY_REFUNDED, ' +
      'PROJECT_CLOSED, or INSUFFICIENT_BALANCE when the project\'s balance would fall below zero (the money has been granted).',
  })
  refundCharityDonation(@Arg('input', { description: 'The donation, date and reason.' }) input: RefundCharityDonationInput, @Ctx() ctx: SubgraphContext): Promise<CharityDonation> {
    return refundCharityDonation(ctx, input);
  }
}
