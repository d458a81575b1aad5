import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import {
  assertFiltersAllowed, checkCalendarDate, connectionType, listOrder, paginate, OrderDirection, PageArgs, Protected, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Household } from '../household/household.entity';
import { householdById } from '../household/household.loader';
import { Person } from '../person/person.entity';
import { personById } from '../person/person.loader';
import { MemberCircumstance, VerificationFigure, VerificationItem, VerificationRun, VerificationStandards, VerificationStep } from './verification.entity';
import {
  MemberHealthInput, RecordMemberCircumstancesInput, RecordVerificationItemInput, VerificationItemFilter, VerificationRunFilter, VerifyHouseholdInput,
} from './verification.input';
import {
  INCOME_ACCESS, computeVerification, recheck, recordMemberCircumstances, recordVerificationItem, verificationWithheld, verifyHousehold,
} from './verification.service';
import type { Explanation } from './verification.rules';

@ObjectType({ description: '核对结果列表 A page of a household\'s stored verification runs (Relay connection), newest date first unless ordered otherwise.' })
export class VerificationRunConnection extends connectionType(VerificationRun, 'VerificationRun', 'A page of stored household verification runs.') {}

@ObjectType({ description: '核对记录列表 A page of a household\'s verification records (income and asset items) (Relay connection).' })
export class VerificationItemConnection extends connectionType(VerificationItem, 'VerificationItem', 'A page of income and asset items of a household\'s members.') {}

const ORDER_ACCESS = { class: INCOME_ACCESS, note: 'the list\'s own order: who may see the runs may order them' };

/** Household.verifications' orders: by the date verified (newest first by default). */
export const VerificationRunOrdering = listOrder('VerificationRun', {
  ON: { property: 'on', kind: 'date', description: '核对日期 By the date the verification is for (DESC, the default: newest first).', access: ORDER_ACCESS },
});

/** Household.verificationItems' orders: by the date obtained (newest first by default). */
export const VerificationItemOrdering = listOrder('VerificationItem', {
  OBTAINED_ON: { property: 'obtainedOn', kind: 'date', description: '获取日期 By the date the item was obtained (DESC, the default: newest first).', access: ORDER_ACCESS },
});

const toSteps = (json: string): VerificationStep[] =>
  (JSON.parse(json) as Explanation[]).map((e) =>
    Object.assign(new VerificationStep(), { ...e, figures: e.figures.map((f) => Object.assign(new VerificationFigure(), f)) }),
  );

const ACCESS_NOTE =
  ' Class income: caseworkers (and approvers) of the household\'s township, civil-affairs officers and auditors; FORBIDDEN ' +
  'to other departments\' officers, village assistants and a caseworker of another township; null for analysts.';

@Resolver(() => VerificationRun)
export class VerificationRunResolver {
  @FieldResolver(() => Household, { nullable: true, description: '家庭 The household verified.' })
  household(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): Promise<Household | null> {
    return householdById(ctx).load(r.householdId);
  }

  @FieldResolver(() => [VerificationStep], { nullable: true, description: '核对说明 Every test in order (counted members, income, assets, dibao, marginal, single-person coverage and tekun per member), each with its rule, figures and records.' })
  steps(@Root() r: VerificationRun): VerificationStep[] {
    return toSteps(r.stepsJson);
  }

  @FieldResolver(() => VerificationStandards, { nullable: true, description: '核对标准 The standards used.' })
  standards(@Root() r: VerificationRun): VerificationStandards {
    return Object.assign(new VerificationStandards(), JSON.parse(r.standardsJson));
  }

  @FieldResolver(() => [ID], { nullable: true, description: '单人保 The members who may be covered alone (marginal household; grade 1-2 disability, grade 3 intellectual or mental, or a grave illness).' })
  singlePersonCoverage(@Root() r: VerificationRun): string[] {
    return JSON.parse(r.singlePersonCoverageJson);
  }

  @FieldResolver(() => [ID], { nullable: true, description: '特困 The members meeting all three tekun conditions.' })
  tekun(@Root() r: VerificationRun): string[] {
    return JSON.parse(r.tekunJson);
  }

