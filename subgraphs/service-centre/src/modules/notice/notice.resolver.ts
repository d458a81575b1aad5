import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Brackets } from 'typeorm';
import { GraphQLError } from 'graphql';
import { Protected, badInput, checkCalendarDate, forbidden, isVillageCode, type Identity, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PublicNotice } from './notice.entity';
import { NOTICED_PROGRAMMES } from './notice.service';
import { today } from '../time-limit/today';

/**
 * Whether the identity handles the cases noticed in `villageCode` and so may read its board on any day (a past notice,
 * an ended one): civil-affairs and social assistance centre officers, the caseworkers and township approvers of the
 * village's township (its code's first 9 digits), auditors. Every other role (other departments, analysts, village
 * assistants, the public site) sees only the board in force today, as anyone passing the village board does: a past
 * notice would tell them of assistance (temporary aid after a grave illness, a village and a household size) that their
 * role never sees elsewhere. Decided from the caller and the village alone, never the data.
 */
export function handlesNotices(identity: Identity, villageCode: string): boolean {
  switch (identity.role) {
    case 'auditor':
      return true;
    case 'department_officer':
      return identity.department === 'CIVIL_AFFAIRS' || identity.department === 'SOCIAL_ASSISTANCE_CENTRE';
    case 'caseworker':
    case 'township_approver':
      return !!identity.township && identity.township === villageCode.slice(0, 9);
    default:
      return false;
  }
}

/** The most notices one answer holds: a village's board (a village has a few hundred households at most). */
export const MAX_NOTICES = 500;

/**
 * 公示 The notices in force in a village (and programme), as of `on`: the board of the public disclosure site (role
 * public) and of staff. In force: first day <= on <= last day, and not ended before or on `on` (endedOn).
 */
@Resolver(() => PublicNotice)
export class PublicNoticeResolver {
  @Query(() => [PublicNotice], {
    nullable: true,
    description:
      '公示 The public notices in force in a village or community (and programme), as of `on` (default today by the service centre\'s ' +
      'clock): their first day on or before it, their last day on or after it (7 calendar days, both included), not ended sooner by an ' +
      'objection (which sends the case back); oldest first. Each shows the programme, the dates, the proposed amount and, from civil ' +
      'affairs, the applicant\'s masked name (张**) and household size; nothing else of the applicant. Class disclosure: every role, ' +
      'and the only query of the graph the public disclosure site (role public) may ask. A notice is published only while it is in ' +
      'force: every role gets today\'s board only (FORBIDDEN NOTICES_IN_FORCE_ONLY for another date: an ended notice is not published ' +
      'any more), except those who handle the case, who may ask any date: civil-affairs and social assistance centre officers, the ' +
      'caseworkers and township approvers of the village\'s township, and auditors. BAD_USER_INPUT for a malformed village, programme or date.',
  })
  @Protected('disclosure')
  async publicNotices(
    @Arg('villageCode', () => String, { description: '村/社区 The 12-digit village or community code.' }) villageCode: string,
    @Arg('programme', () => String, { nullable: true, description: '救助项目 Only this programme: DIBAO, TEKUN or TEMPORARY; all three when not given.' }) programme: string | null,
    @Arg('on', () => String, {
      nullable: true,
      description:
        '日期 The day the notices are in force on (ISO YYYY-MM-DD); default today. Another day than today only for those who handle ' +
        'the case (civil-affairs and service centre officers, the township\'s caseworkers and approvers, auditors): FORBIDDEN NOTICES_IN_FORCE_ONLY to others.',
    }) on: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PublicNotice[]> {
    if (!isVillageCode(villageCode)) throw badInput('`villageCode` is not a 12-digit village or community code', 'villageCode', 'UNKNOWN_VILLAGE');
    if (programme != null && !NOTICED_PROGRAMMES.includes(programme))
      throw badInput(`\`programme\` is not a noticed programme (${NOTICED_PROGRAMMES.join(', ')})`, 'programme', 'NOT_NOTICED');
    const now = today();
    const day = on == null ? now : checkCalendarDate(on, 'on');
    if (day !== now && !handlesNotices(ctx.identity, villageCode))
      throw new GraphQLError(
        ctx.identity.role === 'public'
          ? 'the public disclosure site sees the notices in force today only: an ended notice is not published any more'
          : 'your role sees the notices in force today only (a notice is published only while in force): another day is for those who handle the case',
        { extensions: { code: 'FORBIDDEN', reason: 'NOTICES_IN_FORCE_ONLY' } },
      );
    const qb = ctx.db
      .getRepository(PublicNotice)
      .createQueryBuilder('n')
      .where('n.villageCode = :villageCode', { villageCode })
      .andWhere('n.startsOn <= :day AND n.endsOn >= :day', { day })
      .andWhere(new Brackets((w) => w.where('n.endedOn IS NULL').orWhere('n.endedOn > :day', { day })));
    if (programme) qb.andWhere('n.programme = :programme', { programme });
    return qb.orderBy('n.startsOn', 'ASC').addOrderBy('n.id', 'ASC').take(MAX_NOTICES).getMany();
  }

  @FieldResolver(() => ID, {
    description:
      '申请人 The applicant\'s registry id, kept internal (@inaccessible: not in the API schema): answered only to the gateway, which ' +
      'hands it to civil affairs for maskedName and householdSize (FORBIDDEN to a caller that reaches the service centre directly).',
  })
  applicantId(@Root() n: PublicNotice, @Ctx() ctx: SubgraphContext): string {
    if (!ctx.viaGateway) throw forbidden('applicantId is answered only to the gateway (for civil affairs\' masked name and household size)');
    return n.applicantId;
  }
}

/** A notice by its key, for `_entities`: only while it is in force today (the one notice board), null otherwise. */
export const publicNoticeReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext): Promise<PublicNotice | null> {
    const n = await ctx.db.getRepository(PublicNotice).findOneBy({ id: String(ref.id).toLowerCase() });
    const day = today();
    return n && n.startsOn <= day && n.endsOn >= day && (n.endedOn === null || n.endedOn > day) ? n : null;
  },
};
