import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonStub, personStubReference } from './modules/person/person.stub';
import { {{Record}}Resolver } from './modules/{{record-kebab}}/{{record-kebab}}.resolver';
import { Person{{NamePascal}}Resolver } from './modules/person/person.resolver';

/** The {{name}} subgraph's federated schema and SDL. */
export function build{{NamePascal}}Schema() {
  return buildFederatedSchema({
    subgraph: '{{name}}',
    resolvers: [{{Record}}Resolver, Person{{NamePascal}}Resolver],
    orphanedTypes: [PersonStub],
    referenceResolvers: { Person: personStubReference },
  });
}
