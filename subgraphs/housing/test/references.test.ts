import { housing } from '../src/subgraph';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/**
 * A housing record names a household and an applicant that civil affairs resolves. When the registry does not return
 * them (an unknown id, or outside the caller's scope) only those fields may become null: non-null ones would null the
 * whole record, and with it the whole list (`{"data": null}` through the gateway).
 */
describe.each(testDatabaseKinds())('housing record references on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind);
  });
  afterAll(() => h?.close());

  it('declares applicant and household nullable on every record type', async () => {
    const sdl: string = (await h.request(`{ _service { sdl } }`)).data._service.sdl;
    for (const type of ['RentSubsidy', 'PublicRentalAllocation', 'DilapidatedHouseRenovation']) {
      const body = new RegExp(`type ${type}[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)![1];
      const refs = [...body.matchAll(/\n\s*(applicant|household): (\w+!?)\n/g)].map((m) => `${m[1]}: ${m[2]}`).sort();
      expect({ type, refs }).toEqual({ type, refs: ['applicant: Person', 'household: Household'] });
    }
  });
});
