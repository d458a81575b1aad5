import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildSupervisionSchema } from './schema';
import { WarningAlert, WarningRuleRun } from './modules/warning-alert/warning-alert.entity';
import { Initial1796282978458 } from './migrations/1796282978458-initial';
import { supervisionSeeder } from './seed/seed';
import { RULES_DISABLED_WARNING, readRulesConfig, rulesEnabled } from './modules/rules/config';
import { startSchedule } from './modules/rules/engine';

/** 市社会救助监管 The supervision subgraph: warning rules over the graph and their alerts (预警), added to Person as `warningAlerts`. */
export const supervision: SubgraphDefinition = {
  name: 'supervision',
  department: 'SUPERVISION',
  defaultPort: 4010,
  entities: [WarningAlert, WarningRuleRun],
  migrations: [Initial1796282978458],
  buildSchema: buildSupervisionSchema,
  seeder: supervisionSeeder,
  // the rules disabled (no gateway URL or token): a warning at start and on /ready
  readinessWarnings: () => (rulesEnabled(readRulesConfig()) ? [] : [RULES_DISABLED_WARNING]),
  // the schedule (SUPERVISION_RULES_INTERVAL, off by default)
  started: ({ db, log }) => startSchedule(db, log),
};
