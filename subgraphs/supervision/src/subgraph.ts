import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { buildSupervisionSchema } from './schema';
import { WarningAlert, WarningRuleRun } from './modules/warning-alert/warning-alert.entity';
import { Initial1796282978458 } from './migrations/1796282978458-initial';
import { RuleLease1796305879892 } from './migrations/1796305879892-rule-lease';
import { RuleRunTriggerIndex1796720000000 } from './migrations/1796720000000-rule-run-trigger-index';
import { RuleRunGatewayCodes1796800000000 } from './migrations/1796800000000-rule-run-gateway-codes';
import { WarningRuleLease } from './modules/rules/lease';
import { RULES_DISABLED_WARNING, readRulesConfig, rulesEnabled } from './modules/rules/config';
import { startRulesBackground } from './modules/rules/engine';

/** 市社会救助监管 The supervision subgraph: warning rules over the graph and their alerts (预警), added to Person as `warningAlerts`. */
export const supervision: SubgraphDefinition = {
  name: 'supervision',
  department: 'SUPERVISION',
  defaultPort: 4010,
  entities: [WarningAlert, WarningRuleRun, WarningRuleLease],
  migrations: [Initial1796282978458, RuleLease1796305879892, RuleRunTriggerIndex1796720000000, RuleRunGatewayCodes1796800000000],
  buildSchema: buildSupervisionSchema,
  seeder: () => import('./seed/seed').then((m) => m.supervisionSeeder),
  // the rules disabled (no gateway URL or token): a warning at start and on /ready
  readinessWarnings: () => (rulesEnabled(readRulesConfig()) ? [] : [RULES_DISABLED_WARNING]),
  // at start the runs a stopped process left RUNNING become INTERRUPTED; the schedule (SUPERVISION_RULES_INTERVAL, off by
  // default); at a graceful stop this process's batches are interrupted (PROCESS_STOPPED) and their lease freed
  started: ({ db, log }) => startRulesBackground(db, log),
};
