import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Protected, maskName, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { membersByHouseholdId, personById } from '../person/person.loader';
import type { Person } from '../person/person.entity';

/**
 * 公示 The service centre's public notice (PublicNotice, owned there), extended with what only civil affairs knows of the
 * applicant: the masked name and the household size. The gateway sends the notice's `applicantId` (@inaccessible: never
 * in the API) and first day (@requires); civil affairs answers these two fields and nothing else of the person, so no
 * name is copied into the service centre and no unmasked name ever leaves for the public. Class disclosure (the only
 * `_entities` type civil affairs answers to the public disclosure site).
 */
@Protected('disclosure')
@Directive('@key(fields: "id")')
@ObjectType('PublicNotice', { description: '公示 A public notice in force (owned by the service centre); civil affairs adds the masked name and the household size.' })
export class PublicNoticeStub {
  @Field(() => ID, { description: 'The notice\'s opaque id.' })
  id: string;

  @Directive('@external')
  @Field(() => ID, { description: '申请人 The applicant\'s registry id (the service centre\'s, @inaccessible: not in the API).' })
  applicantId: string;

  @Directive('@external')
  @Field(() => String, { description: '公示开始 The notice\'s first day (the service centre\'s).' })
  startsOn: string;
}

/** A person active in the registry on `day`: born by then, and not dead or moved away before or on it. */
export function activeOn(p: Pick<Person, 'status' | 'statusDate' | 'birthDate'>, day: string): boolean {
  if (p.birthDate > day) return false;
  return p.status === 'ACTIVE' || (p.statusDate !== null && p.statusDate > day);
}

@Resolver(() => PublicNoticeStub)
export class PublicNoticeResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      '姓名（隐去名） The applicant\'s name as the notice shows it: the surname kept (compound surnames too: 欧阳*), every character of the ' +
      'given name replaced by * (张** for 张三丰). Null when the registry has no such person.',
  })
  @Directive('@requires(fields: "applicantId startsOn")')
  async maskedName(@Root() n: PublicNoticeStub, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    const p = n.applicantId ? await personById(ctx).load(String(n.applicantId).toLowerCase()) : null;
    return p ? maskName(p.name) : null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      '家庭人口 The household size on the notice\'s first day: the members of the applicant\'s household active in the registry that day ' +
      '(born by then, not dead or moved away by then). Null when the applicant is in no household.',
  })
  @Directive('@requires(fields: "applicantId startsOn")')
  async householdSize(@Root() n: PublicNoticeStub, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    const p = n.applicantId ? await personById(ctx).load(String(n.applicantId).toLowerCase()) : null;
    if (!p?.householdId) return null;
    const day = String(n.startsOn);
    return (await membersByHouseholdId(ctx).load(p.householdId)).filter((m) => activeOn(m, day)).length;
  }
}

/** The notice's reference: the representation itself (id, applicantId and startsOn, which the gateway sends). */
export const publicNoticeReference = {
  __resolveReference(ref: { id: string; applicantId?: string; startsOn?: string }): PublicNoticeStub {
    return Object.assign(new PublicNoticeStub(), ref);
  },
};
