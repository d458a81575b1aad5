import { defineFundUse, defineStatistics, statisticsDimension as dim } from '@aidgraph/subgraph-kit';
import { DisasterRelief } from '../disaster-relief/disaster-relief.entity';
import { DisasterReliefStatus, DisasterReliefType } from '../disaster-relief/disaster-relief.enums';

const OFFICERS = ['EMERGENCY_MANAGEMENT'];

/** 受灾救助统计 Disaster relief grants (Query.disasterReliefStatistics). */
export const disasterReliefStatistics = defineStatistics({
  name: 'disasterRelief',
  records: '受灾人员救助 disaster relief grants',
  entity: DisasterRelief,
  person: 'personId',
  amount: 'amount',
  departments: OFFICERS,
  dimensions: {
    TOWNSHIP: dim.township(),
    RELIEF_TYPE: dim.enumOf('reliefType', DisasterReliefType, '救助类型 The kind of relief.'),
    STATUS: dim.enumOf('status', DisasterReliefStatus, '状态 The grant\'s status.'),
    GRANTED_YEAR: dim.year('grantedOn', '发放年份 The year granted.'),
    GRANTED_MONTH: dim.month('grantedOn', '发放月份 The month granted (YYYY-MM).'),
  },
});

/** 资金使用 Disaster relief fund use (Query.disasterReliefFundUse): each grant not revoked, once, in its month, by relief type. */
export const disasterReliefFundUse = defineFundUse({
  name: 'disasterRelief',
  programmes: 'each relief type (DisasterReliefType) one-off in the month granted, revoked grants left out',
  roles: ['caseworker', 'township_approver', 'department_officer', 'analyst', 'auditor', 'public'],
  departments: OFFICERS,
  sources: [
    {
      entity: DisasterRelief,
      person: 'personId',
      programme: { column: 'reliefType', codes: Object.values(DisasterReliefType) },
      payment: { oneOff: { amount: 'amount', date: 'grantedOn' } },
      where: (ref) => ({ sql: `${ref('status')} <> :revoked`, params: { revoked: DisasterReliefStatus.REVOKED } }),
    },
  ],
});

export const disasterReliefStatisticsResolvers = [...disasterReliefStatistics.resolvers, ...disasterReliefFundUse.resolvers];
