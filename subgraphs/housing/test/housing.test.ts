import { housing } from '../src/subgraph';
import { RentSubsidy } from '../src/modules/rent-subsidy/rent-subsidy.entity';
import { PublicRentalAllocation } from '../src/modules/public-rental-allocation/public-rental-allocation.entity';
import { DilapidatedHouseRenovation } from '../src/modules/dilapidated-house-renovation/dilapidated-house-renovation.entity';
import { Decimal, createLogger, openDatabase, seedDemo, verifyAuditChain } from '@aidgraph/subgraph-kit';
import { generatePopulation, type HouseholdRecord } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'housing-test';
const SIZE = 6000;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const householdById = new Map(households.map((h) => [h.id, h]));
const OFFICER = { role: 'department_officer' as const, department: 'HOUSING' };
const ASSISTED = ['DIBAO', 'TEKUN', 'MARGINAL'];

/** The rent subsidy the seed should pay a household, computed here from the population's facts. */
function expectedMonthlySubsidy(h: HouseholdRecord): string {
  const members = Math.min(3, h.members.filter((m) => m.status === 'ACTIVE').length);
  const rate = h.category === 'MARGINAL' ? 12 : 16;
  return new Decimal(rate).times(15).times(members).toFixed(2);
}

interface Seeded {
  subsidies: RentSubsidy[];
  allocations: PublicRentalAllocation[];
  renovations: DilapidatedHouseRenovation[];
}

async function readAll(h: SubgraphHarness): Promise<Seeded> {
  return {
    subsidies: await h.db.getRepository(RentSubsidy).find({ order: { id: 'ASC' } }),
    allocations: await h.db.getRepository(PublicRentalAllocation).find({ order: { id: 'ASC' } }),
    renovations: await h.db.getRepository(DilapidatedHouseRenovation).find({ order: { id: 'ASC' } }),
  };
}

