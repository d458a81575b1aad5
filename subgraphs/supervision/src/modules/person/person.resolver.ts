import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Protected, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { WarningAlert } from '../warning-alert/warning-alert.entity';
import { warningAlertsByPersonId } from '../warning-alert/warning-alert.loader';
import { ALERT_CLASS, DEPARTMENT } from '../warning-alert/warning-alert.enums';
import { mayReadAlert } from '../warning-alert/access';

/** The fields supervision adds to Person. */
@Resolver(() => PersonStub)
export class PersonSupervisionResolver {
  @FieldResolver(() => [WarningAlert], {
    nullable: true,
    description:
      '预警 The person\'s supervision alerts (市社会救助监管), newest first, those the caller may see (as warningAlerts: supervision ' +
      'officers all, another department\'s officers those naming it, caseworkers their township\'s, auditors all); null when the ' +
      'supervision subgraph cannot answer. Class supervision.alert: FORBIDDEN to analysts and the public site.',
  })
  @Protected({ class: ALERT_CLASS, owner: DEPARTMENT })
  async warningAlerts(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<WarningAlert[]> {
    const rows = await warningAlertsByPersonId(ctx).load(p.id);
    return rows.filter((r) => mayReadAlert(ctx.identity, r));
  }
}
