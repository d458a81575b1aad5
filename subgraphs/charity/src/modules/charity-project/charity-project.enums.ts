import { registerEnumType } from 'type-graphql';

/** 项目状态 Status of a charity project. */
export enum CharityProjectStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(CharityProjectStatus, {
  name: 'CharityProjectStatus',
  description: '项目状态 Status of a charity project (慈善项目) of the charity federation (慈善总会).',
  valuesConfig: {
    OPEN: { description: '实施中 open: donations, refunds, grants and withdrawals may be recorded' },
    CLOSED: {
      description: '已结项 closed: the accounts are settled; no donation, refund, grant or withdrawal may be recorded any more',
    },
  },
});

/**
 * 救助对象 The target groups of a charity project are the policy's covered groups: the kit's `CoveredGroup` enum, the
 * same in every subgraph (civil affairs tags people with it).
 */
export { CoveredGroup as CharityTargetGroup } from '@aidgraph/subgraph-kit';
