import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Representation } from '@aidgraph/subgraph-kit';
import { AssistanceCategory, asAssistanceCategory } from './assistance-category.enum';

/**
 * The registry's Person as this subgraph sees it: the key, and the civil-affairs category declared @external so that
 * medical fields can @require it (the gateway fetches it from civil affairs and passes it in the representation;
 * medical never stores it). Listed in orphanedTypes so that the fields medical adds (person.resolver.ts) are not dropped.
 */
@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person of the civil-affairs registry (the entity is owned by civil affairs).' })
export class PersonStub {
  @Field(() => ID, { description: 'The registry\'s opaque person id.' })
  id: string;

  @Directive('@external')
  @Field(() => AssistanceCategory, {
    nullable: true,
    description:
      '救助类别 The person\'s current civil-affairs category, owned and resolved by civil affairs (external here): medical ' +
      'requires it to apply its policy table. Null for analysts (class quasi.programme), and medical aid with it.',
  })
  assistanceCategory?: AssistanceCategory;
}

/**
 * Reference resolver: no database lookup. Copies the key and, when the representation carries it (a @requires
 * fetch), the category; a value that is not a category is ignored.
 */
export const personStubReference = {
  __resolveReference(ref: Representation): PersonStub {
    const stub = Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
    const category = asAssistanceCategory(ref.assistanceCategory);
    if (category) stub.assistanceCategory = category;
    return stub;
  },
};
