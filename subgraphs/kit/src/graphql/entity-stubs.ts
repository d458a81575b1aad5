import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry's entities as a department's subgraph sees them: only the key. Civil affairs owns Person and Household
 * (their rows, names, members); a department adds its fields to them with a field resolver on these classes
 * (`@Resolver(() => PersonStub)`) and lists the stub in its schema's `orphanedTypes`, so that those fields are not
 * dropped, with the reference resolver in `referenceResolvers`. The descriptions are the owner's, word for word, so that
 * composition has no inconsistency to settle. A subgraph that needs more of the entity (a field it `@requires`, declared
 * `@external`) defines its own stub instead (medical).
 */
@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person in the civil-affairs registry (民政局). Departments add their programmes to this entity.' })
export class PersonStub {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID). Never derived from the ID number.' })
  id: string;
}

/** Reference resolver of PersonStub: no database lookup; the fields it carries load through DataLoaders. */
export const personStubReference = {
  __resolveReference(ref: { id: string }): PersonStub {
    return Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
  },
};

/** The registry's Household as a department's subgraph sees it: only the key (see PersonStub). */
@Directive('@key(fields: "id")')
@ObjectType('Household', { description: '家庭 A household (户) in the civil-affairs registry: the unit whose per-capita income decides dibao.' })
export class HouseholdStub {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID).' })
  id: string;
}

/** Reference resolver of HouseholdStub: no database lookup. */
export const householdStubReference = {
  __resolveReference(ref: { id: string }): HouseholdStub {
    return Object.assign(new HouseholdStub(), { id: String(ref.id).toLowerCase() });
  },
};
