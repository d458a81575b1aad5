import { Arg, Args, Ctx, FieldResolver, ID, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertFiltersAllowed,
  assertCountOnlyFilter, assertInScope, COORDINATES, assertNotAnalystLookup, badInput, forbidden, inScope, connectionType, listOrder, isTownshipCode, isVillageCode, paginate,
  parseIdNumber, scopeWhere, outcomeFor, visibleEnrolments, visibleCoveredGroups, singlePersonCoverageSql, Protected, PROGRAMME_MIRROR_GROUPS, HEALTH_COVERED_GROUPS, HEALTH_REVEALING_PROGRAMMES,
  ID_NUMBER_PROBLEM_MESSAGES, PageArgs, clockToday, TownshipType, AssistanceCategoryPeriod, categoryPeriods, type Identity, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Person } from './person.entity';
import { PersonFilter } from './person.filter';
import { personById, personByIdNumber } from './person.loader';
import { Household } from '../household/household.entity';
import { householdById } from '../household/household.loader';
import { Village } from '../division/village.entity';
import { villageByCode } from '../division/village.loader';
import { Enrolment, PersonCoveredGroup } from '../enrolment/enrolment.entity';
import { coveredGroupsByPersonId, enrolmentsByPersonId } from '../enrolment/enrolment.loader';
import { runningOn } from '../enrolment/enrolment.service';
import { AssistanceCategory, CoveredGroup } from '../common/enums';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throw BAD_USER_INPUT unless `id` has the shape of a registry id (a UUID). */
export function assertRegistryId(id: string, field = 'id'): string {
  if (!UUID.test(id)) throw badInput(`\`${field}\` is not a registry id (a UUID)`, field, 'BAD_ID');
  return id.toLowerCase();
}

/**
 * True when the identity may see (and filter by) the covered groups that reveal health or disability
 * (HEALTH_COVERED_GROUPS; class health.coveredGroup of the classification): everyone but the officers of departments
 * other than civil affairs.
 */
function seesHealthGroups(identity: Identity): boolean {
  return outcomeFor(identity, 'health.coveredGroup') === 'value';
}

/**
 * True when the identity gets no per-row programme membership (class quasi.programme at the coordinate: null or
 * omitted — analysts): dibao, tekun and marginal recipients are named on public notices (公示), so the programme is a
 * quasi-identifier that singles people out.
 */
function programmeHidden(identity: Identity, coordinate: string): boolean {
  // the outcome of quasi.programme (the coordinate's class or second class) at the coordinate, not of its health class
  // (whose 'omitted' for other departments' officers leaves out only the health groups)
  const c = COORDINATES[coordinate];
  const o = outcomeFor(identity, c.alsoClass ?? c.class, { coordinate });
  return o === 'null' || o === 'omitted';
}

/** True when the identity sees single-person coverage and temporary assistance collapsed (class health.enrolment). */
function enrolmentsCollapsed(identity: Identity): boolean {
  return outcomeFor(identity, 'health.enrolment') === 'collapsed';
}

@ObjectType({ description: 'A page of people (Relay connection), in a stable order.' })
export class PersonConnection extends connectionType(Person, 'Person', 'A page of people from the civil-affairs registry.') {}

