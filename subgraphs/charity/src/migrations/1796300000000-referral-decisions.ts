import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createReferralDecisionTable, dropReferralDecisionTable } from '@aidgraph/subgraph-kit';

/** 协同办理 市慈善总会's decisions on referrals (ReferralDecision, the kit's table referral_decision). */
export class ReferralDecisions1796300000000 implements MigrationInterface {
  name = 'ReferralDecisions1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await createReferralDecisionTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropReferralDecisionTable(q);
  }
}
