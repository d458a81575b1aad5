import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { AssistanceApplicationResolver } from './modules/assistance-application/assistance-application.resolver';
import { PersonServiceCentreResolver } from './modules/person/person.resolver';

/** The service-centre subgraph's federated schema and SDL. */
export function buildServiceCentreSchema() {
  return buildFederatedSchema({
    subgraph: 'service-centre',
    resolvers: [AssistanceApplicationResolver, PersonServiceCentreResolver],
    orphanedTypes: [PersonStub],
    referenceResolvers: { Person: personStubReference },
  });
}
