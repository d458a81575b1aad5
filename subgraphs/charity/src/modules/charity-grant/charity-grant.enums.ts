import { registerEnumType } from 'type-graphql';

/** 救助对象类型 Whether a grant goes to a person or to a household as a whole. */
export enum CharityRecipientKind {
  PERSON = 'PERSON',
  HOUSEHOLD = 'HOUSEHOLD',
}
registerEnumType(CharityRecipientKind, {
  name: 'CharityRecipientKind',
  description: '救助对象类型 Who receives a charity grant (慈善救助金): one person or a household as a whole.',
  valuesConfig: {
    PERSON: { description: '个人 a person of the civil-affairs registry (the grant shows on Person.charityGrants)' },
    HOUSEHOLD: { description: '家庭 a household of the civil-affairs registry (the grant shows on Household.charityGrants)' },
  },
});

/** 救助金状态 Status of a charity grant. */
export enum CharityGrantStatus {
  GRANTED = 'GRANTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CharityGrantStatus, {
  name: 'CharityGrantStatus',
  description: '救助金状态 Status of a charity grant (慈善救助金).',
  valuesConfig: {
    GRANTED: { description: '已发放 granted: counts in the project\'s granted total' },
    WITHDRAWN: {
      description: '已撤回 withdrawn (granted in error, or returned): no longer counts; the amount is back in the project\'s balance',
    },
  },
});
