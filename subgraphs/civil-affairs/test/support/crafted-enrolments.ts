import { startSubgraphHarness, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '../../src/subgraph';
import { Enrolment } from '../../src/modules/enrolment/enrolment.entity';
import { PaymentBatch, PaymentLine } from '../../src/modules/fund/fund.entity';

/**
 * A civil-affairs harness on the clock `today` (AIDGRAPH_TODAY) with the seeded population but none of its enrolments,
 * payment batches or lines: a batch then pays exactly what a test enrols. `close` ends the harness and puts the clock
 * back as it was.
 */
export async function startWithCraftedEnrolments(kind: 'sqlite' | 'postgres', o: { seed: string; size: number; today: string }): Promise<{ h: SubgraphHarness; close: () => Promise<void> }> {
  const previousClock = process.env.AIDGRAPH_TODAY;
  process.env.AIDGRAPH_TODAY = o.today;
  const h = await startSubgraphHarness(civilAffairs, kind, { seedSize: o.size, seed: o.seed });
  for (const entity of [Enrolment, PaymentLine, PaymentBatch]) await h.db.getRepository(entity).createQueryBuilder().delete().execute();
  return {
    h,
    close: async () => {
      if (previousClock === undefined) delete process.env.AIDGRAPH_TODAY;
      else process.env.AIDGRAPH_TODAY = previousClock;
      await h.close();
    },
  };
}
