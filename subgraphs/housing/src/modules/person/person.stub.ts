import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry's Person as this subgraph sees it: only the key. Civil affairs owns Person; housing adds
 * `housingAssistance` to it (person.resolver.ts). Listed in orphanedTypes so that the field is not dropped.
 */
@Directive('@key(fields: "id")')
// the owner's descriptions, word for word, so that composition has no inconsistency to settle
@ObjectType('Person', { description: '人员 A person in the civil-affairs registry (民政局). Departments add their programmes to this entity.' })
export class PersonStub {
  @Field(() => ID, { description: 'Opaque, stable identifier (a UUID). Never derived from the ID number.' })
  id: string;
}

/** Reference resolver: the stub needs no database lookup; the fields it carries load through DataLoaders. */
export const personStubReference = {
  __resolveReference(ref: { id: string }): PersonStub {
    return Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
  },
};
