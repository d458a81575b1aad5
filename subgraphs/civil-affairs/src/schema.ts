import { buildFederatedSchema } from '@aidgraph/subgraph-kit';
import { PersonResolver, personReference } from './modules/person/person.resolver';
import { HouseholdResolver, householdReference } from './modules/household/household.resolver';
import { EnrolmentResolver } from './modules/enrolment/enrolment.resolver';
import { DivisionResolver } from './modules/division/division.resolver';

/** The civil-affairs subgraph's federated schema and SDL. */
export function buildCivilAffairsSchema() {
  return buildFederatedSchema({
    subgraph: 'civil-affairs',
    resolvers: [PersonResolver, HouseholdResolver, EnrolmentResolver, DivisionResolver],
    referenceResolvers: { Person: personReference, Household: householdReference },
  });
}
