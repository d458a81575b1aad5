import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records (市社会救助综合服务中心（一窗受理平台，隶属市民政局）; programmes.json `departments`). */
export const DEPARTMENT = 'SOCIAL_ASSISTANCE_CENTRE';

/** 状态 Status of a 一窗受理 record. */
export enum AssistanceApplicationStatus {
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  REVOKED = 'REVOKED',
}
registerEnumType(AssistanceApplicationStatus, {
  name: 'AssistanceApplicationStatus',
  description: '状态 Status of a 一窗受理 record.',
  valuesConfig: {
    APPROVED: { description: '已批准 approved, not yet paid' },
    PAID: { description: '已发放 paid' },
    REVOKED: { description: '已撤销 revoked (recorded in error or withdrawn)' },
  },
});
