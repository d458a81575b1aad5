import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AssistanceCategoryPeriod, asCategoryPeriods, type Representation } from '@aidgraph/subgraph-kit';

/**
 * The registry's Person as this subgraph sees it: the key, and the civil-affairs category history declared @external
 * so that medical fields can @require it (the gateway fetches it from civil affairs and passes it in the
 * representation; medical never stores it). Medical applies each rule with the category on the date the rule refers to
 * (a claim's discharge date, 1 January of a premium year), never with today's. Listed in orphanedTypes so that the
 * fields medical adds (person.resolver.ts) are not dropped.
 */
@Directive('@key(fields: "id")')
@ObjectType('Person', { description: '人员 A person of the civil-affairs registry (the entity is owned by civil affairs).' })
export class PersonStub {
  @Field(() => ID, { description: 'The registry\'s opaque person id.' })
  id: string;

  @Directive('@external')
  @Field(() => [AssistanceCategoryPeriod], {
    nullable: true,
    description:
      '救助类别历史 The person\'s civil-affairs category over time, owned and resolved by civil affairs (external here): ' +
      'medical requires it to apply its policy table with the category in force on each claim\'s discharge date. Null for ' +
      'analysts (class quasi.programme), and medical aid with it.',
  })
  assistanceCategoryHistory?: AssistanceCategoryPeriod[];
}

/**
 * Reference resolver: no database lookup. Copies the key and, when the representation carries it (a @requires
 * fetch), the category history; a value that is not a well-formed history is ignored (medical aid is then null).
 */
export const personStubReference = {
  __resolveReference(ref: Representation): PersonStub {
    const stub = Object.assign(new PersonStub(), { id: String(ref.id).toLowerCase() });
    const history = asCategoryPeriods(ref.assistanceCategoryHistory);
    if (history) stub.assistanceCategoryHistory = history.map((p) => Object.assign(new AssistanceCategoryPeriod(), p));
    return stub;
  },
};
