import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Protected, assertInScope, inScope, TownshipType, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { Household } from './household.entity';
import { householdById } from './household.loader';
import { Person } from '../person/person.entity';
import { membersByHouseholdId, personById } from '../person/person.loader';
import { assertRegistryId } from '../person/person.resolver';
import { Village } from '../division/village.entity';
import { villageByCode } from '../division/village.loader';

@Resolver(() => Household)
export class HouseholdResolver {
  // a lookup by an opaque id the caller holds (null outside a caseworker's township or a village assistant's village, as
  // for an unknown id): it tells only that the household exists, in the caller's scope; each field carries its own class
  @Protected('quasi.coarse')
  @Query(() => Household, {
    nullable: true,
    description: 'A household by id; null when there is none, and null too outside the caller\'s scope (an out-of-scope lookup answers as no one).',
  })
  async household(@Arg('id', () => ID, { description: 'The household\'s opaque registry id (a UUID).' }) id: string, @Ctx() ctx: SubgraphContext): Promise<Household | null> {
    const h = await householdById(ctx).load(assertRegistryId(id));
    return h && inScope(ctx.identity, h.townshipCode, h.villageCode) ? h : null;
  }

  @Protected('quasi.coarse')
  @FieldResolver(() => TownshipType, { description: '乡镇/街道 The household\'s township.' })
  township(@Root() h: Household): TownshipType | null {
    return TownshipType.of(h.townshipCode);
  }

  @FieldResolver(() => Village, { nullable: true, description: '村/社区 The household\'s village or community (class quasi.fine); null for analysts.' })
  @Protected('quasi.fine')
  village(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<Village | null> {
    return villageByCode(ctx).load(h.villageCode);
  }

  @FieldResolver(() => Person, { nullable: true, description: '户主 The household head (class quasi.fine); null for analysts (the household links its members).' })
  @Protected('quasi.fine')
  async head(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<Person | null> {
    // the head is a member: read with the members (one statement when the size or the members are asked for too)
    const p = (await membersByHouseholdId(ctx).load(h.id)).find((m) => m.id === h.headId) ?? (await personById(ctx).load(h.headId));
    return p && inScope(ctx.identity, p.townshipCode, p.villageCode) ? p : null;
  }

  @FieldResolver(() => [Person], {
    nullable: true,
    description:
      '家庭成员 The members, head first, including deceased and moved-away members (see their status) (class quasi.fine). ' +
      'Null for analysts: a household\'s composition singles it out.',
  })
  @Protected('quasi.fine')
  async members(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<Person[]> {
    // a member registered in another township is outside a caseworker's scope like any other person of it
    return (await membersByHouseholdId(ctx).load(h.id)).filter((m) => inScope(ctx.identity, m.townshipCode, m.villageCode));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      '家庭人口 Number of active members (the household size of public notices) (class quasi.fine). Counted over the ' +
      'household\'s members, which share the household\'s township (a household is in a caseworker\'s scope as a whole). ' +
      'Null for analysts.',
  })
  @Protected('quasi.fine')
  async size(@Root() h: Household, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await membersByHouseholdId(ctx).load(h.id)).filter((m) => m.status === 'ACTIVE').length;
  }
}

/**
 * Federation reference resolver for Household. A representation that carries `members` (the @requires of
 * Household.verification: each member's health facts from the disability and medical subgraphs) gives a copy of the
 * household with them as `graphHealth` (the loader's cached row is never changed).
 */
export const householdReference = {
  async __resolveReference(ref: { id: string; members?: unknown }, ctx: SubgraphContext): Promise<Household | null> {
    const h = await householdById(ctx).load(String(ref.id).toLowerCase());
    if (h) assertInScope(ctx.identity, h.townshipCode, h.villageCode);
    if (!h || !('members' in ref)) return h;
    return Object.assign(Object.create(Object.getPrototypeOf(h)) as Household, h, { graphHealth: { members: Array.isArray(ref.members) ? ref.members : null } });
  },
};
