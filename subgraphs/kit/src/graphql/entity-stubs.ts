import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry's entities as a department's subgraph sees them: only the key. Civil affairs owns Person and Household
 * (their rows, names, members); a department adds its fields to them with field resolvers on its stub class
 * (`@Resolver(() => PersonStub)`), lists the stub in its schema's `orphanedTypes` so that those fields are not dropped,
 * and passes the reference resolver in `referenceResolvers`. The descriptions are the owner's, word for word, so that
 * composition has no inconsistency to settle.
 *
 * Each subgraph defines its own stub class with these factories (src/modules/person/person.stub.ts): type-graphql
 * attaches field resolvers to their class for every schema built in the process, so two subgraphs loaded in one process
 * (the tools, the tests) sharing one class would each publish the other's fields. A subgraph that needs more of the
 * entity (a field it `@requires`, declared `@external`) writes its own class instead (medical).
 */
export function definePersonStub() {
  @Directive('@key(fields: "id")')
  @ObjectType('Person', { description: '人员 A person in the civil-affairs registry (民政局). Departments add their programmes to this entity.' })
  class PersonStub {
    @Field(() => ID, { description: 'Opaque, stable identifier (a UUID). Never derived from the ID number.' })
    id: string;
  }
  /** Reference resolver: no database lookup; the fields the stub carries load through DataLoaders. */
  const personStubReference = {
    __resolveReference(ref: { id: string }): PersonStub {
      return Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
    },
  };
  return { PersonStub, personStubReference };
}

/** A subgraph's own stub of the registry's Household: only the key (see definePersonStub). */
export function defineHouseholdStub() {
  @Directive('@key(fields: "id")')
  @ObjectType('Household', { description: '家庭 A household (户) in the civil-affairs registry: the unit whose per-capita income decides dibao.' })
  class HouseholdStub {
    @Field(() => ID, { description: 'Opaque, stable identifier (a UUID).' })
    id: string;
  }
  /** Reference resolver: no database lookup. */
  const householdStubReference = {
    __resolveReference(ref: { id: string }): HouseholdStub {
      return Object.assign(new HouseholdStub(), { id: String(ref.id).toLowerCase() });
    },
  };
  return { HouseholdStub, householdStubReference };
}
