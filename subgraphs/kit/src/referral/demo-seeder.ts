import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { PopulationSeederFactory } from '../server/subgraph-server';

/**
 * A definition's `seeder` for a department that decides demo referrals: loads the department's seeder (`load`, e.g.
 * `() => import('./seed/seed').then((m) => m.educationSeeder)`) and the demo referrals (./demo, built on
 * @aidgraph/population) only when seeding, and wraps it with withDemoReferralDecisions (decisions on the demo referrals
 * to `department`, accepted with a record of `records` or refused).
 */
export function withDemoReferrals(
  load: () => Promise<PopulationSeederFactory>,
  o: { department: string; records: EntityTarget<ObjectLiteral>[] },
): () => Promise<PopulationSeederFactory> {
  return async () => {
    const [seeder, { withDemoReferralDecisions }] = await Promise.all([load(), import('./demo')]);
    return (seed) => withDemoReferralDecisions(seeder(seed), seed, o);
  };
}
