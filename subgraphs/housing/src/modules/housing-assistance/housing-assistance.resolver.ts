import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { HousingAssistance } from './housing-assistance.type';
import { RentSubsidy } from '../rent-subsidy/rent-subsidy.entity';
import { RentSubsidyStatus } from '../rent-subsidy/rent-subsidy.enums';
import { rentSubsidiesByApplicantId, rentSubsidiesByHouseholdId } from '../rent-subsidy/rent-subsidy.loader';
import { PublicRentalAllocation } from '../public-rental-allocation/public-rental-allocation.entity';
import { PublicRentalAllocationStatus } from '../public-rental-allocation/public-rental-allocation.enums';
import { publicRentalsByApplicantId, publicRentalsByHouseholdId } from '../public-rental-allocation/public-rental-allocation.loader';
import { DilapidatedHouseRenovation } from '../dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { DilapidatedHouseRenovationStatus } from '../dilapidated-house-renovation/dilapidated-house-renovation.enums';
import { renovationsByApplicantId, renovationsByHouseholdId } from '../dilapidated-house-renovation/dilapidated-house-renovation.loader';

/** Load one kind of record for the assistance's basis, keeping those the caller may see. */
async function load<T extends { townshipCode: string }>(
  a: HousingAssistance,
  ctx: SubgraphContext,
  byHousehold: (ctx: SubgraphContext) => { load(id: string): Promise<T[]> },
  byApplicant: (ctx: SubgraphContext) => { load(id: string): Promise<T[]> },
): Promise<T[]> {
  const rows = 'householdId' in a.basis ? await byHousehold(ctx).load(a.basis.householdId) : await byApplicant(ctx).load(a.basis.applicantId);
  return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
}

@Resolver(() => HousingAssistance)
export class HousingAssistanceResolver {
  @FieldResolver(() => RentSubsidy, { nullable: true, description: '当前租赁补贴 The ACTIVE rent subsidy (a household has at most one); null when there is none.' })
  async currentRentSubsidy(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<RentSubsidy | null> {
    const rows = await load(a, ctx, rentSubsidiesByHouseholdId, rentSubsidiesByApplicantId);
    return rows.find((r) => r.status === RentSubsidyStatus.ACTIVE) ?? null;
  }

  @FieldResolver(() => PublicRentalAllocation, {
    nullable: true,
    description: '当前公租房 The ACTIVE public rental allocation (a household holds at most one lease at a time); null when there is none.',
  })
  async currentPublicRentalAllocation(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<PublicRentalAllocation | null> {
    const rows = await load(a, ctx, publicRentalsByHouseholdId, publicRentalsByApplicantId);
    return rows.find((r) => r.status === PublicRentalAllocationStatus.ACTIVE) ?? null;
  }

  @FieldResolver(() => DilapidatedHouseRenovation, {
    nullable: true,
    description: '危房改造 The latest renovation that was not cancelled (by assessment date), open or completed; null when there is none.',
  })
  async renovation(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<DilapidatedHouseRenovation | null> {
    const rows = await load(a, ctx, renovationsByHouseholdId, renovationsByApplicantId);
    return rows.find((r) => r.status !== DilapidatedHouseRenovationStatus.CANCELLED) ?? null;
  }

  @FieldResolver(() => [RentSubsidy], { description: 'Every rent subsidy, latest period first (the history, revoked ones included).' })
  rentSubsidies(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<RentSubsidy[]> {
    return load(a, ctx, rentSubsidiesByHouseholdId, rentSubsidiesByApplicantId);
  }

  @FieldResolver(() => [PublicRentalAllocation], { description: 'Every public rental allocation, latest lease first (cancelled ones included).' })
  publicRentalAllocations(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<PublicRentalAllocation[]> {
    return load(a, ctx, publicRentalsByHouseholdId, publicRentalsByApplicantId);
  }

  @FieldResolver(() => [DilapidatedHouseRenovation], { description: 'Every dilapidated-house renovation, latest assessment first (cancelled ones included).' })
  renovations(@Root() a: HousingAssistance, @Ctx() ctx: SubgraphContext): Promise<DilapidatedHouseRenovation[]> {
    return load(a, ctx, renovationsByHouseholdId, renovationsByApplicantId);
  }
}
