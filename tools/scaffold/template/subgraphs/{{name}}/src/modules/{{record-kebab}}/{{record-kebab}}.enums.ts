import { registerEnumType } from 'type-graphql';

/** The department that owns this subgraph's records ({{departmentName}}; programmes.json `departments`). */
export const DEPARTMENT = '{{CODE}}';

/** 状态 Status of a {{programme}} record. */
export enum {{Record}}Status {
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  REVOKED = 'REVOKED',
}
registerEnumType({{Record}}Status, {
  name: '{{Record}}Status',
  description: '状态 Status of a {{programme}} record.',
  valuesConfig: {
    APPROVED: { description: '已批准 approved, not yet paid' },
    PAID: { description: '已发放 paid' },
    REVOKED: { description: '已撤销 revoked (recorded in error or withdrawn)' },
  },
});
