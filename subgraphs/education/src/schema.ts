import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { EducationAidResolver } from './modules/education-aid/education-aid.resolver';
import { PersonEducationResolver } from './modules/person/person.resolver';
import { PersonStub, personStubReference } from './modules/person/person.stub';

/** The education subgraph's federated schema and SDL. */
export function buildEducationSchema() {
  return buildFederatedSchema({
    subgraph: 'education',
    resolvers: [EducationAidResolver, PersonEducationResolver],
    orphanedTypes: [PersonStub],
    referenceResolvers: { Person: personStubReference },
  });
}
