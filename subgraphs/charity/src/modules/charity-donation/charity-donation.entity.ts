import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { yuanColumn, YuanScalar, type Yuan, Public } from '@aidgraph/subgraph-kit';
import { CharityDonationStatus, CharityDonorKind } from './charity-donation.enums';

/**
 * 捐赠 A donation received by the charity federation for one of its projects. An anonymous donation (匿名捐赠) stores no
 * donor name at all. The donor's name is exposed through two fields (charity-donation.resolver.ts): `donorName` for a
 * person (personal data, @Protected) and `donorOrganisationName` for an enterprise or organisation.
 */
@Public("a donation is the donor's and is published with the project's accounts; a person donor's name has its own rule (identifier.name)")
@ObjectType({
  description:
    '捐赠 A donation received by the charity federation (慈善总会) for a charity project, in yuan. An anonymous donation ' +
    '(匿名捐赠) has no donor name stored or shown. A refunded donation no longer counts in the project\'s totals.',
})
@Entity('charity_donation')
@Index('charity_donation_project_idx', ['projectId', 'status'])
@Index('charity_donation_received_idx', ['receivedOn', 'id'])
export class CharityDonation {
  @Field(() => ID, { description: 'Opaque identifier of the donation (a UUID).' })
  @PrimaryColumn('uuid')
  id: string;

  /** the project funded (see the `project` field) */
  @Column('uuid')
  projectId: string;

  @Field(() => CharityDonorKind, { description: '捐赠人类型 Individual, enterprise or organisation (also kept for an anonymous donation).' })
  @Column('varchar', { length: 16 })
  donorKind: CharityDonorKind;

  @Field({ description: '匿名捐赠 True when the donor asked to stay anonymous: no donor name is stored or shown.' })
  @Column('boolean')
  anonymous: boolean;

  /** the donor's name; null when anonymous. Shown through donorName / donorOrganisationName by kind. */
  @Column('varchar', { length: 100, nullable: true })
  donor: string | null;

  @Field(() => YuanScalar, { description: '捐赠金额 Amount received, in yuan (above 0).' })
  @Column('bigint', { transformer: yuanColumn })
  amount: Yuan;

  @Field({ description: '到账日期 Date the donation was received (ISO YYYY-MM-DD), within the project\'s period.' })
  @Column('date')
  receivedOn: string;

  @Field(() => CharityDonationStatus, { description: '捐赠状态 RECEIVED or REFUNDED.' })
  @Column('varchar', { length: 12 })
  status: CharityDonationStatus;

  @Field(() => String, { nullable: true, description: '退还日期 Date of the refund (ISO), null unless refunded.' })
  @Column('date', { nullable: true })
  refundedOn: string | null;

  @Field(() => String, { nullable: true, description: '退还原因 Why the donation was refunded, null unless refunded.' })
  @Column('varchar', { length: 200, nullable: true })
  refundReason: string | null;
}
