import type { PopulationSeeder } from '@aidgraph/population';

/**
 * Supervision's share of the demo population: none. Alerts are findings of the warning rules over the graph (run them:
 * `npm run rules`, runWarningRules, or the schedule), never seeded.
 */
export function supervisionSeeder(_seed: string): PopulationSeeder {
  return { household() {} };
}