/** The orders of people (orderBy): each key is classified (classification.ts, PersonOrder.field[KEY]). */
export const PersonOrdering = listOrder('Person', {
  NAME: { property: 'name', kind: 'string', description: '姓名 By name, in Unicode code point order (COLLATE "C" on PostgreSQL, BINARY on SQLite: the same order on both; not pinyin or stroke order). FORBIDDEN to analysts (names are null for them).' },
  BIRTH_DATE: { property: 'birthDate', kind: 'date', description: '出生日期 By birth date (ISO date order: ASC oldest first). FORBIDDEN to analysts (birth dates are null for them).' },
});

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, {
    nullable: true,
    description:
      'A person by opaque id; null when there is none, and null too when the person is outside the caller\'s scope (a ' +
      'caseworker\'s township, a village assistant\'s village): an out-of-scope lookup answers as no one, so the answer ' +
      'does not tell that the id is registered elsewhere.',
  })
  async person(@Arg('id', () => ID, { description: 'The person\'s opaque registry id (a UUID).' }) id: string, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    const p = await personById(ctx).load(assertRegistryId(id));
    return p && inScope(ctx.identity, p.townshipCode, p.villageCode) ? p : null;
  }

  // a lookup by opaque ids the caller holds (null outside a caseworker's scope): it tells only which are registered
  // persons in the caller's scope; each field of a person carries its own class
  @Protected('quasi.coarse')
  @Query(() => [Person], {
    nullable: 'itemsAndList',
    description:
      'Persons by a batch of opaque registry ids (at most 500), in the order given, null where no person has the id or ' +
      'the person is outside the caller\'s scope (as `person`, but without FORBIDDEN, so that a batch is answered whole). ' +
      'Department subgraphs ask it with the caller\'s token before writing a record for a person (NOT_IN_REGISTRY). ' +
      'BAD_USER_INPUT (extensions.field = "ids[i]") for the first id that is not a UUID; TOO_MANY above 500.',
  })
  async peopleByIds(@Arg('ids', () => [ID], { description: 'Up to 500 opaque registry ids (UUIDs).' }) ids: string[], @Ctx() ctx: SubgraphContext): Promise<(Person | null)[]> {
    if (ids.length > 500) throw badInput('at most 500 ids per call', 'ids', 'TOO_MANY');
    const wanted = ids.map((id, i) => assertRegistryId(id, `ids[${i}]`));
    const found = await personById(ctx).loadMany(wanted);
    return found.map((p) => {
      if (!p || p instanceof Error || !inScope(ctx.identity, p.townshipCode, p.villageCode)) return null;
      // a registry lookup is a look at the person: noted in the audit log even when no protected field is selected
      ctx.audit.noteRead('Person', p, 'registryLookup');
      return p;
    });
  }

  @Query(() => Person, {
    nullable: true,
    description:
      'A person by resident ID number, as typed: spaces, full-width characters, a lower-case x and the legacy 15-digit form ' +
      'are accepted. BAD_USER_INPUT (with extensions.reason) when the number is not valid; null when no one has it or the ' +
      'person is outside the caller\'s scope (the two answers are the same, so the lookup tells nothing about other ' +
      'townships). FORBIDDEN for analysts: testing candidate numbers would undo the masking of the ID numbers they see. ' +
      'Registering the number (a caller allowed to register) does tell that it is taken, wherever the person lives (CONFLICT ' +
      'ID_NUMBER_REGISTERED: a national ID number is unique): each such refusal is audited naming the person, and bounded ' +
      'per caller and hour (REGISTRY_CONFLICTS_PER_HOUR).',
  })
  async personByIdNumber(@Arg('idNumber', { description: 'The resident ID number as typed (18 or 15 characters).' }) idNumber: string, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    assertNotAnalystLookup(ctx.identity, 'look a person up by ID number');
    const parsed = parseIdNumber(idNumber);
    if (!parsed.ok) throw badInput(`invalid ID number: ${ID_NUMBER_PROBLEM_MESSAGES[parsed.problem]}`, 'idNumber', parsed.problem);
    const p = await personByIdNumber(ctx).load(parsed.value.canonical);
    return p && inScope(ctx.identity, p.townshipCode, p.villageCode) ? p : null;
  }

  @Query(() => [Person], {
    nullable: 'itemsAndList',
    description:
      'Persons by a batch of resident ID numbers (at most 500), in the order given, null where no one has the number or ' +
      'the person is outside the caller\'s scope. Used by roster imports to match rows to the registry. BAD_USER_INPUT ' +
      '(extensions.field = "idNumbers[i]") for the first invalid number. FORBIDDEN for analysts (it would undo the masking).',
  })
  async peopleByIdNumbers(@Arg('idNumbers', () => [String], { description: 'Up to 500 resident ID numbers as typed.' }) idNumbers: string[], @Ctx() ctx: SubgraphContext): Promise<(Person | null)[]> {
    assertNotAnalystLookup(ctx.identity, 'look people up by ID number');
    if (idNumbers.length > 500) throw badInput('at most 500 ID numbers per call', 'idNumbers', 'TOO_MANY');
    const canonical = idNumbers.map((n, i) => {
      const parsed = parseIdNumber(n);
      if (!parsed.ok) throw badInput(`invalid ID number at position ${i}: ${ID_NUMBER_PROBLEM_MESSAGES[parsed.problem]}`, `idNumbers[${i}]`, parsed.problem);
      return parsed.value.canonical;
    });
    const found = await personByIdNumber(ctx).loadMany(canonical);
    return found.map((p) => (p && !(p instanceof Error) && inScope(ctx.identity, p.townshipCode, p.villageCode) ? p : null));
  }

  // the registry's list: each field of a row carries its own class, each filter is a classified coordinate
  // (PersonFilter.*), and its totalCount is PersonConnection.totalCount (programme.record)
  @Protected('quasi.coarse')
  @Query(() => PersonConnection, {
    nullable: true,
    description:
      'People in the registry, filtered, in the order asked for (orderBy: ' + PersonOrdering.summary + '; default by id, stable), as a Relay connection. A caseworker sees only the people of ' +
      'their township. FORBIDDEN for analysts filtering by namePrefix (prefix counts would recover the masked names), and ' +
      'for officers of departments other than civil affairs filtering by a covered group that reveals health or disability. ' +
      'Analysts may filter by programme or covered group only to count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows): FORBIDDEN when such a ' +
      'query selects edges or pageInfo (programme membership is published on public notices, 公示, and the rows would ' +
      'single the recipients out); the refusal depends on the query only.',
  })
  async people(
    @Args() page: PageArgs,
    @Arg('orderBy', () => PersonOrdering.input, { nullable: true, description: `The order: ${PersonOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => PersonFilter, { nullable: true, description: 'Only the people matching all given filters.' }) filter: PersonFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PersonConnection> {
    assertFiltersAllowed(ctx.identity, 'PersonFilter', filter, info);
    const f = filter ?? {};
    if (f.programme != null) assertCountOnlyFilter(ctx.identity, 'PersonFilter.programme', info);
    if (f.coveredGroup != null) assertCountOnlyFilter(ctx.identity, 'PersonFilter.coveredGroup', info);
    // every refusal below depends only on the caller and the filter, never on the data (the same error whether anyone
    // matches or not), and is decided by the classification table (PersonFilter.* coordinates)
    if (f.namePrefix != null) assertNotAnalystLookup(ctx.identity, 'filter people by name', 'PersonFilter.namePrefix');
    if (f.villageCode != null && outcomeFor(ctx.identity, 'quasi.fine', { coordinate: 'PersonFilter.villageCode' }) === 'FORBIDDEN')
      throw forbidden('analysts may not filter people by village: it would put the village back on each row');
    if (f.status != null && outcomeFor(ctx.identity, 'quasi.fine', { coordinate: 'PersonFilter.status' }) === 'FORBIDDEN')
      throw forbidden('analysts may not filter people by registry status: it would put the status back on each row');
    if (f.coveredGroup && HEALTH_COVERED_GROUPS.includes(f.coveredGroup) && !seesHealthGroups(ctx.identity))
      throw forbidden('this covered group reveals health or disability; your department may not filter by it');
    const collapsed = enrolmentsCollapsed(ctx.identity);
    if (f.programme && collapsed && HEALTH_REVEALING_PROGRAMMES.includes(f.programme))
      throw forbidden('this programme reveals health; your department may not filter by it');
    if (f.townshipCode && !isTownshipCode(f.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'filter.townshipCode', 'UNKNOWN_TOWNSHIP');
    if (f.villageCode && !isVillageCode(f.villageCode)) throw badInput('`villageCode` is not a village code of Jiaozhou', 'filter.villageCode', 'UNKNOWN_VILLAGE');
    const qb = ctx.db.getRepository(Person).createQueryBuilder('p');
    const scope = scopeWhere(ctx.identity, { villageCode: true });
    if (scope.townshipCode) qb.andWhere('p.townshipCode = :scopeTownship', { scopeTownship: scope.townshipCode });
    if (scope.villageCode) qb.andWhere('p.villageCode = :scopeVillage', { scopeVillage: scope.villageCode });
    if (f.townshipCode) qb.andWhere('p.townshipCode = :township', { township: f.townshipCode });
    if (f.villageCode) qb.andWhere('p.villageCode = :village', { village: f.villageCode });
    if (f.status) qb.andWhere('p.status = :status', { status: f.status });
    if (f.namePrefix) qb.andWhere('p.name LIKE :prefix', { prefix: `${f.namePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    // single-person coverage (isSinglePersonCoverage: a DIBAO enrolment overlapping a MARGINAL one, active or ended) is
    // left out for roles that see it collapsed: the DIBAO filter finds only persons with an ACTIVE DIBAO enrolment that
    // is not single-person coverage, exactly the DIBAO their enrolment lists show, so lists, totalCount and the
    // intersection of two filtered lists tell nothing more (the same rule, in SQL: singlePersonCoverageSql)
    const collapsedDibao = collapsed && (f.programme === 'DIBAO' || (f.coveredGroup != null && PROGRAMME_MIRROR_GROUPS[f.coveredGroup] === 'DIBAO'));
    const esc = (n: string) => ctx.db.driver.escape(n);
    const enrolmentTable = esc(ctx.db.getMetadata(Enrolment).tableName);
    /** persons with an active DIBAO enrolment; `visible`: one that is not single-person coverage */
    const activeDibao = (visible: boolean) =>
      `SELECT ${esc('d')}.${esc('personId')} FROM ${enrolmentTable} ${esc('d')} WHERE ${esc('d')}.${esc('programme')} = 'DIBAO' ` +
      // 渐退: a phase-out is still a recipient until its end date (review module); the date is the clock's ISO date
      `AND (${esc('d')}.${esc('status')} = 'ACTIVE' OR (${esc('d')}.${esc('status')} = 'PHASING_OUT' AND ${esc('d')}.${esc('endDate')} >= '${clockToday()}'))` +
      (visible ? ` AND NOT EXISTS (SELECT 1 FROM ${enrolmentTable} ${esc('m')} WHERE ${singlePersonCoverageSql(esc, 'd', 'm')})` : '');
    // IN (subquery) rather than a correlated EXISTS: both databases then start from the (small) set of enrolled or
    // tagged people through their indexes, instead of probing every person — the count stays fast at a million people
    if (f.programme === 'DIBAO' && collapsedDibao) qb.andWhere(`p.id IN (${activeDibao(true)})`);
    else if (f.programme)
      qb.andWhere(
        (sub) =>
          `p.id IN ${sub
            .subQuery()
            .select('e.personId')
            .from(Enrolment, 'e')
            .where('e.programme = :programme')
            .andWhere("(e.status = 'ACTIVE' OR (e.status = 'PHASING_OUT' AND e.endDate >= :runningOn))") // 渐退: a recipient until its end (review module)
            .getQuery()}`,
        { programme: f.programme, runningOn: clockToday() },
      );
    // DIBAO_RECIPIENT mirrors the dibao enrolment (visibleCoveredGroups): left out when every active DIBAO enrolment of
    // the person is single-person coverage
    if (f.coveredGroup != null && PROGRAMME_MIRROR_GROUPS[f.coveredGroup] === 'DIBAO' && collapsedDibao)
      qb.andWhere(`(p.id NOT IN (${activeDibao(false)}) OR p.id IN (${activeDibao(true)}))`);
    if (f.coveredGroup)
      qb.andWhere(
        (sub) => `p.id IN ${sub.subQuery().select('g.personId').from(PersonCoveredGroup, 'g').where('g.coveredGroup = :group').getQuery()}`,
        { group: f.coveredGroup },
      );
    return PersonConnection.of(await paginate(qb, page, { ordering: PersonOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => TownshipType, { description: '乡镇/街道 The township where the person is registered.' })
  township(@Root() p: Person): TownshipType | null {
    return TownshipType.of(p.townshipCode);
  }

  @FieldResolver(() => Village, {
    nullable: true,
    description: '村/社区 The village or community where the person is registered (class quasi.fine). Null for analysts: see township.',
  })
  @Protected('quasi.fine')
  village(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<Village | null> {
    return villageByCode(ctx).load(p.villageCode);
  }

  @FieldResolver(() => Household, {
    nullable: true,
    description: '家庭 The person\'s household (class quasi.fine); null for a person removed from their household. Null for analysts: it links the members, whose combination singles a household out.',
  })
  @Protected('quasi.fine')
  async household(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<Household | null> {
    // a person removed from their household (removeHouseholdMember) is in none
    return p.householdId ? householdById(ctx).load(p.householdId) : null;
  }

  @FieldResolver(() => [Enrolment], {
    description:
      '民政救助 The person\'s civil-affairs enrolments (dibao, tekun, marginal, temporary), newest first. For roles that see ' +
      'class health.enrolment collapsed (officers of departments other than civil affairs and medical security) single-' +
      'person coverage (单人保: any DIBAO enrolment overlapping a MARGINAL one, active or ended) is left out, so the person shows ' +
      'as MARGINAL, and TEMPORARY enrolments are left out. ' +
      'Empty for analysts (class quasi.programme: recipients are named on public notices, so a programme singles them out).',
  })
  async enrolments(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<Enrolment[]> {
    if (programmeHidden(ctx.identity, 'Person.enrolments')) return [];
    return visibleEnrolments(ctx.identity, await enrolmentsByPersonId(ctx).load(p.id));
  }

  @FieldResolver(() => AssistanceCategory, {
    nullable: true,
    description:
      '救助类别 The current civil-affairs category from the active enrolments: TEKUN, then DIBAO, then MARGINAL, else NONE. ' +
      'A rule about a date (a past claim, a year\'s premium) uses the category on that date instead: see ' +
      'assistanceCategoryHistory, which departments require (@requires). Computed from the enrolments the ' +
      'caller sees: MARGINAL for a single-person-coverage person when the caller sees class health.enrolment collapsed. ' +
      'Null for analysts (class quasi.programme: the category is published on public notices, 公示, and singles people out; ' +
      'count with people(filter: {programme}) { totalCount }); medical aid computed from it is then null too.',
  })
  async assistanceCategory(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<AssistanceCategory | null> {
    if (programmeHidden(ctx.identity, 'Person.assistanceCategory')) return null;
    const active = visibleEnrolments(ctx.identity, await enrolmentsByPersonId(ctx).load(p.id)).filter((e) => runningOn(e, clockToday())).map((e) => e.programme as string); // ACTIVE, or PHASING_OUT (渐退) until its end
    for (const c of [AssistanceCategory.TEKUN, AssistanceCategory.DIBAO, AssistanceCategory.MARGINAL]) if (active.includes(c)) return c;
    return AssistanceCategory.NONE;
  }

  @FieldResolver(() => [AssistanceCategoryPeriod], {
    nullable: true,
    description:
      '救助类别历史 The person\'s civil-affairs category over time, from the start and end dates of their enrolments (an ' +
      'enrolment is in force from its start date to its end date, both included, whatever its status now): the periods ' +
      'with a category, oldest first, never overlapping; on a date no period holds the category was NONE. The category on ' +
      'a date is what a rule about that date uses (a claim\'s discharge, a year\'s premium): medical requires this field ' +
      '(@requires), so that ending or starting an enrolment today leaves the past as it was. Computed from the enrolments ' +
      'the caller sees, as assistanceCategory is: for a caller who sees class health.enrolment collapsed the single-person-' +
      'coverage DIBAO enrolments are left out, so those periods show as MARGINAL. Null for analysts (class quasi.programme), ' +
      'and medical aid computed from it is then null too.',
  })
  async assistanceCategoryHistory(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<AssistanceCategoryPeriod[] | null> {
    if (programmeHidden(ctx.identity, 'Person.assistanceCategoryHistory')) return null;
    const enrolments = visibleEnrolments(ctx.identity, await enrolmentsByPersonId(ctx).load(p.id));
    return categoryPeriods(enrolments).map((period) => Object.assign(new AssistanceCategoryPeriod(), period));
  }

  @FieldResolver(() => [CoveredGroup], {
    description:
      '救助对象 The covered groups of 胶政发〔2020〕106号 the person belongs to. For officers of departments other than civil ' +
      'affairs the groups that reveal health or disability (severe mental illness, 两癌, cleft lip or cerebral palsy, ' +
      'disabled in difficulty, disabled by a heroic act, unidentified emergency patient) are left out, and DIBAO_RECIPIENT ' +
      'follows the enrolments they see (left out for a single-person-coverage person, shown to them as MARGINAL). Empty ' +
      'for analysts (class quasi.programme: the groups follow published programmes; count with people(filter: {coveredGroup})).',
  })
  async coveredGroups(@Root() p: Person, @Ctx() ctx: SubgraphContext): Promise<CoveredGroup[]> {
    if (programmeHidden(ctx.identity, 'Person.coveredGroups')) return [];
    const groups = (await coveredGroupsByPersonId(ctx).load(p.id)) as CoveredGroup[];
    if (seesHealthGroups(ctx.identity) && !enrolmentsCollapsed(ctx.identity)) return groups;
    const enrolments = await enrolmentsByPersonId(ctx).load(p.id);
    return visibleCoveredGroups(ctx.identity, groups, enrolments, HEALTH_COVERED_GROUPS) as CoveredGroup[];
  }
}

/** Federation reference resolver: a representation `{ __typename: "Person", id }` becomes the person, through the loader. */
export const personReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext): Promise<Person | null> {
    if (!UUID.test(ref.id)) return null;
    const p = await personById(ctx).load(ref.id.toLowerCase());
    if (p) assertInScope(ctx.identity, p.townshipCode, p.villageCode);
    return p;
  },
};
