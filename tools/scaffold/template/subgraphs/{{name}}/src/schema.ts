import { buildFederatedSchema, PersonStub, personStubReference } from '@aidgraph/subgraph-kit';
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
