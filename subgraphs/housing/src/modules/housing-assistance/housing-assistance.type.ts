import { ObjectType } from 'type-graphql';
import { Protected } from '@aidgraph/subgraph-kit';

/**
 * 住房救助 The housing assistance of a household, or the assistance a person applied for. Its fields (resolved in
 * housing-assistance.resolver.ts) load through per-request DataLoaders keyed by household or by applicant.
 */
// class quasi.programme: a summary of the housing records, which are noticed (公示)
@Protected('quasi.programme')
@ObjectType({
  description:
    '住房救助 Housing assistance as recorded by the housing department (市房产服务中心 / 市城乡建设局), one of the special ' +
    'assistance programmes of 胶政发〔2020〕106号. It takes the three forms of 社会救助暂行办法 art. 38: public rental housing ' +
    'allocations (配租公共租赁住房), rent subsidies (发放住房租赁补贴) and rural dilapidated-house renovations (农村危房改造). ' +
    'On Household: the household\'s records. On Person: the records naming the person as applicant. A caseworker sees the ' +
    'records handled in their township; analysts get none (housingAssistance is null for them: the records are noticed, ' +
    '公示, class quasi.programme).',
})
export class HousingAssistance {
  /** whose records these are: a household's, or those that name a person as applicant */
  basis: { householdId: string } | { applicantId: string };

  static ofHousehold(householdId: string): HousingAssistance {
    return Object.assign(new HousingAssistance(), { basis: { householdId } });
  }

  static ofApplicant(applicantId: string): HousingAssistance {
    return Object.assign(new HousingAssistance(), { basis: { applicantId } });
  }
}
