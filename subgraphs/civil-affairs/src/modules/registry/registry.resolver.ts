import { Arg, Args, Ctx, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import {
  applyFieldRule, connectionType, inScope, listOrder, outcomeFor, paginate, OrderDirection, PageArgs, Protected, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { Person } from '../person/person.entity';
import { personById } from '../person/person.loader';
import { Household } from '../household/household.entity';
import { householdById } from '../household/household.loader';
import { HISTORY_ACCESS, RegistryChange, RegistryFieldChange } from './registry-change.entity';
import { AddHouseholdMemberInput, CorrectPersonInput, RecordPersonStatusInput, RegisterHouseholdInput, RemoveHouseholdMemberInput } from './registry.input';
import { REGISTRY_FIELD_CLASSES, addHouseholdMember, correctPerson, recordPersonStatus, registerHousehold, removeHouseholdMember } from './registry.service';

@ObjectType({ description: '登记变更记录列表 A page of registry changes (Relay connection), newest first unless ordered otherwise.' })
export class RegistryChangeConnection extends connectionType(RegistryChange, 'RegistryChange', 'A page of changes of the civil-affairs registry (history entries).') {}

const VERSION_ACCESS = { ...HISTORY_ACCESS, note: 'the history\'s own order: who may see the history may order it' };

/** Person.history's orders: by the person's version after each change (newest first by default). */
export const PersonHistoryOrdering = listOrder('PersonHistory', {
  VERSION: { property: 'personVersion', kind: 'integer', description: '版本 By the person\'s version after the change: the order the changes were made (DESC, the default of Person.history: newest first).', access: VERSION_ACCESS },
});

/** Household.history's orders: by the household's version after each change (newest first by default). */
export const HouseholdHistoryOrdering = listOrder('HouseholdHistory', {
  VERSION: { property: 'householdVersion', kind: 'integer', description: '版本 By the household\'s version after the change: the order the changes were made (DESC, the default of Household.history: newest first).', access: VERSION_ACCESS },
});

const NEWEST_FIRST: ListOrderInput = { field: 'VERSION', direction: OrderDirection.DESC };

/**
 * Refuse the history before any SQL to a role its class refuses (FORBIDDEN: other departments' officers, analysts), with
 * the policy's own message; true when the class leaves it out for the caller (a caseworker of another township: null).
 */
function historyWithheld(ctx: SubgraphContext, record: { townshipCode: string; villageCode: string }): boolean {
  const scoped = inScope(ctx.identity, record.townshipCode, record.villageCode);
  applyFieldRule(HISTORY_ACCESS, ctx.identity, {}, { inScope: scoped });
  return outcomeFor(ctx.identity, HISTORY_ACCESS.class, { owner: HISTORY_ACCESS.owner, inScope: scoped }) !== 'value';
}

const HISTORY_DESCRIPTION =
  ' Every registry write leaves one entry per person or household it changed, in its own transaction: the action, each ' +
  'changed field before and after, the reason, who (token subject and role) and when. Class department.record of ' +
  'CIVIL_AFFAIRS (the person\'s own fine data): caseworkers and approvers of the township, civil-affairs officers and ' +
  'auditors see it; FORBIDDEN to other departments\' officers and to analysts. Within an entry a field\'s before/after ' +
  'are withheld (null, withheld: true) from a caller who may not see that field on Person itself (a civil-affairs officer: ' +
  'the phone and the address). One query per person or household asked for.';

@Resolver(() => Person)
export class PersonHistoryResolver {
  @Protected(HISTORY_ACCESS)
  @FieldResolver(() => RegistryChangeConnection, {
    nullable: true,
    description: '变更历史 The changes of this person\'s registry data, newest first (orderBy VERSION DESC unless given).' + HISTORY_DESCRIPTION,
  })
  async history(
    @Root() p: Person,
    @Args() page: PageArgs,
    @Arg('orderBy', () => PersonHistoryOrdering.input, { nullable: true, description: `The order: ${PersonHistoryOrdering.summary}; default VERSION, DESC (newest first).` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RegistryChangeConnection | null> {
    if (historyWithheld(ctx, p)) return null;
    const qb = ctx.db.getRepository(RegistryChange).createQueryBuilder('c').where('c.personId = :id', { id: p.id });
    return RegistryChangeConnection.of(await paginate(qb, page, { ordering: PersonHistoryOrdering, orderBy: orderBy ?? NEWEST_FIRST, identity: ctx.identity, list: `Person.history:${p.id}` }));
  }
}

@Resolver(() => Household)
export class HouseholdHistoryResolver {
  @Protected(HISTORY_ACCESS)
  @FieldResolver(() => RegistryChangeConnection, {
    nullable: true,
    description:
      '家庭变更历史 The changes of this household\'s composition (registered, members added or removed), newest first ' +
      '(orderBy VERSION DESC unless given); corrections and status changes of its members are in their Person.history.' + HISTORY_DESCRIPTION,
  })
  async history(
    @Root() h: Household,
    @Args() page: PageArgs,
    @Arg('orderBy', () => HouseholdHistoryOrdering.input, { nullable: true, description: `The order: ${HouseholdHistoryOrdering.summary}; default VERSION, DESC (newest first).` }) orderBy: ListOrderInput | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RegistryChangeConnection | null> {
    if (historyWithheld(ctx, h)) return null;
    const qb = ctx.db
      .getRepository(RegistryChange)
      .createQueryBuilder('c')
      .where('c.householdId = :id', { id: h.id })
      .andWhere('c.householdVersion IS NOT NULL');
    return RegistryChangeConnection.of(await paginate(qb, page, { ordering: HouseholdHistoryOrdering, orderBy: orderBy ?? NEWEST_FIRST, identity: ctx.identity, list: `Household.history:${h.id}` }));
  }
}

@Resolver(() => RegistryChange)
export class RegistryChangeResolver {
  @FieldResolver(() => [RegistryFieldChange], {
    nullable: true,
    description:
      '变更内容 The fields the change changed, each with its value before and after. A field whose class on Person/Household ' +
      'the caller does not see (e.g. the phone or the address for a civil-affairs officer, an ID number for a role that ' +
      'does not see ID numbers) is listed with null values and `withheld: true`: a history never shows more than Person does.',
  })
  changes(@Root() c: RegistryChange, @Ctx() ctx: SubgraphContext): RegistryFieldChange[] {
    const parsed = JSON.parse(c.changes) as Record<string, [string | null, string | null]>;
    // the entry carries its township, not its village: a village assistant is out of its scope (fails closed)
    const scoped = inScope(ctx.identity, c.townshipCode);
    return Object.entries(parsed).map(([field, [before, after]]) => {
      const cls = REGISTRY_FIELD_CLASSES[field] ?? 'identifier.idNumber'; // an unknown field: the strictest identifier rule
      const visible = outcomeFor(ctx.identity, cls, { inScope: scoped }) === 'value';
      return Object.assign(new RegistryFieldChange(), { field, before: visible ? before : null, after: visible ? after : null, withheld: !visible });
    });
  }

  @FieldResolver(() => Person, { nullable: true, description: '人员 The person changed; null for a household\'s own entry, or when the person is outside the caller\'s scope.' })
  async person(@Root() c: RegistryChange, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    if (!c.personId) return null;
    const p = await personById(ctx).load(c.personId);
    return p && inScope(ctx.identity, p.townshipCode, p.villageCode) ? p : null;
  }

  @FieldResolver(() => Household, { nullable: true, description: '家庭 The household concerned (the person\'s at the time, or the household changed); null when none, or outside the caller\'s scope.' })
  async household(@Root() c: RegistryChange, @Ctx() ctx: SubgraphContext): Promise<Household | null> {
    if (!c.householdId) return null;
    const h = await householdById(ctx).load(c.householdId);
    return h && inScope(ctx.identity, h.townshipCode, h.villageCode) ? h : null;
  }
}

@Resolver()
export class RegistryResolver {
  @Mutation(() => Household, {
    description:
      '家庭登记 Register a household with all its members, the head included, in one transaction (caseworkers of the ' +
      'township, civil-affairs officers, village assistants of the village: 帮办代办). Birth date and gender come from the ' +
      'ID numbers. BAD_USER_INPUT (field = the path, e.g. input.members[1].idNumber) for an invalid ID number (reason: the ' +
      'problem), a number given twice (DUPLICATE_ID_NUMBER), no head or two heads, an unknown village; FORBIDDEN for other ' +
      'callers, and for a caseworker of another township or an assistant of another village (nothing is written); CONFLICT ' +
      'ID_NUMBER_REGISTERED when a member is in the registry already, with extensions.existingPersonId only when the caller ' +
      'may see that person. Takes an idempotency key. Each member and the household get a history entry.',
  })
  registerHousehold(@Arg('input', { description: 'The household and its members.' }) input: RegisterHouseholdInput, @Ctx() ctx: SubgraphContext): Promise<Household> {
    return registerHousehold(ctx, input);
  }

  @Mutation(() => Person, {
    description:
      '增加家庭成员 Add a new person to a registered household (as registerHousehold: caseworkers of its township, civil-affairs ' +
      'officers, village assistants of its village). NOT_FOUND for an unknown household; the same BAD_USER_INPUT, FORBIDDEN ' +
      'and CONFLICT ID_NUMBER_REGISTERED as registerHousehold; BAD_USER_INPUT HEAD_EXISTS for a second head. Takes an ' +
      'idempotency key; the household\'s version goes up.',
  })
  addHouseholdMember(@Arg('input', { description: 'The household and the new member.' }) input: AddHouseholdMemberInput, @Ctx() ctx: SubgraphContext): Promise<Person> {
    return addHouseholdMember(ctx, input);
  }

  @Mutation(() => Person, {
    description:
      '减少家庭成员 Remove a member from their household, with the reason; the person stays in the registry, in no household ' +
      '(caseworkers of the township, civil-affairs officers; FORBIDDEN to others before any lookup). CONFLICT HEAD_OF_HOUSEHOLD ' +
      'for the head, NOT_IN_HOUSEHOLD for a person in none, STALE_VERSION when expectedVersion is given and not current.',
  })
  removeHouseholdMember(@Arg('input', { description: 'The member and the reason.' }) input: RemoveHouseholdMemberInput, @Ctx() ctx: SubgraphContext): Promise<Person> {
    return removeHouseholdMember(ctx, input);
  }

  @Mutation(() => Person, {
    description:
      '信息更正 Correct a person\'s name, ID number (birth date and gender follow it), phone or relation to the head, with the ' +
      'reason, on the version read (caseworkers of the township, civil-affairs officers; FORBIDDEN to others before any ' +
      'lookup). CONFLICT STALE_VERSION (extensions.currentVersion) when another change came first: of concurrent corrections ' +
      'made on one version exactly one applies; CONFLICT ID_NUMBER_REGISTERED for another person\'s number (existingPersonId ' +
      'only in the caller\'s scope); BAD_USER_INPUT for invalid values or a correction that changes nothing.',
  })
  correctPerson(@Arg('input', { description: 'The person, the version read, the corrected fields and the reason.' }) input: CorrectPersonInput, @Ctx() ctx: SubgraphContext): Promise<Person> {
    return correctPerson(ctx, input);
  }

  @Mutation(() => Person, {
    description:
      '状态变更 Record a death or a move away with its date and the source of the information (caseworkers of the township, ' +
      'civil-affairs officers; FORBIDDEN to others before any lookup). BAD_USER_INPUT for a date in the future ' +
      '(DATE_OUT_OF_RANGE) or before the birth date (BEFORE_BIRTH); CONFLICT PERSON_NOT_ACTIVE when a status is recorded ' +
      'already; STALE_VERSION when expectedVersion is given and not current. Enrolments are not ended by it: end them with endEnrolment.',
  })
  recordPersonStatus(@Arg('input', { description: 'The person, the new status, its date and source.' }) input: RecordPersonStatusInput, @Ctx() ctx: SubgraphContext): Promise<Person> {
    return recordPersonStatus(ctx, input);
  }
}
