import { defineFundUse, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { CharityGrant } from '../charity-grant/charity-grant.entity';
import { CharityGrantStatus, CharityRecipientKind } from '../charity-grant/charity-grant.enums';

const OFFICERS = ['CHARITY_FEDERATION'];

/** 慈善救助统计 Charity grants (Query.charityGrantStatistics): people counts persons and households (a household grant: the household). */
export const charityGrantStatistics = defineStatistics({
  name: 'charityGrant',
  records: '慈善救助 charity grants',
  entity: CharityGrant,
  personSql: (ref) => `COALESCE(${ref('personId')}, ${ref('householdId')})`,
  amount: 'amount',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    RECIPIENT_KIND: dim.enumOf('recipientKind', CharityRecipientKind, '受助对象 A person or a household.'),
    STATUS: dim.enumOf('status', CharityGrantStatus, '状态 The grant\'s status.'),
    GRANTED_YEAR: dim.year('grantedOn', '发放年份 The year granted.'),
    GRANTED_MONTH: dim.month('grantedOn', '发放月份 The month granted (YYYY-MM).'),
  },
});

/** 资金使用 The charity federation's fund use (Query.charityFundUse): each grant not withdrawn, once, in its month. */
export const charityFundUse = defineFundUse({
  name: 'charity',
  programmes: 'CHARITY_GRANT one-off in the month granted (not withdrawn; a household grant counts its household once)',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: OFFICERS,
  sources: [
    {
      entity: CharityGrant,
      personSql: (ref) => `COALESCE(${ref('personId')}, ${ref('householdId')})`,
      programme: { value: 'CHARITY_GRANT' },
      payment: { oneOff: { amount: 'amount', date: 'grantedOn' } },
      where: (ref) => ({ sql: `${ref('status')} <> :withdrawn`, params: { withdrawn: CharityGrantStatus.WITHDRAWN } }),
    },
  ],
});

export const charityStatisticsResolvers = [...charityGrantStatistics.resolvers, ...charityFundUse.resolvers];
