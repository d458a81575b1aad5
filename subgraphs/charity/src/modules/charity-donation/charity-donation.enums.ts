import { registerEnumType } from 'type-graphql';

/** 捐赠人类型 Kind of donor. */
export enum CharityDonorKind {
  INDIVIDUAL = 'INDIVIDUAL',
  ENTERPRISE = 'ENTERPRISE',
  ORGANISATION = 'ORGANISATION',
}
registerEnumType(CharityDonorKind, {
  name: 'CharityDonorKind',
  description: '捐赠人类型 Kind of donor of a donation (捐赠) to a charity project.',
  valuesConfig: {
    INDIVIDUAL: { description: '个人 a private person (the name is personal data)' },
    ENTERPRISE: { description: '企业 an enterprise (company)' },
    ORGANISATION: { description: '社会组织/机关团体 an association, foundation, public body or other organisation' },
  },
});

/** 捐赠状态 Status of a donation. */
export enum CharityDonationStatus {
  RECEIVED = 'RECEIVED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(CharityDonationStatus, {
  name: 'CharityDonationStatus',
  description: '捐赠状态 Status of a donation (捐赠).',
  valuesConfig: {
    RECEIVED: { description: '已到账 received: counts in the project\'s received total' },
    REFUNDED: { description: '已退还 refunded to the donor (e.g. received in error): no longer counts in the project\'s totals' },
  },
});
