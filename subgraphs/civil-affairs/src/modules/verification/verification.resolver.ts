import type { GraphQLResolveInfo } from 'graphql';
import { In } from 'typeorm';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import {
  applyFieldRule, assertFiltersAllowed, assertInScope, checkCalendarDate, inScope, connectionType, defineLoader, inKeyOrder, listOrder, paginate, OrderDirection, PageArgs, Protected,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { assertRegistryId } from '../person/person.resolver';
import { Household } from '../household/household.entity';
import { householdById } from '../household/household.loader';
import { Person } from '../person/person.entity';
import { personById } from '../person/person.loader';
import { MemberCircumstance, VerificationFigure, VerificationItem, VerificationMemberDisability, VerificationMemberHealth, VerificationRun, VerificationStandards, VerificationStep } from './verification.entity';
import {
  MemberHealthInput, RecordMemberCircumstancesInput, RecordVerificationItemInput, VerificationItemFilter, VerificationRunFilter, VerifyHouseholdInput,
} from './verification.input';
import {
  INCOME_ACCESS, computeVerification, healthVisibleTo, recheck, recordMemberCircumstances, recordVerificationItem, verificationWithheld, verifyHousehold,
  type GraphHealthRepresentation, type RunInputs,
} from './verification.service';
import type { Explanation } from './verification.rules';

/** Stored runs by id, in key order, null for an unknown id. */
export const verificationRunById = defineLoader<string, VerificationRun | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(VerificationRun).findBy({ id: In([...ids]) });
  return inKeyOrder(ids, rows, (r) => r.id!);
});

/** The rules whose explanation rests on members' health (disability, grave illness, incapacity). */
const HEALTH_RULES = new Set(['SINGLE_PERSON_COVERAGE', 'TEKUN']);

/**
 * Whether the caller may see the health-derived parts of a run (single-person coverage, tekun, their explanations, the
 * members' health and the inputs snapshot): only who may see both the disability federation's and medical security's
 * data of the household (classes health.disability and health.medical: caseworkers and approvers of its township,
 * auditors). Civil-affairs officers see the run's income figures and outcome, not these.
 */
function healthPartsVisible(ctx: SubgraphContext, r: VerificationRun): boolean {
  const v = healthVisibleTo(ctx.identity, r);
  return v.disability && v.medical;
}

