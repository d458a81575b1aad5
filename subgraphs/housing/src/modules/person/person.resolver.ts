import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { HousingAssistance } from '../housing-assistance/housing-assistance.type';

/** The field housing adds to Person. */
@Resolver(() => PersonStub)
export class PersonHousingResolver {
  @FieldResolver(() => HousingAssistance, {
    nullable: true,
    description:
      '住房救助 The housing assistance this person applied for (申请人): the records of any household that name the person as ' +
      'applicant. Housing is granted per household and this subgraph does not know a person\'s household: for the assistance ' +
      'of the person\'s household, whoever applied, ask `household { housingAssistance }`. Null when the housing subgraph cannot answer. ' +
      'Null for analysts (class quasi.programme: public rental allocations, rent subsidies and renovation households are ' +
      'noticed, 公示, so a record singles the applicant out; count with rentSubsidies(filter) { totalCount } and the like).',
  })
  housingAssistance(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): HousingAssistance | null {
    if (withheldAt(ctx.identity, 'Person.housingAssistance')) return null;
    // no database access here: the fields of HousingAssistance load through DataLoaders keyed by applicant
    return HousingAssistance.ofApplicant(p.id);
  }
}
