import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertCountOnlyList, assertFiltersAllowed,
  Decimal, PageArgs, TownshipType, YuanScalar, assertMayReadDepartment, badInput, connectionType, listOrder, isTownshipCode, paginate,
  scopeWhere, type ListOrderInput, type SubgraphContext, type Yuan,
} from '@aidgraph/subgraph-kit';
import { MedicalClaim } from './medical-claim.entity';
import { CorrectMedicalClaimInput, MedicalClaimFilter, RecordMedicalClaimInput, WithdrawMedicalClaimInput } from './medical-claim.input';
import { DEPARTMENT, correctMedicalClaim, recordMedicalClaim, withdrawMedicalClaim } from './medical-claim.service';
import { PersonStub } from '../person/person.stub';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ObjectType({ description: 'A page of medical assistance claims (Relay connection), in the order asked for (orderBy; default by id).' })
export class MedicalClaimConnection extends connectionType(MedicalClaim, 'MedicalClaim', 'A page of medical assistance claims (医疗救助申请).') {}

/** The orders of medicalClaims (orderBy): each key is classified (classification.ts, MedicalClaimOrder.field[KEY]). */
export const MedicalClaimOrdering = listOrder('MedicalClaim', {
  ADMISSION_DATE: { property: 'admissionDate', kind: 'date', description: '入院日期 By admission date (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
  DISCHARGE_DATE: { property: 'dischargeDate', kind: 'date', description: '出院日期 By discharge date (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
  TOTAL_COST: { property: 'totalCost', kind: 'integer', description: '医疗总费用 By total cost, compared as exact amounts (numerically, not as text).' },
});

/** Throw BAD_USER_INPUT unless `year` is a plausible calendar year (2000-2100). */
export function checkYear(year: number, field: string): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput(`\`${field}\` must be a calendar year from 2000 to 2100`, field, 'BAD_YEAR');
  return year;
}

@Resolver(() => MedicalClaim)
export class MedicalClaimResolver {
  @Query(() => MedicalClaimConnection, {
    nullable: true,
    description:
      '医疗救助申请 Medical assistance claims for staff and analysts, filtered, in the order asked for (orderBy: ' + MedicalClaimOrdering.summary + '; default by id, stable). A caseworker sees the ' +
      'claims handled in their township. BAD_USER_INPUT for a malformed filter. The aid each claim earns depends on the ' +
      'person\'s category: read it on `Person.medicalAssistance`. FORBIDDEN for other departments\' officers: a claim reveals ' +
      'an illness (its hospital alone may). Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; the coarse filters townshipCode, ' +
      'careType, status): FORBIDDEN with rows or cursors, as every claimant is an assistance recipient whom (gender, age ' +
      'band, township) singles out (class health.medical).',
  })
  async medicalClaims(
    @Args() page: PageArgs,
    @Arg('orderBy', () => MedicalClaimOrdering.input, { nullable: true, description: `The order: ${MedicalClaimOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => MedicalClaimFilter, { nullable: true, description: 'Filters; all given ones must hold.' }) filter: MedicalClaimFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MedicalClaimConnection> {
    assertMayReadDepartment(ctx.identity, DEPARTMENT);
    assertCountOnlyList(ctx.identity, 'Query.medicalClaims', info);
    assertFiltersAllowed(ctx.identity, 'MedicalClaimFilter', filter, info);
    const f = filter ?? {};
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    if (f.year != null) checkYear(f.year, 'filter.year');
    if (f.personId && !UUID.test(f.personId)) throw badInput('`personId` is not a registry id (a UUID)', 'filter.personId', 'BAD_ID');
    if (f.hospital != null && (f.hospital.trim().length < 1 || f.hospital.length > 100))
      throw badInput('`hospital` must have 1 to 100 characters', 'filter.hospital', 'BAD_LENGTH');
    const qb = ctx.db.getRepository(MedicalClaim).createQueryBuilder('c');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('c.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('c.townshipCode = :township', { township: f.townshipCode });
    if (f.year != null) qb.andWhere('c.dischargeDate >= :from AND c.dischargeDate < :to', { from: `${f.year}-01-01`, to: `${f.year + 1}-01-01` });
    if (f.careType) qb.andWhere('c.careType = :careType', { careType: f.careType });
    if (f.hospital) qb.andWhere(`c.hospital LIKE :hospital ESCAPE '\\'`, { hospital: `%${f.hospital.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` });
    if (f.personId) qb.andWhere('c.personId = :personId', { personId: f.personId.toLowerCase() });
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    return MedicalClaimConnection.of(await paginate(qb, page, { ordering: MedicalClaimOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, {
    nullable: true,
    description:
      'The patient (resolved by the civil-affairs registry). Null when the registry has no such person or the person is ' +
      'outside the caller\'s scope (the rest of the claim, and of the list, still answers).',
  })
  person(@Root() c: MedicalClaim): PersonStub {
    return Object.assign(new PersonStub(), { id: c.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township that handled the claim.' })
  township(@Root() c: MedicalClaim): TownshipType | null {
    return TownshipType.of(c.townshipCode);
  }

  @FieldResolver(() => YuanScalar, {
    description:
      '政策范围外费用 Costs outside the policy scope (自费), in yuan: total - basic insurance - critical-illness insurance - ' +
      'eligible remainder. Medical aid does not cover them.',
  })
  outsidePolicyCost(@Root() c: MedicalClaim): Yuan {
    return new Decimal(c.totalCost).minus(c.basicInsurancePaid).minus(c.criticalIllnessInsurancePaid).minus(c.eligibleSelfPay).toFixed(2);
  }

  @Mutation(() => MedicalClaim, {
    description:
      'Record a medical assistance claim (medical security officers). BAD_USER_INPUT for invalid fields (extensions.field ' +
      'names the field, extensions.reason why), CONFLICT for a duplicate (same person, hospital, kind of care and admission ' +
      'date; concurrent requests for one person run one after the other), FORBIDDEN for other roles. One transaction: a ' +
      'refused write changes nothing.',
  })
  recordMedicalClaim(@Arg('input', { description: 'The claim.' }) input: RecordMedicalClaimInput, @Ctx() ctx: SubgraphContext): Promise<MedicalClaim> {
    return recordMedicalClaim(ctx, input);
  }

  @Mutation(() => MedicalClaim, {
    description:
      'Correct a recorded medical claim (medical security officers). NOT_FOUND for an unknown id, CONFLICT for a withdrawn ' +
      'claim or a correction that duplicates another recorded claim (DUPLICATE_CLAIM), BAD_USER_INPUT when the corrected ' +
      'claim is not valid as a whole. The aid is recomputed when next read.',
  })
  correctMedicalClaim(@Arg('input', { description: 'The correction.' }) input: CorrectMedicalClaimInput, @Ctx() ctx: SubgraphContext): Promise<MedicalClaim> {
    return correctMedicalClaim(ctx, input);
  }

  @Mutation(() => MedicalClaim, {
    description:
      'Withdraw a recorded medical claim (medical security officers): it stays on record as WITHDRAWN, dated today, and ' +
      'counts for nothing, so later claims of its year may get more aid. NOT_FOUND for an unknown id, CONFLICT when already withdrawn.',
  })
  withdrawMedicalClaim(@Arg('input', { description: 'The claim and the reason.' }) input: WithdrawMedicalClaimInput, @Ctx() ctx: SubgraphContext): Promise<MedicalClaim> {
    return withdrawMedicalClaim(ctx, input);
  }
}
