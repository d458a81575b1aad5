import { createUnionType } from 'type-graphql';
import { defineReferralDecisions } from '@aidgraph/subgraph-kit';
import { RentSubsidy } from '../rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from '../public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from '../dilapidated-house-renovation/dilapidated-house-renovation.entity';

/** 住房救助记录 The housing record an accepted referral names: a rent subsidy, a public rental allocation or a renovation. */
export const HousingRecord = createUnionType({
  name: 'HousingRecord',
  description: '住房救助记录 A housing assistance record of the applicant: a rent subsidy (租赁补贴), a public rental allocation (公租房配租) or a dilapidated-house renovation (农村危房改造).',
  types: () => [RentSubsidy, PublicRentalAllocation, DilapidatedHouseRenovation] as const,
});

/**
 * 协同办理 Referrals to the housing centre (HOUSING), decided here (the kit's referral module): accepted with the housing
 * record made for the applicant (any of the three kinds, the applicant its person), or refused with the reason. Adds
 * `Referral.housingDecision` and `decideHousingReferral`.
 */
export const housingReferrals = defineReferralDecisions({
  department: 'HOUSING',
  name: 'Housing',
  title: '市房产服务中心',
  recordType: () => HousingRecord,
  recordDescription: '住房救助记录 (HousingRecord: RentSubsidy, PublicRentalAllocation or DilapidatedHouseRenovation)',
  records: [RentSubsidy, PublicRentalAllocation, DilapidatedHouseRenovation].map((entity) => ({ entity, personsOf: (r: { personId: string }) => [r.personId] })),
});