const HOUSEHOLD_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id housingAssistance {
  currentRentSubsidy { id monthlyAmount startMonth endMonth status months periodTotal }
  currentPublicRentalAllocation { id area monthlyRent leaseStart leaseEnd status rentPerSquareMetre }
  renovation { id grade subsidy status }
  rentSubsidies { id } publicRentalAllocations { id } renovations { id }
} } } }`;

const PERSON_QUERY = HOUSEHOLD_QUERY.replace('... on Household', '... on Person');

describe.each(testDatabaseKinds())('housing subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let seeded: Seeded;
  beforeAll(async () => {
    h = await startSubgraphHarness(housing, kind, { seedSize: SIZE, seed: SEED });
    seeded = await readAll(h);
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds renovations for exactly the dilapidated houses, by an active adult member, with realistic amounts', () => {
    const expected = households.filter((x) => x.housing === 'DILAPIDATED' && x.members.some((m) => m.status === 'ACTIVE'));
    expect(expected.length).toBeGreaterThan(10);
    expect(seeded.renovations.map((r) => r.householdId).sort()).toEqual(expected.map((x) => x.id).sort());
    for (const r of seeded.renovations) {
      const hh = householdById.get(r.householdId)!;
      expect(hh.urban).toBe(false);
      expect(ASSISTED).toContain(hh.category);
      expect(r.villageCode).toBe(hh.villageCode);
      expect(r.townshipCode).toBe(hh.townshipCode);
      const applicant = hh.members.find((m) => m.id === r.personId)!;
      expect(applicant).toBeDefined();
      expect(applicant.status).toBe('ACTIVE');
      const subsidy = new Decimal(r.subsidy);
      if (r.grade === 'D') expect(subsidy.gte(30000) && subsidy.lte(45000)).toBe(true);
      else expect(subsidy.gte(10000) && subsidy.lte(20000)).toBe(true);
      expect(r.status === 'COMPLETED').toBe(r.completedOn !== null);
      if (r.completedOn) expect(r.completedOn > r.assessedOn && r.completedOn <= '2025-12-31').toBe(true);
    }
  });

  it('seeds a rent subsidy or a public rental allocation, never both, for exactly the renting assisted households', () => {
    const expected = households.filter((x) => x.housing === 'RENTED' && ASSISTED.includes(x.category) && x.members.some((m) => m.status === 'ACTIVE'));
    expect(expected.length).toBeGreaterThan(5);
    const subsidised = new Set(seeded.subsidies.map((s) => s.householdId));
    const allocated = new Set(seeded.allocations.map((a) => a.householdId));
    expect(subsidised.size).toBeGreaterThan(0);
    expect(allocated.size).toBeGreaterThan(0);
    expect([...subsidised, ...allocated].sort()).toEqual(expected.map((x) => x.id).sort());
    for (const s of seeded.subsidies) {
      const hh = householdById.get(s.householdId)!;
      expect(hh.members.find((m) => m.id === s.personId)?.status).toBe('ACTIVE');
      expect(s.townshipCode).toBe(hh.townshipCode);
      expect(s.monthlyAmount).toBe(expectedMonthlySubsidy(hh));
      expect(new Decimal(s.monthlyAmount).gte(100) && new Decimal(s.monthlyAmount).lt(1000)).toBe(true);
    }
    expect(seeded.subsidies.filter((s) => s.status === 'ACTIVE').length).toBe(subsidised.size);
    for (const a of seeded.allocations) {
      const hh = householdById.get(a.householdId)!;
      expect(hh.urban).toBe(true);
      expect(hh.members.find((m) => m.id === a.personId)?.status).toBe('ACTIVE');
      expect(new Decimal(a.area).gte(36) && new Decimal(a.area).lte(60)).toBe(true);
      const perSquareMetre = new Decimal(a.monthlyRent).dividedBy(a.area);
      expect(perSquareMetre.gte(1.49) && perSquareMetre.lte(6.01)).toBe(true);
    }
    expect(seeded.allocations.filter((a) => a.status === 'ACTIVE').length).toBe(allocated.size);
  });

  it('stores the floor area as an exact integer of hundredths of a square metre', async () => {
    const a = seeded.allocations[0];
    const raw: { area: number | string }[] = await h.db.query(`SELECT area FROM public_rental_allocation WHERE id = '${a.id}'`);
    expect(Number(raw[0].area)).toBe(new Decimal(a.area).times(100).toNumber());
    expect(a.area).toMatch(/^\d+\.\d{2}$/);
  });

  it('seeds deterministically and only into an empty database', async () => {
    const log = createLogger('housing', 'silent');
    await seedDemo(housing, h.db, { seed: SEED, size: SIZE, log });
    expect(await readAll(h)).toEqual(seeded);
    const again = await openDatabase({ url: 'sqlite::memory:', entities: housing.entities, migrations: housing.migrations });
    try {
      await seedDemo(housing, again, { seed: SEED, size: SIZE, log });
      expect((await again.getRepository(RentSubsidy).find({ order: { id: 'ASC' } })).map((s) => [s.id, s.monthlyAmount, s.startMonth])).toEqual(
        seeded.subsidies.map((s) => [s.id, s.monthlyAmount, s.startMonth]),
      );
      expect((await again.getRepository(DilapidatedHouseRenovation).count())).toBe(seeded.renovations.length);
    } finally {
      await again.destroy();
    }
  });

  it('adds housingAssistance to Household through _entities, in representation order, empty for a household without records', async () => {
    const subsidy = seeded.subsidies.find((s) => s.status === 'ACTIVE')!;
    const lease = seeded.allocations.find((a) => a.status === 'ACTIVE')!;
    const renovation = seeded.renovations.find((r) => r.status !== 'CANCELLED')!;
    const none = households.find((x) => x.housing === 'OWNED')!;
    const r = await h.request(HOUSEHOLD_QUERY, {
      r: [none.id, subsidy.householdId, lease.householdId, renovation.householdId].map((id) => ({ __typename: 'Household', id })),
    });
    expect(r.errors).toBeUndefined();
    const [a, b, c, d] = r.data._entities;
    expect(a).toEqual({
      id: none.id,
      housingAssistance: { currentRentSubsidy: null, currentPublicRentalAllocation: null, renovation: null, rentSubsidies: [], publicRentalAllocations: [], renovations: [] },
    });
    expect(b.id).toBe(subsidy.householdId);
    expect(b.housingAssistance.currentRentSubsidy).toEqual({
      id: subsidy.id, monthlyAmount: subsidy.monthlyAmount, startMonth: subsidy.startMonth, endMonth: subsidy.endMonth, status: 'ACTIVE',
      months: 12, periodTotal: new Decimal(subsidy.monthlyAmount).times(12).toFixed(2),
    });
    expect(b.housingAssistance.rentSubsidies.map((x: { id: string }) => x.id).sort()).toEqual(
      seeded.subsidies.filter((s) => s.householdId === subsidy.householdId).map((s) => s.id).sort(),
    );
    expect(c.housingAssistance.currentPublicRentalAllocation).toEqual({
      id: lease.id, area: lease.area, monthlyRent: lease.monthlyRent, leaseStart: lease.leaseStart, leaseEnd: lease.leaseEnd, status: 'ACTIVE',
      rentPerSquareMetre: new Decimal(lease.monthlyRent).dividedBy(lease.area).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    });
    expect(c.housingAssistance.currentRentSubsidy).toBeNull();
    expect(d.housingAssistance.renovation).toEqual({ id: renovation.id, grade: renovation.grade, subsidy: renovation.subsidy, status: renovation.status });
  });

  it('adds housingAssistance to Person: the records naming the person as applicant, none for another member', async () => {
    const subsidy = seeded.subsidies.find((s) => s.status === 'ACTIVE' && householdById.get(s.householdId)!.members.length > 1)!;
    const other = householdById.get(subsidy.householdId)!.members.find((m) => m.id !== subsidy.personId)!;
    const r = await h.request(PERSON_QUERY, { r: [{ __typename: 'Person', id: other.id }, { __typename: 'Person', id: subsidy.personId.toUpperCase() }] });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0].housingAssistance.rentSubsidies).toEqual([]);
    expect(r.data._entities[1].id).toBe(subsidy.personId);
    expect(r.data._entities[1].housingAssistance.currentRentSubsidy.id).toBe(subsidy.id);
  });

  it('costs a constant number of SQL statements (one per kind of record) for 100 households or 100 people', async () => {
    const run = async (typename: string, query: string, ids: string[]) => {
      h.statements.reset();
      const r = await h.request(query, { r: ids.map((id) => ({ __typename: typename, id })) });
      expect(r.errors).toBeUndefined();
      expect(r.data._entities).toHaveLength(ids.length);
      return h.statements.count;
    };
    const aidedFirst = [...new Set([...seeded.subsidies, ...seeded.allocations, ...seeded.renovations].map((x) => x.householdId))];
    const householdIds = [...aidedFirst, ...households.map((x) => x.id).filter((id) => !aidedFirst.includes(id))];
    expect(await run('Household', HOUSEHOLD_QUERY, householdIds.slice(0, 100))).toBe(3);
    expect(await run('Household', HOUSEHOLD_QUERY, householdIds.slice(0, 7))).toBe(3);
    const personIds = [...new Set([...seeded.subsidies, ...seeded.allocations, ...seeded.renovations].map((x) => x.personId))];
    const people = [...personIds, ...households.flatMap((x) => x.members.map((m) => m.id))];
    expect(await run('Person', PERSON_QUERY, people.slice(0, 100))).toBe(3);
    expect(await run('Person', PERSON_QUERY, people.slice(0, 7))).toBe(3);
    const one = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { housingAssistance { currentRentSubsidy { id household { id } applicant { id } } } } } }`;
    expect(await run('Household', one, householdIds.slice(0, 100))).toBe(1);
  });

  it('lists each kind with township, status and year filters, totals and stable Relay pages', async () => {
    const s = seeded.subsidies[0];
    const expectedSubsidies = seeded.subsidies.filter(
      (x) => x.townshipCode === s.townshipCode && x.status === s.status && x.startMonth <= '2025-12' && x.endMonth >= '2025-01',
    );
    const r1 = await h.request(
      `query($t: String) { rentSubsidies(first: 500, filter: { townshipCode: $t, status: ${s.status}, year: 2025 }) { totalCount edges { node { id township { code } status } } } }`,
      { t: s.townshipCode },
    );
    expect(r1.errors).toBeUndefined();
    expect(r1.data.rentSubsidies.totalCount).toBe(expectedSubsidies.length);
    expect(r1.data.rentSubsidies.edges.map((e: any) => e.node.id)).toEqual(expectedSubsidies.map((x) => x.id).sort());

    const inYear = seeded.allocations.filter((a) => a.leaseStart <= '2021-12-31' && a.leaseEnd >= '2021-01-01');
    const r2 = await h.request(`{ publicRentalAllocations(filter: { year: 2021 }) { totalCount } }`);
    expect(r2.data.publicRentalAllocations.totalCount).toBe(inYear.length);

    const dIn2023 = seeded.renovations.filter((r) => r.grade === 'D' && r.assessedOn.startsWith('2023'));
    const r3 = await h.request(`{ dilapidatedHouseRenovations(filter: { grade: D, year: 2023 }) { totalCount } }`);
    expect(r3.data.dilapidatedHouseRenovations.totalCount).toBe(dIn2023.length);

    // pages of 7 walk every renovation once, in id order
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await h.request(`query($a: String) { dilapidatedHouseRenovations(first: 7, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { a: after });
      seen.push(...page.data.dilapidatedHouseRenovations.edges.map((e: any) => e.node.id));
      if (!page.data.dilapidatedHouseRenovations.pageInfo.hasNextPage) break;
      after = page.data.dilapidatedHouseRenovations.pageInfo.endCursor;
    }
    expect(seen).toEqual(seeded.renovations.map((r) => r.id));

    const bad = await h.request(`{ rentSubsidies(filter: { townshipCode: "370281999", year: 1999 }) { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.townshipCode' });
  });

  it('shows a caseworker only the records handled in their township', async () => {
    const t = seeded.renovations[0].townshipCode;
    const r = await h.request(`{ dilapidatedHouseRenovations(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township: t });
    expect(r.data.dilapidatedHouseRenovations.totalCount).toBe(seeded.renovations.filter((x) => x.townshipCode === t).length);
    for (const e of r.data.dilapidatedHouseRenovations.edges) expect(e.node.township.code).toBe(t);
    const elsewhere = seeded.renovations.find((x) => x.townshipCode !== t)!;
    const e = await h.request(HOUSEHOLD_QUERY, { r: [{ __typename: 'Household', id: elsewhere.householdId }] }, { role: 'caseworker', township: t });
    expect(e.data._entities[0].housingAssistance.renovations).toEqual([]);
  });

  it('shows the dwelling address to housing officers and caseworkers, refuses other departments (analysts get no rows)', async () => {
    const a = seeded.allocations[0];
    const q = `query($id: ID) { publicRentalAllocations(first: 1, filter: { householdId: $id }) { edges { node { dwellingAddress } } } }`;
    const as = async (who: any) => h.request(q, { id: a.householdId }, who);
    expect((await as(OFFICER)).data.publicRentalAllocations.edges[0].node.dwellingAddress).toBe(a.dwellingAddress);
    expect((await as({ role: 'caseworker', township: a.townshipCode })).data.publicRentalAllocations.edges[0].node.dwellingAddress).toBe(a.dwellingAddress);
    // analysts may only count allocations (class quasi.programme: allocation results are noticed), see analyst.test.ts
    expect((await as({ role: 'analyst' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await as({ role: 'department_officer', department: 'EDUCATION' });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('rent subsidy mutations', () => {
    // the applicant (the head) must be active in the registry: a new record for a deceased person is PERSON_NOT_ACTIVE
    const household = households.find((x) => x.housing === 'OWNED' && x.category === 'DIBAO' && x.members[0].status === 'ACTIVE')!;
    const input = { householdId: household.id, applicantId: household.headId, townshipCode: household.townshipCode, monthlyAmount: '480', startMonth: '2026-01', endMonth: '2026-12' };
    const record = `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id monthlyAmount status months household { id } applicant { id } } }`;
    const correct = `mutation($i: CorrectRentSubsidyInput!) { correctRentSubsidy(input: $i) { id monthlyAmount startMonth endMonth status } }`;

    it('refuses every role but housing officers, and invalid input, changing nothing', async () => {
      const before = await h.db.getRepository(RentSubsidy).count();
      for (const who of [{ role: 'analyst' as const }, { role: 'caseworker' as const, township: household.townshipCode }, { role: 'department_officer' as const, department: 'EDUCATION' }]) {
        expect((await h.request(record, { i: input }, who)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const cases: [Record<string, unknown>, string, string][] = [
        [{ endMonth: '2025-12' }, 'input.endMonth', 'PERIOD_OUT_OF_ORDER'],
        [{ endMonth: '2027-01' }, 'input.endMonth', 'PERIOD_TOO_LONG'],
        [{ startMonth: '2026-13' }, 'input.startMonth', 'BAD_MONTH'],
        [{ monthlyAmount: '0' }, 'input.monthlyAmount', 'BAD_AMOUNT'],
        [{ monthlyAmount: '-5' }, 'input.monthlyAmount', 'BAD_AMOUNT'],
        [{ householdId: 'not-an-id' }, 'input.householdId', 'BAD_ID'], // the kit's id check: the path from the argument
        [{ townshipCode: '370281999' }, 'input.townshipCode', 'UNKNOWN_TOWNSHIP'],
      ];
      for (const [change, field, reason] of cases) {
        const r = await h.request(record, { i: { ...input, ...change } }, OFFICER);
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
        expect(r.errors?.[0].message).not.toMatch(/SELECT|INSERT|at .*\.ts/);
      }
      expect(await h.db.getRepository(RentSubsidy).count()).toBe(before);
    });

    it('records, allows one active subsidy per household, corrects, and keeps paid periods apart', async () => {
      const ok = await h.request(record, { i: input }, OFFICER);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordRentSubsidy).toMatchObject({ monthlyAmount: '480.00', status: 'ACTIVE', months: 12, household: { id: household.id }, applicant: { id: household.headId } });
      const id = ok.data.recordRentSubsidy.id;
      const second = await h.request(record, { i: { ...input, startMonth: '2027-01', endMonth: '2027-06' } }, OFFICER);
      expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVE_RENT_SUBSIDY_EXISTS' });
      const ended = await h.request(correct, { i: { id, endMonth: '2026-06', status: 'ENDED', monthlyAmount: '500.5' } }, OFFICER);
      expect(ended.data.correctRentSubsidy).toEqual({ id, monthlyAmount: '500.50', startMonth: '2026-01', endMonth: '2026-06', status: 'ENDED' });
      const overlapping = await h.request(record, { i: { ...input, startMonth: '2026-06', endMonth: '2026-12' } }, OFFICER);
      expect(overlapping.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'OVERLAPPING_RENT_SUBSIDY' });
      const next = await h.request(record, { i: { ...input, startMonth: '2026-07', endMonth: '2026-12' } }, OFFICER);
      expect(next.errors).toBeUndefined();
      const reopen = await h.request(correct, { i: { id, status: 'ACTIVE' } }, OFFICER);
      expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVE_RENT_SUBSIDY_EXISTS' });
      const unchanged = await h.db.getRepository(RentSubsidy).findOneByOrFail({ id });
      expect(unchanged.status).toBe('ENDED');
      const missing = await h.request(correct, { i: { id: '00000000-0000-4000-8000-000000000000', status: 'ENDED' } }, OFFICER);
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  it('lets only one of several concurrent writes for a household through the one-active-subsidy rule', async () => {
    const household = households.filter((x) => x.housing === 'OWNED' && x.category === 'NONE')[3];
    const input = { householdId: household.id, applicantId: household.headId, townshipCode: household.townshipCode, monthlyAmount: '300' };
    const m = `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`;
    const results = await Promise.all(
      ['2026-01', '2026-03', '2026-05', '2026-07', '2026-09'].map((month) => h.request(m, { i: { ...input, startMonth: month, endMonth: month } }, OFFICER)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVE_RENT_SUBSIDY_EXISTS' });
    expect(await h.db.getRepository(RentSubsidy).countBy({ householdId: household.id })).toBe(1);
  });

  describe('public rental and rent subsidy exclude each other', () => {
    const record = `mutation($i: RecordPublicRentalAllocationInput!) { recordPublicRentalAllocation(input: $i) { id area monthlyRent rentPerSquareMetre status } }`;
    const subsidyRecord = `mutation($i: RecordRentSubsidyInput!) { recordRentSubsidy(input: $i) { id } }`;

    it('refuses a rent subsidy in a month of a lease, and accepts one from the month after the lease ends', async () => {
      // a lease whose last month (and the month after) a subsidy may still start in (at most 92 days ahead), of an active applicant
      const latest = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 7);
      const lease = seeded.allocations.find(
        (a) => a.status === 'ACTIVE' && a.leaseEnd.slice(0, 7) < latest && householdById.get(a.householdId)!.members.find((m) => m.id === a.personId)?.status === 'ACTIVE',
      )!;
      const hh = householdById.get(lease.householdId)!;
      const base = { householdId: hh.id, applicantId: lease.personId, townshipCode: hh.townshipCode, monthlyAmount: '300' };
      const during = await h.request(subsidyRecord, { i: { ...base, startMonth: lease.leaseEnd.slice(0, 7), endMonth: lease.leaseEnd.slice(0, 7) } }, OFFICER);
      expect(during.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PUBLIC_RENTAL_IN_PERIOD' });
      const [y, m] = lease.leaseEnd.slice(0, 7).split('-').map(Number);
      const after = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      const ok = await h.request(subsidyRecord, { i: { ...base, startMonth: after, endMonth: after } }, OFFICER);
      expect(ok.errors).toBeUndefined();
    });

    it('refuses a lease during a paid rent subsidy, a second lease, and a dwelling already let; validates area and term', async () => {
      const subsidy = seeded.subsidies.find((s) => s.status === 'ACTIVE')!;
      const hh = householdById.get(subsidy.householdId)!;
      const input = {
        householdId: hh.id, applicantId: subsidy.personId, townshipCode: hh.townshipCode, dwellingAddress: '胶州市测试苑1号楼1单元101室',
        area: '45.5', monthlyRent: '182', leaseStart: `${subsidy.endMonth}-15`, leaseEnd: '2029-12-31',
      };
      const before = await h.db.getRepository(PublicRentalAllocation).count();
      const during = await h.request(record, { i: input }, OFFICER);
      expect(during.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RENT_SUBSIDY_IN_PERIOD' });
      for (const [change, field, reason] of [
        [{ area: '60.01' }, 'input.area', 'AREA_OUT_OF_RANGE'],
        [{ area: '9.99' }, 'input.area', 'AREA_OUT_OF_RANGE'],
        [{ leaseEnd: input.leaseStart }, 'input.leaseEnd', 'PERIOD_OUT_OF_ORDER'],
        [{ leaseStart: '2026-01-01', leaseEnd: '2031-01-01' }, 'input.leaseEnd', 'PERIOD_TOO_LONG'],
        [{ leaseStart: '2026-02-30' }, 'input.leaseStart', 'BAD_DATE'],
        [{ monthlyRent: '0.00' }, 'input.monthlyRent', 'BAD_AMOUNT'],
        [{ dwellingAddress: '   ' }, 'input.dwellingAddress', 'BAD_LENGTH'],
      ] as [Record<string, unknown>, string, string][]) {
        const r = await h.request(record, { i: { ...input, ...change } }, OFFICER);
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      }
      const float = await h.request(record, { i: { ...input, area: 45.123 } }, OFFICER);
      expect(float.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await h.db.getRepository(PublicRentalAllocation).count()).toBe(before);

      // from the month after the subsidy's period the lease is allowed; its rent per m² is exact
      const [y, m] = subsidy.endMonth.split('-').map(Number);
      const leaseStart = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      const ok = await h.request(record, { i: { ...input, leaseStart } }, OFFICER);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordPublicRentalAllocation).toMatchObject({ area: '45.50', monthlyRent: '182.00', rentPerSquareMetre: '4.00', status: 'ACTIVE' });
      const secondLease = await h.request(record, { i: { ...input, leaseStart, dwellingAddress: '胶州市测试苑2号楼1单元101室' } }, OFFICER);
      expect(secondLease.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVE_PUBLIC_RENTAL_EXISTS' });

      const taken = seeded.allocations.find((a) => a.status === 'ACTIVE' && a.householdId !== hh.id)!;
      const stranger = households.find((x) => x.housing === 'OWNED')!;
      const let2 = await h.request(record, {
        i: { ...input, householdId: stranger.id, applicantId: stranger.headId, townshipCode: stranger.townshipCode, dwellingAddress: ` ${taken.dwellingAddress} `, leaseStart: '2025-12-01', leaseEnd: '2026-11-30' },
      }, OFFICER);
      expect(let2.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DWELLING_LET' });
    });

    it('corrects a lease (the household moves out early) and lets the dwelling again afterwards', async () => {
      const lease = seeded.allocations.find((a) => a.status === 'ACTIVE' && a.leaseEnd > '2026-06-30')!;
      const correct = `mutation($i: CorrectPublicRentalAllocationInput!) { correctPublicRentalAllocation(input: $i) { leaseEnd status area } }`;
      const moved = await h.request(correct, { i: { id: lease.id, leaseEnd: '2026-03-31', status: 'ENDED', area: '50' } }, OFFICER);
      expect(moved.data.correctPublicRentalAllocation).toEqual({ leaseEnd: '2026-03-31', status: 'ENDED', area: '50.00' });
      const stranger = households.filter((x) => x.housing === 'OWNED')[1];
      const relet = await h.request(record, {
        i: { householdId: stranger.id, applicantId: stranger.headId, townshipCode: stranger.townshipCode, dwellingAddress: lease.dwellingAddress, area: '50', monthlyRent: '150', leaseStart: '2026-04-01', leaseEnd: '2029-03-31' },
      }, OFFICER);
      expect(relet.errors).toBeUndefined();
    });
  });

  describe('dilapidated-house renovation mutations', () => {
    const rural = households.find((x) => !x.urban && x.housing === 'OWNED')!;
    const urban = households.find((x) => x.urban)!;
    const input = { householdId: rural.id, applicantId: rural.headId, townshipCode: rural.townshipCode, villageCode: rural.villageCode, grade: 'D', subsidy: '35000', assessedOn: '2026-03-10' };
    const record = `mutation($i: RecordDilapidatedHouseRenovationInput!) { recordDilapidatedHouseRenovation(input: $i) { id grade subsidy status completedOn villageCode } }`;
    const correct = `mutation($i: CorrectDilapidatedHouseRenovationInput!) { correctDilapidatedHouseRenovation(input: $i) { status completedOn subsidy grade } }`;

    it('is for rural households only, by the village code (an urban community is refused)', async () => {
      const r = await h.request(record, { i: { ...input, householdId: urban.id, applicantId: urban.headId, townshipCode: urban.townshipCode, villageCode: urban.villageCode } }, OFFICER);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.villageCode', reason: 'NOT_RURAL' });
      const elsewhere = households.find((x) => !x.urban && x.townshipCode !== rural.townshipCode)!;
      const m = await h.request(record, { i: { ...input, villageCode: elsewhere.villageCode } }, OFFICER);
      expect(m.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.villageCode', reason: 'UNKNOWN_VILLAGE' });
      const early = await h.request(record, { i: { ...input, completedOn: '2026-03-09' } }, OFFICER);
      expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.completedOn', reason: 'PERIOD_OUT_OF_ORDER' });
      const grade = await h.request(record, { i: { ...input, grade: 'B' } }, OFFICER);
      expect(grade.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('records, allows one open renovation per household, and completes it with its date', async () => {
      const ok = await h.request(record, { i: input }, OFFICER);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordDilapidatedHouseRenovation).toMatchObject({ grade: 'D', subsidy: '35000.00', status: 'APPROVED', completedOn: null, villageCode: rural.villageCode });
      const id = ok.data.recordDilapidatedHouseRenovation.id;
      const dup = await h.request(record, { i: { ...input, grade: 'C', subsidy: '12000' } }, OFFICER);
      expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'OPEN_RENOVATION_EXISTS' });
      const noDate = await h.request(correct, { i: { id, status: 'COMPLETED' } }, OFFICER);
      expect(noDate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.completedOn', reason: 'COMPLETION_DATE_REQUIRED' });
      const done = await h.request(correct, { i: { id, status: 'COMPLETED', completedOn: '2026-10-20', subsidy: '36000' } }, OFFICER);
      expect(done.data.correctDilapidatedHouseRenovation).toEqual({ status: 'COMPLETED', completedOn: '2026-10-20', subsidy: '36000.00', grade: 'D' });
      const reopened = await h.request(correct, { i: { id, status: 'IN_PROGRESS' } }, OFFICER);
      expect(reopened.data.correctDilapidatedHouseRenovation).toMatchObject({ status: 'IN_PROGRESS', completedOn: null });
      const r = await h.request(HOUSEHOLD_QUERY, { r: [{ __typename: 'Household', id: rural.id }] });
      expect(r.data._entities[0].housingAssistance.renovation).toEqual({ id, grade: 'D', subsidy: '36000.00', status: 'IN_PROGRESS' });
    });
  });

  it('traces every write and every read of a dwelling address in the audit log, never the address itself', async () => {
    const log = (await h.request(`{ housingAuditLog(first: 500) { totalCount edges { node { kind personIds detail } } } }`)).data.housingAuditLog;
    const writes = log.edges.map((e: any) => e.node).filter((n: any) => n.kind === 'write');
    const entities = new Set(writes.map((n: any) => JSON.parse(n.detail).entity));
    expect([...entities].sort()).toEqual(['DilapidatedHouseRenovation', 'PublicRentalAllocation', 'RentSubsidy']);
    for (const n of writes) expect(n.personIds).toHaveLength(1);
    const reads = log.edges.map((e: any) => e.node).filter((n: any) => n.kind === 'read');
    expect(reads.some((n: any) => JSON.parse(n.detail).fields.includes('PublicRentalAllocation.dwellingAddress'))).toBe(true);
    const text = JSON.stringify(log);
    for (const a of seeded.allocations) expect(text).not.toContain(a.dwellingAddress);
    expect(text).not.toContain('测试苑');
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
    const analyst = await h.request(`{ housingAuditLog(first: 1) { totalCount } }`, undefined, { role: 'analyst' });
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
