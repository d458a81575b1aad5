import { defineHouseholdStub } from '@aidgraph/subgraph-kit';

/**
 * The registry's Household as this subgraph sees it: only the key (the kit's defineHouseholdStub, a class of this
 * subgraph's own). Civil affairs owns Household; this subgraph adds its fields to it (household.resolver.ts).
 */
export const { HouseholdStub, householdStubReference } = defineHouseholdStub();
export type HouseholdStub = InstanceType<typeof HouseholdStub>;
