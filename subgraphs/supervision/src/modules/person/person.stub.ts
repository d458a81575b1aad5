import { definePersonStub } from '@aidgraph/subgraph-kit';

/**
 * The registry's Person as this subgraph sees it: only the key (the kit's definePersonStub, a class of this subgraph's
 * own). Civil affairs owns Person; this subgraph adds its fields to it (person.resolver.ts).
 */
export const { PersonStub, personStubReference } = definePersonStub();
export type PersonStub = InstanceType<typeof PersonStub>;
