import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { AssistanceApplication } from '../application/application.entity';
import { applicationsByApplicantId } from '../application/application.loader';
import { applicationInScope, assertMayReadApplications } from '../application/application.service';

/** The fields service-centre adds to Person. */
@Resolver(() => PersonStub)
export class PersonServiceCentreResolver {
  @FieldResolver(() => [AssistanceApplication], {
    nullable: true,
    description:
      '救助申请 The applications the person made (一窗受理), newest first; empty when there are none, null when the service-centre subgraph ' +
      'cannot answer. Class application (classified in application.input.ts): the centre\'s and civil affairs\' officers, staff of the ' +
      'township that handles each (a village assistant: its village\'s), auditors; FORBIDDEN to other departments\' officers; empty for analysts.',
  })
  async applications(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication[]> {
    assertMayReadApplications(ctx.identity);
    if (withheldAt(ctx.identity, 'Person.applications')) return [];
    const rows = await applicationsByApplicantId(ctx).load(p.id);
    return rows.filter((r) => applicationInScope(ctx.identity, r));
  }
}
