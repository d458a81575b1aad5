import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records (市应急管理局; programmes.json `departments`). */
export const DEPARTMENT = 'EMERGENCY_MANAGEMENT';

/** 救助类型 The kind of relief granted to an affected household (自然灾害救助条例 2019; 山东省自然灾害救助办法). */
export enum DisasterReliefType {
  EMERGENCY_LIVING = 'EMERGENCY_LIVING',
  TRANSITIONAL = 'TRANSITIONAL',
  HOUSE_REBUILD = 'HOUSE_REBUILD',
  HOUSE_REPAIR = 'HOUSE_REPAIR',
  WINTER_SPRING = 'WINTER_SPRING',
  DEATH_CONSOLATION = 'DEATH_CONSOLATION',
}
registerEnumType(DisasterReliefType, {
  name: 'DisasterReliefType',
  description: '救助类型 The kind of disaster relief: what the amount is for, and which households may get it.',
  valuesConfig: {
    EMERGENCY_LIVING: { description: '应急期生活救助 emergency-period living relief (food, water, shelter): any assessed household; per person affected' },
    TRANSITIONAL: { description: '过渡期生活救助 transitional living relief, for a period of at most 3 months: households whose house COLLAPSED or was SEVERELY_DAMAGED; per person and month' },
    HOUSE_REBUILD: { description: '倒损住房恢复重建补助 house rebuilding subsidy: COLLAPSED or SEVERELY_DAMAGED houses only' },
    HOUSE_REPAIR: { description: '一般损坏住房维修补助 repair subsidy: GENERALLY_DAMAGED houses only' },
    WINTER_SPRING: { description: '冬春生活救助 winter-spring living relief (the winter and spring after the disaster year): any assessed household; per person affected' },
    DEATH_CONSOLATION: { description: '遇难人员家属抚慰金 consolation to the families of the dead: households whose assessment records deaths; per death' },
  },
});

/** 发放状态 Status of a relief grant. */
export enum DisasterReliefStatus {
  GRANTED = 'GRANTED',
  PAID = 'PAID',
  REVOKED = 'REVOKED',
}
registerEnumType(DisasterReliefStatus, {
  name: 'DisasterReliefStatus',
  description: '发放状态 Status of a disaster relief grant.',
  valuesConfig: {
    GRANTED: { description: '已批准 granted, not yet paid' },
    PAID: { description: '已发放 paid (社会化发放 to the recipient\'s account)' },
    REVOKED: { description: '已撤销 revoked (recorded in error or withdrawn)' },
  },
});
