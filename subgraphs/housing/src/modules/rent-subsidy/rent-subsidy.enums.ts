import { registerEnumType } from 'type-graphql';

/** 租赁补贴状态 Status of a rent subsidy. */
export enum RentSubsidyStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
  REVOKED = 'REVOKED',
}
registerEnumType(RentSubsidyStatus, {
  name: 'RentSubsidyStatus',
  description: '租赁补贴状态 Status of a rent subsidy (租赁补贴).',
  valuesConfig: {
    ACTIVE: { description: '发放中 approved and paid monthly over its period; a household has at most one at a time' },
    ENDED: { description: '已停发 ended: the period ran out or payment stopped (the end month is the last month paid)' },
    REVOKED: { description: '已撤销 revoked: recorded in error or obtained by false statements; treated as never paid' },
  },
});

/** Statuses of subsidies that were (or are) paid: they count for the exclusion rules. */
export const PAID_RENT_SUBSIDY_STATUSES = [RentSubsidyStatus.ACTIVE, RentSubsidyStatus.ENDED];
