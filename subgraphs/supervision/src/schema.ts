import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { WarningAlertResolver, WarningRuleRunResolver } from './modules/warning-alert/warning-alert.resolver';
import { PersonSupervisionResolver } from './modules/person/person.resolver';
import { WarningRulesResolver } from './modules/rules/rules.resolver';
import { warningAlertStatistics } from './modules/statistics/statistics';
import { readRulesConfig } from './modules/rules/config';

/** The supervision subgraph's federated schema and SDL. */
export function buildSupervisionSchema() {
  readRulesConfig(); // a malformed SUPERVISION_* variable stops the start with every problem listed
  return buildFederatedSchema({
    subgraph: 'supervision',
    resolvers: [WarningAlertResolver, WarningRuleRunResolver, PersonSupervisionResolver, WarningRulesResolver, ...warningAlertStatistics.resolvers],
    orphanedTypes: [PersonStub],
    referenceResolvers: { Person: personStubReference },
  });
}
