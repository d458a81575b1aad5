import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { LegalAidCase } from '../legal-aid-case/legal-aid-case.entity';
import { legalAidCasesByPersonId } from '../legal-aid-case/legal-aid-case.loader';
import { OPEN_STATUSES } from '../legal-aid-case/legal-aid-case.enums';
import { assertMayReadLegalAid } from '../legal-aid-case/legal-aid-case.service';

/** The fields legal-aid adds to Person. */
@Resolver(() => PersonStub)
export class PersonLegalAidResolver {
  /**
   * The person's legal aid cases: classified in legal-aid-case.input.ts (`Person.legalAidCases`, class legal.aid):
   * FORBIDDEN to other departments' officers, empty for analysts, the handling township's cases for a caseworker.
   */
  @FieldResolver(() => [LegalAidCase], {
    nullable: true,
    description:
      '法律援助 The person\'s legal aid cases (市司法局), newest application first; empty when there are none, null when the legal-aid ' +
      'subgraph cannot answer. Class legal.aid (a case reveals a criminal charge, a family dispute or poverty): JUSTICE officers, ' +
      'caseworkers (the cases handled in their township), auditors; FORBIDDEN to other departments\' officers; empty for analysts ' +
      '(count with legalAidCases(filter) { totalCount }).',
  })
  async legalAidCases(
    @Root() p: PersonStub,
    @Arg('openOnly', { defaultValue: false, description: 'Only cases still open (APPLIED, ACCEPTED, ASSIGNED); default false.' }) openOnly: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<LegalAidCase[]> {
    assertMayReadLegalAid(ctx.identity);
    if (withheldAt(ctx.identity, 'Person.legalAidCases')) return [];
    const rows = await legalAidCasesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode) && (!openOnly || OPEN_STATUSES.includes(r.status)));
  }
}
