import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry's Household as this subgraph sees it: only the key. Civil affairs owns Household; disaster relief adds
 * its assessments and reliefs to it (household.resolver.ts), because disasters are assessed and relieved per household.
 * Listed in orphanedTypes so that those fields are not dropped.
 */
@Directive('@key(fields: "id")')
// the owner's descriptions, word for word, so that composition has no inconsistency to settle
@ObjectType('Household', { description: '家庭 A household (户) in the civil-affairs registry: the unit whose per-capita income decides dibao.' })
export class HouseholdStub {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID).' })
  id: string;
}

/** Reference resolver: the stub needs no database lookup; the fields it carries load through DataLoaders. */
export const householdStubReference = {
  __resolveReference(ref: { id: string }): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: String(ref.id).toLowerCase() });
  },
};
