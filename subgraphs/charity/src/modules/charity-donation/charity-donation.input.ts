import { Field, ID, InputType } from 'type-graphql';
import { IdempotencyKeyField, YuanScalar, type Yuan } from '@aidgraph/subgraph-kit';
import { CharityDonationStatus, CharityDonorKind } from './charity-donation.enums';

@InputType({ description: 'Filters of the donation list. All given filters must hold.' })
export class CharityDonationFilter {
  @Field(() => ID, { nullable: true, description: 'Only the donations to this project.' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only donations received on or after this date (ISO YYYY-MM-DD).' })
  receivedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only donations received on or before this date (ISO YYYY-MM-DD).' })
  receivedTo?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only anonymous donations; false: only named ones.' })
  anonymous?: boolean | null;

  @Field(() => CharityDonorKind, { nullable: true, description: 'Only donations from this kind of donor.' })
  donorKind?: CharityDonorKind | null;

  @Field(() => CharityDonationStatus, { nullable: true, description: 'Only donations with this status.' })
  status?: CharityDonationStatus | null;
}

@InputType({ description: 'A donation received (charity federation staff), for an OPEN project.' })
export class RecordCharityDonationInput {
  @Field(() => ID, { description: 'The project funded.' })
  projectId: string;

  @Field(() => CharityDonorKind, { description: '捐赠人类型 Individual, enterprise or organisation.' })
  donorKind: CharityDonorKind;

  @Field({ defaultValue: false, description: '匿名捐赠 True when the donor asks to stay anonymous: then give no donorName.' })
  anonymous: boolean;

  @Field(() => String, { nullable: true, description: '捐赠人 Name of the donor (1-100 characters); required unless anonymous, refused when anonymous.' })
  donorName?: string | null;

  @Field(() => YuanScalar, { description: '捐赠金额 Amount received in yuan: above 0, at most the limit in force on the date received (CHARITY_DONATION_LIMITS_FILE; AMOUNT_ABOVE_LIMIT).' })
  amount: Yuan;

  @Field({ description: '到账日期 Date received, ISO YYYY-MM-DD, within the project\'s period.' })
  receivedOn: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A correction of a RECEIVED donation: only the fields given change. Lowering the amount is refused (CONFLICT) when the ' +
    'project\'s balance would fall below zero.',
})
export class CorrectCharityDonationInput {
  @Field(() => ID, { description: 'The donation.' })
  id: string;

  @Field(() => YuanScalar, { nullable: true, description: '捐赠金额 Corrected amount in yuan: above 0, at most the limit in force on the date received (AMOUNT_ABOVE_LIMIT).' })
  amount?: Yuan | null;

  @Field(() => String, { nullable: true, description: '到账日期 Corrected date received, ISO YYYY-MM-DD, within the project\'s period.' })
  receivedOn?: string | null;

  @Field(() => CharityDonorKind, { nullable: true, description: '捐赠人类型 Corrected kind of donor.' })
  donorKind?: CharityDonorKind | null;

  @Field(() => Boolean, { nullable: true, description: '匿名捐赠 Corrected anonymity: true erases the stored donor name; false needs a donorName.' })
  anonymous?: boolean | null;

  @Field(() => String, { nullable: true, description: '捐赠人 Corrected donor name (1-100 characters); refused for an anonymous donation.' })
  donorName?: string | null;
}

@InputType({ description: 'Refund (退还) a RECEIVED donation in full, e.g. one received in error.' })
export class RefundCharityDonationInput {
  @Field(() => ID, { description: 'The donation.' })
  id: string;

  @Field({ description: '退还日期 Date of the refund, ISO YYYY-MM-DD, not before the date received.' })
  refundedOn: string;

  @Field({ description: '退还原因 Why it is refunded, 1-200 characters.' })
  reason: string;
}
