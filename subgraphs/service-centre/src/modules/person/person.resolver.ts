import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { inScope, Protected, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { AssistanceApplication } from '../assistance-application/assistance-application.entity';
import { applicationsByPersonId } from '../assistance-application/assistance-application.loader';
import { DEPARTMENT } from '../assistance-application/assistance-application.enums';

/** The fields service-centre adds to Person. */
@Resolver(() => PersonStub)
export class PersonServiceCentreResolver {
  @FieldResolver(() => [AssistanceApplication], {
    nullable: true,
    description:
      '一窗受理 The person\'s 一窗受理 records (市社会救助综合服务中心（一窗受理平台，隶属市民政局）), newest decision first; empty when there are none, ' +
      'null when the service-centre subgraph cannot answer. Class department.record: SOCIAL_ASSISTANCE_CENTRE officers, caseworkers (the records ' +
      'handled in their township), auditors; FORBIDDEN to other departments\' officers and to analysts.',
  })
  @Protected({ class: 'department.record', owner: DEPARTMENT })
  async applications(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication[]> {
    const rows = await applicationsByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }
}
