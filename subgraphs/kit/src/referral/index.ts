/**
 * 协同办理 referrals: the signed tickets and the department side (decisions), shared by every subgraph. The demo
 * applications and referral decisions of the seed (./demo, built on @aidgraph/population) are not in the barrel: a seed
 * imports them from `@aidgraph/subgraph-kit/referral/demo`, loaded only when seeding.
 */
export * from './ticket';
export * from './referral';
export * from './demo-seeder';
