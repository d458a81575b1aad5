import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The registry's Person as this subgraph sees it: only the key. Civil affairs owns Person; {{name}} adds its fields
 * to it (person.resolver.ts). Listed in orphanedTypes so that those fields are not dropped.
 */
@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person of the civil-affairs registry (the entity is owned by civil affairs).' })
export class PersonStub {
  @Field(() => ID, { description: 'The registry\'s opaque person id.' })
  id: string;
}

/** Reference resolver: the stub needs no database lookup; the fields it carries load through DataLoaders. */
export const personStubReference = {
  __resolveReference(ref: { id: string }): PersonStub {
    return Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
  },
};
