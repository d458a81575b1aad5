import { defineFundUse, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { RentSubsidy } from '../rent-subsidy/rent-subsidy.entity';
import { RentSubsidyStatus } from '../rent-subsidy/rent-subsidy.enums';
import { PublicRentalAllocation } from '../public-rental-allocation/public-rental-allocation.entity';
import { PublicRentalAllocationStatus } from '../public-rental-allocation/public-rental-allocation.enums';
import { DilapidatedHouseRenovation } from '../dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { DilapidatedHouseGrade, DilapidatedHouseRenovationStatus } from '../dilapidated-house-renovation/dilapidated-house-renovation.enums';

// quasi.programme (noticed by the housing centre): the housing officers and civil affairs
const OFFICERS = ['HOUSING', 'CIVIL_AFFAIRS'];

/** 租赁补贴统计 Rent subsidies (Query.rentSubsidyStatistics): amount sums the monthly amounts on record. */
export const rentSubsidyStatistics = defineStatistics({
  name: 'rentSubsidy',
  records: '租赁补贴 rent subsidies',
  entity: RentSubsidy,
  person: 'personId',
  amount: 'monthlyAmount',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    STATUS: dim.enumOf('status', RentSubsidyStatus, '状态 The subsidy\'s status.'),
    START_YEAR: dim.year('startMonth', '开始年份 The year of the first month paid.', 'month'),
    START_MONTH: dim.month('startMonth', '开始月份 The first month paid (YYYY-MM).', 'month'),
  },
});

/** 公租房配租统计 Public rental allocations (Query.publicRentalStatistics): amount sums the monthly rents (paid by the tenants). */
export const publicRentalStatistics = defineStatistics({
  name: 'publicRental',
  records: '公租房配租 public rental allocations',
  entity: PublicRentalAllocation,
  person: 'personId',
  amount: 'monthlyRent',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    STATUS: dim.enumOf('status', PublicRentalAllocationStatus, '状态 The allocation\'s status.'),
    LEASE_START_YEAR: dim.year('leaseStart', '起租年份 The year the lease starts.'),
  },
});

/** 农村危房改造统计 Dilapidated-house renovations (Query.renovationStatistics), by village too (not for analysts). */
export const renovationStatistics = defineStatistics({
  name: 'renovation',
  records: '农村危房改造 dilapidated-house renovations',
  entity: DilapidatedHouseRenovation,
  person: 'householdId',
  amount: 'subsidy',
  departments: OFFICERS,
  note: 'people counts households (a renovation is a household\'s).',
  dimensions: {
    TOWNSHIP: dim.township(),
    VILLAGE: dim.village(),
    GRADE: dim.enumOf('grade', DilapidatedHouseGrade, '危房等级 The grade of the dwelling (C, D).'),
    STATUS: dim.enumOf('status', DilapidatedHouseRenovationStatus, '状态 The renovation\'s status.'),
    ASSESSED_YEAR: dim.year('assessedOn', '鉴定年份 The year of the assessment.'),
  },
});

/** 资金使用 Housing's fund use (Query.housingFundUse): rent subsidies monthly (not revoked), renovation subsidies once when completed. */
export const housingFundUse = defineFundUse({
  name: 'housing',
  programmes: 'RENT_SUBSIDY monthly (not revoked), DILAPIDATED_HOUSE_RENOVATION one-off in the month completed (not cancelled; recipients: households)',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: OFFICERS,
  sources: [
    {
      entity: RentSubsidy,
      person: 'personId',
      programme: { value: 'RENT_SUBSIDY' },
      payment: { monthly: { amount: 'monthlyAmount', start: 'startMonth', end: 'endMonth', columnKind: 'month' } },
      where: (ref) => ({ sql: `${ref('status')} <> :revoked`, params: { revoked: RentSubsidyStatus.REVOKED } }),
    },
    {
      entity: DilapidatedHouseRenovation,
      person: 'householdId',
      programme: { value: 'DILAPIDATED_HOUSE_RENOVATION' },
      payment: { oneOff: { amount: 'subsidy', date: 'completedOn' } },
      where: (ref) => ({ sql: `${ref('status')} <> :cancelled`, params: { cancelled: DilapidatedHouseRenovationStatus.CANCELLED } }),
    },
  ],
});

export const housingStatisticsResolvers = [
  ...rentSubsidyStatistics.resolvers, ...publicRentalStatistics.resolvers, ...renovationStatistics.resolvers, ...housingFundUse.resolvers,
];