/** The @requires of Household.verification: every member's health facts from the disability and medical subgraphs. */
export const VERIFICATION_REQUIRES =
  'members { verificationDisabilityFacts { personId certificateId category grade validFrom validTo } verificationGraveIllnessFacts { personId claimId since lastTreatedOn } }';

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
  steps(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): VerificationStep[] {
    const steps = toSteps(r.stepsJson);
    return healthPartsVisible(ctx, r) ? steps : steps.filter((x) => !HEALTH_RULES.has(x.rule));
  }

  @FieldResolver(() => VerificationStandards, { nullable: true, description: '核对标准 The standards used.' })
  standards(@Root() r: VerificationRun): VerificationStandards {
    return Object.assign(new VerificationStandards(), JSON.parse(r.standardsJson));
  }

  @FieldResolver(() => [ID], {
    nullable: true,
    description:
      '单人保 The members who may be covered alone (marginal household; grade 1-2 disability, grade 3 intellectual or mental, ' +
      'or a grave illness). It reveals health: null unless the caller may see the household\'s disability and medical data ' +
      '(caseworkers and approvers of its township, auditors; civil-affairs officers get null).',
  })
  singlePersonCoverage(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): string[] | null {
    return healthPartsVisible(ctx, r) ? JSON.parse(r.singlePersonCoverageJson) : null;
  }

  @FieldResolver(() => [ID], { nullable: true, description: '特困 The members meeting all three tekun conditions (incapacity may rest on a disability: null as singlePersonCoverage).' })
  tekun(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): string[] | null {
    return healthPartsVisible(ctx, r) ? JSON.parse(r.tekunJson) : null;
  }

  @FieldResolver(() => [VerificationMemberHealth], {
    nullable: true,
    description:
      '成员健康情况 Per member, the health facts the rules used on the date and where each came from (DISABILITY_FEDERATION, ' +
      'MEDICAL_SECURITY through the graph, or DECLARED), and how each department was read (READ, WITHHELD, UNAVAILABLE, ' +
      'NOT_READ). Null as singlePersonCoverage.',
  })
  memberHealth(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): VerificationMemberHealth[] | null {
    if (!healthPartsVisible(ctx, r)) return null;
    const inputs = JSON.parse(r.inputsJson) as RunInputs;
    return inputs.members.map((m) =>
      Object.assign(new VerificationMemberHealth(), {
        personId: m.personId,
        disabilities: m.health.disabilities.map((d) => Object.assign(new VerificationMemberDisability(), { category: d.category, grade: d.grade, source: d.source ?? 'DECLARED', recordId: d.recordId ?? null })),
        graveIllness: m.health.graveIllness,
        graveIllnessSince: m.health.graveIllnessSince ?? null,
        graveIllnessSource: m.health.graveIllness ? (m.health.graveIllnessSource ?? 'DECLARED') : null,
        graveIllnessRecordIds: m.health.graveIllnessSource === 'MEDICAL_SECURITY' ? (m.health.graveIllnessRecordIds ?? []) : [],
        disabilityReading: m.health.reading?.disability ?? 'NOT_READ',
        medicalReading: m.health.reading?.graveIllness ?? 'NOT_READ',
      }),
    );
  }

  @FieldResolver(() => String, { nullable: true, description: '输入快照 The inputs the rules read, as JSON: the date, the members (relation, birth date, status, circumstances, health with sources) and the items used; with `standards` it lets the run be re-checked. Null as singlePersonCoverage.' })
  inputsSnapshot(@Root() r: VerificationRun, @Ctx() ctx: SubgraphContext): string | null {
    return healthPartsVisible(ctx, r) ? r.inputsJson : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '健康凭据 For a verification computed through the gateway (Household.verification; null on a stored run): the members\' ' +
      'health facts the graph delivered to this read, sealed by civil affairs (opaque, unalterable), for verifyHousehold\'s ' +
      '`healthTicket` — valid 15 minutes, for the same caller, household and date. It carries only what the caller may see.',
  })
  healthTicket(@Root() r: VerificationRun): string | null {
    return r.id ? null : r.healthTicket ?? null;
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
  @Directive(`@requires(fields: "${VERIFICATION_REQUIRES}")`)
  @FieldResolver(() => VerificationRun, {
    nullable: true,
    description:
      '家庭经济状况核对 The household\'s verification on a date, computed now by the rules and not stored (verifyHousehold stores ' +
      'one): the members and their circumstances on the date, the items obtained by then (civil affairs), the standards in ' +
      'force, and the members\' health drawn THROUGH THE GRAPH — the disability federation\'s certificates in force on the ' +
      'date and medical security\'s grave illness (a claim critical-illness insurance paid, treated within 12 months before ' +
      'the date), which the gateway fetches with the caller\'s token (@requires). Who may not see a department\'s health data ' +
      '(a civil-affairs officer) gets the verification without it: those facts are WITHHELD, not used, and the health-derived ' +
      'parts (single-person coverage, tekun, memberHealth) are null; a caseworker of the household\'s township gets the full ' +
      'outcome. Asked of the subgraph directly (not through the gateway) health is NOT_READ. `declaredHealth` adds facts ' +
      'typed in by the caller, labelled DECLARED. BAD_USER_INPUT (field `on` or `declaredHealth[i]...`) for a bad date, a date ' +
      'in the future (by the AIDGRAPH_TODAY clock) or before the first standard, or declared health of a non-member.' + ACCESS_NOTE,
  })
  async verification(
    @Root() h: Household & { graphHealth?: GraphHealthRepresentation },
    @Arg('on', { description: '核对日期 The date (ISO YYYY-MM-DD).' }) on: string,
    @Arg('declaredHealth', () => [MemberHealthInput], { nullable: true, description: '申报健康情况 Declared disabilities and grave illness (optional, labelled DECLARED; in addition to the graph\'s facts).' }) declaredHealth: MemberHealthInput[] | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<VerificationRun | null> {
    if (verificationWithheld(ctx.identity, h)) return null;
    return computeVerification(ctx, h, on, declaredHealth, h.graphHealth);
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
  @Protected(INCOME_ACCESS)
  @Query(() => VerificationRun, {
    nullable: true,
    description:
      '核对结果 A stored verification run by id (the service centre checks the run an application names); null for an unknown ' +
      'id, and null too for a run outside a caseworker\'s township (an out-of-scope lookup answers as no one).' + ACCESS_NOTE,
  })
  async verificationRun(@Arg('id', () => ID, { description: 'The run\'s opaque id (a UUID).' }) id: string, @Ctx() ctx: SubgraphContext): Promise<VerificationRun | null> {
    const key = assertRegistryId(id);
    // the role's own answer first, whatever the data (FORBIDDEN to a role that may not see income at all, in scope or not)
    applyFieldRule(INCOME_ACCESS, ctx.identity, {}, { inScope: true });
    const r = await verificationRunById(ctx).load(key);
    if (!r || !inScope(ctx.identity, r.townshipCode, r.villageCode) || verificationWithheld(ctx.identity, r)) return null;
    return r;
  }

  @Mutation(() => VerificationItem, {
    description:
      '录入核对记录 Record one income or asset item of a household member (caseworkers of the member\'s township, civil-affairs ' +
      'officers; FORBIDDEN to others before any lookup, and to a caseworker of another township). BAD_USER_INPUT with the ' +
      'field path (input.amount BAD_AMOUNT, AMOUNT_ABOVE_LIMIT above the plausible bound of one item in force (' +
      'VERIFICATION_STANDARDS_FILE maxItemAmount), input.periodFrom/periodTo BAD_MONTH, BEFORE_START, PERIOD_TOO_LONG, ' +
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
      'input.declaredHealth[i].personId NOT_A_MEMBER or DUPLICATE; input.declaredHealth[i].disabilities[j].grade OUT_OF_RANGE; ' +
      'input.healthTicket BAD_TICKET or TICKET_EXPIRED); NOT_FOUND for an unknown household; CONFLICT FIGURE_OUT_OF_RANGE when ' +
      'a computed figure does not fit an amount (nothing is stored: the run is built and checked before any write). The ' +
      'per-capita income is the monthly average over the 12 months ending with the month of input.on (see ' +
      'PER_CAPITA_INCOME\'s figures); members born after input.on are not counted. Takes an idempotency key; audited. A ' +
      'retry must repeat the request exactly: the same key with a freshly read healthTicket (a new ticket is another ' +
      'request) is CONFLICT IDEMPOTENCY_KEY_REUSED — retry with the ticket first sent, or use a new key.',
  })
  verifyHousehold(@Arg('input', { description: 'The household, the date and optional health data.' }) input: VerifyHouseholdInput, @Ctx() ctx: SubgraphContext): Promise<VerificationRun> {
    return verifyHousehold(ctx, input);
  }
}

/** Federation reference resolver for VerificationRun (the service centre's AssistanceApplication.verification): FORBIDDEN outside the caller's scope. */
export const verificationRunReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext): Promise<VerificationRun | null> {
    const r = await verificationRunById(ctx).load(String(ref.id).toLowerCase());
    if (r) assertInScope(ctx.identity, r.townshipCode, r.villageCode);
    return r;
  },
};
