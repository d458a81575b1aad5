import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Civil affairs' stored household verification run (家庭经济状况核对) as the service centre sees it: only the key
 * (`resolvable: false`: the service centre never resolves a run; the gateway asks civil affairs for its fields, under
 * civil affairs' access rules, class income). An application names its run (AssistanceApplication.verification).
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('VerificationRun', {
  description:
    '核对结果 A household economic verification on a date (a federation entity owned by civil affairs, @key id: the service ' +
    'centre\'s applications name their run).',
})
export class VerificationRunStub {
  @Field(() => ID, { description: 'Opaque identifier of a stored run (a UUID).' })
  id: string;
}
