/** 协同办理 referrals: the signed tickets and the department side (decisions), shared by every subgraph. */
export * from './ticket';
export * from './referral';
export * from './demo';
