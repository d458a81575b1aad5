import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Protected, YuanScalar, yuanColumn, type Yuan } from '@aidgraph/subgraph-kit';

/**
 * Why a notice ended before its last day (an ended notice is no longer in force): an objection, which sends the case
 * back to investigation. (A refusal comes only after the notice has ended, and an application is not withdrawn while
 * on notice: neither ends one.)
 */
export type NoticeEndReason = 'OBJECTION';

/**
 * 公示 One public notice: an application of a noticed programme (DIBAO, TEKUN, TEMPORARY) that entered PUBLIC_NOTICE,
 * for one of its noticed programmes, with the proposed amount. In force from its first to its last day (inclusive), as
 * of the kit clock, unless ended sooner by an objection, which sends the case back (`endedOn`).
 * What the notice board shows of the applicant (the masked name, the household size) civil affairs adds to this entity
 * (`PublicNotice.maskedName`, `householdSize` @requires applicantId): no name is copied into the service centre.
 * Class disclosure: every role sees a notice in force, the public disclosure site (role public) included.
 */
@Protected('disclosure')
@Directive('@key(fields: "id")')
@ObjectType('PublicNotice', {
  description:
    '公示 A public notice in force: an application proposed for dibao, tekun or temporary assistance, shown on its village\'s ' +
    'notice board for 7 calendar days (first and last day included) with the applicant\'s masked name, the household size and the ' +
    'proposed amount. Class disclosure: every role, the public disclosure site included.',
})
@Entity('public_notice')
@Index('public_notice_village_idx', ['villageCode', 'programme', 'startsOn'])
@Index('public_notice_application_idx', ['applicationId'])
export class PublicNotice {
  @Field(() => ID, { description: 'The notice\'s opaque id (a random UUID: it names no application or person).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the application noticed (assistance_application.id): internal, never in the API */
  @Column('uuid')
  applicationId: string;

  @Field(() => ID, {
    description:
      '申请人 The applicant\'s registry id, kept internal: @inaccessible (not in the API schema); the gateway hands it to civil ' +
      'affairs for maskedName and householdSize, and the service centre answers it only to the gateway.',
  })
  @Directive('@inaccessible')
  @Column('uuid')
  applicantId: string;

  @Field(() => String, { description: '救助项目 The programme noticed: DIBAO (最低生活保障), TEKUN (特困人员救助供养) or TEMPORARY (临时救助).' })
  @Column('varchar', { length: 32 })
  programme: string;

  /** the township (the village code's first 9 digits), for the row's scope */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  @Field(() => String, { description: '村/社区 The 12-digit code of the village or community whose notice board shows it (the applicant\'s village of registration).' })
  @Column('varchar', { length: 12 })
  villageCode: string;

  @Field(() => String, { description: '公示开始 The notice\'s first day (ISO YYYY-MM-DD): the day of the preliminary approval.' })
  @Column('date')
  startsOn: string;

  @Field(() => String, { description: '公示结束 The notice\'s last day (ISO YYYY-MM-DD): its first day + 6 (7 calendar days, both included).' })
  @Column('date')
  endsOn: string;

  @Field(() => YuanScalar, {
    description:
      '拟救助金额 The proposed amount in yuan (exact decimal): per month for DIBAO and TEKUN, once for TEMPORARY, as the preliminary ' +
      'approval gave it. Published by law (公示): with the household size it implies the per-capita income.',
  })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  /** the day the notice ended before its last day (an objection): not in force from that day on */
  @Column('date', { nullable: true })
  endedOn: string | null;

  /** why it ended early */
  @Column('varchar', { length: 16, nullable: true })
  endedBecause: NoticeEndReason | null;
}
