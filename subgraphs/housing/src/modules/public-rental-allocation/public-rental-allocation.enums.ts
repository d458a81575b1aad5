import { registerEnumType } from 'type-graphql';

/** 配租状态 Status of a public rental housing allocation. */
export enum PublicRentalAllocationStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PublicRentalAllocationStatus, {
  name: 'PublicRentalAllocationStatus',
  description: '配租状态 Status of a public rental housing allocation (公共租赁住房配租).',
  valuesConfig: {
    ACTIVE: { description: '在租 the household holds the lease; a household holds at most one at a time' },
    ENDED: { description: '已退租 the lease ran out or the household moved out (the lease end is the day it ended)' },
    CANCELLED: { description: '已撤销 cancelled before the household moved in, or recorded in error; treated as never let' },
  },
});

/** Statuses of leases the household held (or holds): they count for the exclusion rules. */
export const HELD_LEASE_STATUSES = [PublicRentalAllocationStatus.ACTIVE, PublicRentalAllocationStatus.ENDED];