  @FieldResolver(() => String, { nullable: true, description: '输入快照 The inputs the rules read, as JSON: the date, the members (relation, birth date, status, circumstances, health) and the items used; with `standards` it lets the run be re-checked.' })
  inputsSnapshot(@Root() r: VerificationRun): string {
    return r.inputsJson;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: '复核 True when the rules of this version, run again on the stored inputs snapshot and standards, give the same outcome, figures and explanation.',
  })
  recheckMatches(@Root() r: VerificationRun): boolean {
    const again = recheck(r);
    return again.outcome === r.outcome && again.perCapitaIncome === r.perCapitaIncome && again.dibaoAmount === r.dibaoAmount && again.stepsJson === r.stepsJson;
  }
}

@Resolver(() => VerificationItem)
export class VerificationItemResolver {
  @FieldResolver(() => Person, { nullable: true, description: '成员 The household member the item is of.' })
  person(@Root() i: VerificationItem, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    return personById(ctx).load(i.personId);
  }
}

@Resolver(() => Household)
export class HouseholdVerificationResolver {
  @Protected(INCOME_ACCESS)
  @FieldResolver(() => VerificationRun, {
    nullable: true,
    description:
      '家庭经济状况核对 The household\'s verification on a date, computed now by the rules and not stored (verifyHousehold stores ' +
      'one): the members and their circumstances on the date, the items obtained by then, the standards in force. ' +
      'BAD_USER_INPUT (field `on` or `health[i]...`) for a bad date, a date in the future or before the first standard, or ' +
      'health of a non-member.' + ACCESS_NOTE,
  })
  async verification(
    @Root() h: Household,
    @Arg('on', { description: '核对日期 The date (ISO YYYY-MM-DD).' }) on: string,
    @Arg('health', () => [MemberHealthInput], { nullable: true, description: '健康情况 Members\' disabilities and grave illness (optional).' }) health: MemberHealthInput[] | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<VerificationRun | null> {
    if (verificationWithheld(ctx.identity, h)) return null;
    return computeVerification(ctx, h, on, health);
  }

  @Protected(INCOME_ACCESS)
  @FieldResolver(() => VerificationRunConnection, { nullable: true, description: '核对记录 The stored verification runs, newest date first (orderBy ON DESC unless given).' + ACCESS_NOTE })
  async verifications(
    @Root() h: Household,
    @Args() page: PageArgs,
    @Arg('orderBy', () => VerificationRunOrdering.input, { nullable: true, description: `The order: ${VerificationRunOrdering.summary}; default ON, DESC.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => VerificationRunFilter, { nullable: true, description: 'Only the runs matching all given filters.' }) filter: VerificationRunFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<VerificationRunConnection | null> {
    if (verificationWithheld(ctx.identity, h)) return null;
    assertFiltersAllowed(ctx.identity, 'VerificationRunFilter', filter, info);
    const f = filter ?? {};
    if (f.onFrom != null) checkCalendarDate(f.onFrom, 'filter.onFrom');
    if (f.onTo != null) checkCalendarDate(f.onTo, 'filter.onTo');
    const qb = ctx.db.getRepository(VerificationRun).createQueryBuilder('r').where('r.householdId = :id', { id: h.id });
    if (f.outcome) qb.andWhere('r.outcome = :outcome', { outcome: f.outcome });
    if (f.onFrom) qb.andWhere('r.on >= :onFrom', { onFrom: f.onFrom });
    if (f.onTo) qb.andWhere('r.on <= :onTo', { onTo: f.onTo });
    return VerificationRunConnection.of(
      await paginate(qb, page, { ordering: VerificationRunOrdering, orderBy: orderBy ?? { field: 'ON', direction: OrderDirection.DESC }, identity: ctx.identity, list: `Household.verifications:${h.id}` }),
    );
  }

  @Protected(INCOME_ACCESS)
  @FieldResolver(() => VerificationItemConnection, { nullable: true, description: '核对记录 The income and asset items of the household\'s members, newest first (orderBy OBTAINED_ON DESC unless given).' + ACCESS_NOTE })
  async verificationItems(
    @Root() h: Household,
    @Args() page: PageArgs,
    @Arg('orderBy', () => VerificationItemOrdering.input, { nullable: true, description: `The order: ${VerificationItemOrdering.summary}; default OBTAINED_ON, DESC.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => VerificationItemFilter, { nullable: true, description: 'Only the items matching all given filters.' }) filter: VerificationItemFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<VerificationItemConnection | null> {
    if (verificationWithheld(ctx.identity, h)) return null;
    assertFiltersAllowed(ctx.identity, 'VerificationItemFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(VerificationItem).createQueryBuilder('i').where('i.householdId = :id', { id: h.id });
    if (f.personId) qb.andWhere('i.personId = :personId', { personId: f.personId.toLowerCase() });
    if (f.source) qb.andWhere('i.source = :source', { source: f.source });
    if (f.origin) qb.andWhere('i.origin = :origin', { origin: f.origin });
    return VerificationItemConnection.of(
      await paginate(qb, page, { ordering: VerificationItemOrdering, orderBy: orderBy ?? { field: 'OBTAINED_ON', direction: OrderDirection.DESC }, identity: ctx.identity, list: `Household.verificationItems:${h.id}` }),
    );
  }
}

@Resolver()
export class VerificationResolver {
  @Mutation(() => VerificationItem, {
    description:
      '录入核对记录 Record one income or asset item of a household member (caseworkers of the member\'s township, civil-affairs ' +
      'officers; FORBIDDEN to others before any lookup, and to a caseworker of another township). BAD_USER_INPUT with the ' +
      'field path (input.amount BAD_AMOUNT, input.periodFrom/periodTo BAD_MONTH, BEFORE_START, PERIOD_TOO_LONG, ' +
      'AFTER_OBTAINED, input.obtainedOn DATE_OUT_OF_RANGE); NOT_FOUND for an unknown person; CONFLICT NOT_IN_HOUSEHOLD. ' +
      'Takes an idempotency key; audited.',
  })
  recordVerificationItem(@Arg('input', { description: 'The item.' }) input: RecordVerificationItemInput, @Ctx() ctx: SubgraphContext): Promise<VerificationItem> {
    return recordVerificationItem(ctx, input);
  }

  @Mutation(() => MemberCircumstance, {
    description:
      '录入成员情况 Record a member\'s circumstances for the counting and tekun rules, in force from a date (as ' +
      'recordVerificationItem: who may, errors, idempotency key, audit).',
  })
  recordMemberCircumstances(@Arg('input', { description: 'The member and the circumstances.' }) input: RecordMemberCircumstancesInput, @Ctx() ctx: SubgraphContext): Promise<MemberCircumstance> {
    return recordMemberCircumstances(ctx, input);
  }

  @Mutation(() => VerificationRun, {
    description:
      '家庭经济状况核对 Verify a household on a date and store the run: inputs snapshot, standards and rule version, outcome ' +
      'and explanation; the household\'s perCapitaMonthlyIncome and assetsWithinRules follow the latest-dated run ' +
      '(caseworkers of the household\'s township, civil-affairs officers; FORBIDDEN to others before any lookup). ' +
      'BAD_USER_INPUT with the field path (input.on BAD_DATE, DATE_OUT_OF_RANGE, BEFORE_PROGRAMME; input.householdId BAD_ID; ' +
      'input.health[i].personId NOT_A_MEMBER or DUPLICATE; input.health[i].disabilities[j].grade OUT_OF_RANGE); NOT_FOUND ' +
      'for an unknown household. Takes an idempotency key; audited.',
  })
  verifyHousehold(@Arg('input', { description: 'The household, the date and optional health data.' }) input: VerifyHouseholdInput, @Ctx() ctx: SubgraphContext): Promise<VerificationRun> {
    return verifyHousehold(ctx, input);
  }
}
