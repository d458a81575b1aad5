import { charity } from '../src/subgraph';
import { assistedOn } from '../src/seed/seed';
import { recordCharityGrant } from '../src/modules/charity-grant/charity-grant.service';
import { Decimal, createContext, fenToYuan, yuanToFen } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'charity-test';
const SIZE = 3000;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const persons = households.flatMap((h) => h.members);
const personById = new Map(persons.map((p) => [p.id, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const householdOf = new Map(persons.map((p) => [p.id, householdById.get(p.householdId)!]));
const OFFICER = { role: 'department_officer' as const, department: 'CHARITY_FEDERATION' };
const ANALYST = { role: 'analyst' as const };

interface DonationRow { id: string; projectId: string; amount: string; status: string; receivedOn: string; refundedOn: string | null; anonymous: boolean; donorKind: string; donor: string | null }
interface GrantRow { id: string; projectId: string; personId: string | null; householdId: string | null; townshipCode: string; amount: string; status: string; grantedOn: string; withdrawnOn: string | null }
interface ProjectRow { id: string; status: string; startDate: string; endDate: string; closedOn: string | null }

/** Dates come back from raw SQL as text (SQLite) or a local-time Date (PostgreSQL): the ISO day either way. */
function day(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v);
}

describe.each(testDatabaseKinds())('charity subgraph on %s', (kind) => {
  let h: SubgraphHarness;

  const rawProjects = async (): Promise<ProjectRow[]> =>
    (await h.db.query('SELECT id, status, "startDate", "endDate", "closedOn" FROM charity_project')).map((r: any) => ({
      ...r, startDate: day(r.startDate), endDate: day(r.endDate), closedOn: day(r.closedOn),
    }));
  const rawDonations = async (): Promise<DonationRow[]> =>
    (await h.db.query('SELECT id, "projectId", amount, status, "receivedOn", "refundedOn", anonymous, "donorKind", donor FROM charity_donation')).map((r: any) => ({
      ...r, amount: fenToYuan(r.amount), receivedOn: day(r.receivedOn), refundedOn: day(r.refundedOn), anonymous: r.anonymous === true || r.anonymous === 1,
    }));
  const rawGrants = async (): Promise<GrantRow[]> =>
    (await h.db.query('SELECT id, "projectId", "personId", "householdId", "townshipCode", amount, status, "grantedOn", "withdrawnOn" FROM charity_grant')).map((r: any) => ({
      ...r, amount: fenToYuan(r.amount), grantedOn: day(r.grantedOn), withdrawnOn: day(r.withdrawnOn),
    }));

  /** Totals computed here from the raw rows, independently of the subgraph's SQL. */
  async function expectedTotals(): Promise<Map<string, { received: string; granted: string; balance: string; donationCount: number; grantCount: number }>> {
    const [projects, donations, grants] = await Promise.all([rawProjects(), rawDonations(), rawGrants()]);
    const out = new Map();
    for (const p of projects) {
      const ds = donations.filter((d) => d.projectId === p.id && d.status === 'RECEIVED');
      const gs = grants.filter((g) => g.projectId === p.id && g.status === 'GRANTED');
      const received = ds.reduce((s, d) => s.plus(d.amount), new Decimal(0));
      const granted = gs.reduce((s, g) => s.plus(g.amount), new Decimal(0));
      out.set(p.id, { received: received.toFixed(2), granted: granted.toFixed(2), balance: received.minus(granted).toFixed(2), donationCount: ds.length, grantCount: gs.length });
    }
    return out;
  }

  /** The subgraph's totals of every project agree with the sums of the records, and no balance is negative. */
  async function expectTotalsAgree(): Promise<void> {
    const r = await h.request(`{ charityProjects(first: 500) { totalCount edges { node { id received granted balance donationCount grantCount } } } }`);
    expect(r.errors).toBeUndefined();
    const expected = await expectedTotals();
    expect(r.data.charityProjects.totalCount).toBe(expected.size);
    for (const { node } of r.data.charityProjects.edges) {
      const { id, ...totals } = node;
      expect(totals).toEqual(expected.get(id));
      expect(new Decimal(totals.balance).isNegative()).toBe(false);
    }
  }

  async function newProject(overrides: Record<string, unknown> = {}): Promise<string> {
    const r = await h.request(
      `mutation($i: CreateCharityProjectInput!) { createCharityProject(input: $i) { id status received granted balance targetGroups } }`,
      { i: { name: '测试项目', purpose: '测试用', targetGroups: ['DIBAO_RECIPIENT'], budget: '10000', startDate: '2026-01-01', endDate: '2026-12-31', ...overrides } },
      OFFICER,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.createCharityProject).toMatchObject({ status: 'OPEN', received: '0.00', granted: '0.00', balance: '0.00' });
    return r.data.createCharityProject.id;
  }
  const donate = (projectId: string, amount: string, extra: Record<string, unknown> = {}) =>
    h.request(
      `mutation($i: RecordCharityDonationInput!) { recordCharityDonation(input: $i) { id amount status project { received balance } } }`,
      { i: { projectId, donorKind: 'ENTERPRISE', donorName: '胶州市测试有限公司', amount, receivedOn: '2026-02-01', ...extra } },
      OFFICER,
    );
  const grant = (projectId: string, amount: string, extra: Record<string, unknown> = {}) =>
    h.request(
      `mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id amount status } }`,
      { i: { projectId, personId: persons[0].id, townshipCode: persons[0].townshipCode, amount, grantedOn: '2026-03-01', reason: '测试救助', ...extra } },
      OFFICER,
    );
  const balanceOf = async (projectId: string): Promise<string> => (await h.request(`query($id: ID!) { charityProject(id: $id) { balance } }`, { id: projectId })).data.charityProject.balance;

  beforeAll(async () => {
    h = await startSubgraphHarness(charity, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds grants only to persons and households of assisted households, while they are assisted, within the project period', async () => {
    const grants = await rawGrants();
    const projects = new Map((await rawProjects()).map((p) => [p.id, p]));
    const toPersons = grants.filter((g) => g.personId);
    const toHouseholds = grants.filter((g) => g.householdId);
    expect(toPersons.length).toBeGreaterThan(20);
    expect(toHouseholds.length).toBeGreaterThan(5);
    for (const g of grants) {
      expect(!!g.personId).not.toBe(!!g.householdId);
      const hh = g.personId ? householdOf.get(g.personId) : householdById.get(g.householdId!);
      expect(hh).toBeDefined();
      expect(['DIBAO', 'TEKUN', 'MARGINAL']).toContain(hh!.category);
      expect(g.townshipCode).toBe(hh!.townshipCode);
      if (g.personId) expect(assistedOn(personById.get(g.personId)!, g.grantedOn)).toBe(true);
      else expect(hh!.members.some((m) => assistedOn(m, g.grantedOn))).toBe(true);
      const p = projects.get(g.projectId)!;
      expect(g.grantedOn >= p.startDate && g.grantedOn <= p.endDate).toBe(true);
    }
  });

  it('seeds balances that never go below zero, day by day, and totals that agree with the records', async () => {
    const [projects, donations, grants] = await Promise.all([rawProjects(), rawDonations(), rawGrants()]);
    expect(projects.length).toBeGreaterThanOrEqual(5);
    expect(projects.some((p) => p.status === 'CLOSED')).toBe(true);
    expect(donations.some((d) => d.anonymous)).toBe(true);
    for (const p of projects) {
      // credits (donations, withdrawals) before debits (refunds, grants) on the same day, as the seed replays them
      const moves: [string, number, number][] = [];
      for (const d of donations.filter((x) => x.projectId === p.id)) {
        moves.push([d.receivedOn, 0, yuanToFen(d.amount)]);
        if (d.status === 'REFUNDED') moves.push([d.refundedOn!, 1, -yuanToFen(d.amount)]);
      }
      for (const g of grants.filter((x) => x.projectId === p.id)) {
        moves.push([g.grantedOn, 1, -yuanToFen(g.amount)]);
        if (g.status === 'WITHDRAWN') moves.push([g.withdrawnOn!, 0, yuanToFen(g.amount)]);
      }
      moves.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      let balance = 0;
      for (const [, , fen] of moves) {
        balance += fen;
        expect(balance).toBeGreaterThanOrEqual(0);
      }
      if (p.closedOn) for (const [date] of moves) expect(date <= p.closedOn).toBe(true);
    }
    await expectTotalsAgree();
  });

  it('adds charityGrants to Person and Household through _entities, in representation order, empty without grants', async () => {
    const grants = (await rawGrants());
    const person = grants.find((g) => g.personId)!.personId!;
    const household = grants.find((g) => g.householdId)!.householdId!;
    const without = persons.find((p) => !grants.some((g) => g.personId === p.id))!;
    const r = await h.request(
      `query($r: [_Any!]!) { _entities(representations: $r) {
         ... on Person { id charityGrants { id amount recipientKind project { name } } }
         ... on Household { id charityGrants { id amount recipientKind household { id } } } } }`,
      { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Household', id: household }, { __typename: 'Person', id: person }] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, charityGrants: [] });
    expect(r.data._entities[1].charityGrants.map((g: any) => g.id).sort()).toEqual(grants.filter((g) => g.householdId === household).map((g) => g.id).sort());
    for (const g of r.data._entities[1].charityGrants) expect(g).toMatchObject({ recipientKind: 'HOUSEHOLD', household: { id: household } });
    expect(r.data._entities[2].charityGrants.map((g: any) => g.id).sort()).toEqual(grants.filter((g) => g.personId === person).map((g) => g.id).sort());
  });

  it('costs one SQL statement for the grants of 100 people (or households), and a constant number for a page of projects with totals', async () => {
    const run = async (q: string, vars?: Record<string, unknown>) => {
      h.statements.reset();
      const r = await h.request(q, vars);
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    const pq = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id charityGrants { id amount } } } }`;
    expect(await run(pq, { r: persons.slice(0, 100).map((p) => ({ __typename: 'Person', id: p.id })) })).toBe(1);
    expect(await run(pq, { r: persons.slice(0, 7).map((p) => ({ __typename: 'Person', id: p.id })) })).toBe(1);
    const hq = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id charityGrants { id } } } }`;
    expect(await run(hq, { r: households.slice(0, 100).map((x) => ({ __typename: 'Household', id: x.id })) })).toBe(1);
    const list = (n: number) => `{ charityProjects(first: ${n}) { edges { node { id targetGroups received granted balance grantCount } } } }`;
    const few = await run(list(2));
    expect(await run(list(500))).toBe(few);
    expect(few).toBeLessThanOrEqual(4); // the page, the target groups, the two sums
  });

  it('lists projects, donations and grants with filters and totals that match the records', async () => {
    const [projects, donations, grants] = await Promise.all([rawProjects(), rawDonations(), rawGrants()]);
    const closed = await h.request(`{ charityProjects(filter: { status: CLOSED }) { totalCount edges { node { status closedOn } } } }`);
    expect(closed.data.charityProjects.totalCount).toBe(projects.filter((p) => p.status === 'CLOSED').length);
    const groups: any[] = await h.db.query(`SELECT "projectId" FROM charity_project_target_group WHERE "targetGroup" = 'DISABLED_IN_DIFFICULTY'`);
    const byGroup = await h.request(`{ charityProjects(filter: { targetGroup: DISABLED_IN_DIFFICULTY }) { totalCount edges { node { id targetGroups } } } }`);
    expect(byGroup.data.charityProjects.totalCount).toBe(groups.length);
    for (const e of byGroup.data.charityProjects.edges) expect(e.node.targetGroups).toContain('DISABLED_IN_DIFFICULTY');

    const project = projects[0].id;
    const from = '2024-01-01';
    const to = '2025-06-30';
    const d = await h.request(
      `query($p: ID!) { charityDonations(first: 500, filter: { projectId: $p, receivedFrom: "${from}", receivedTo: "${to}", anonymous: false }) { totalCount edges { node { anonymous receivedOn } } } }`,
      { p: project },
    );
    expect(d.errors).toBeUndefined();
    expect(d.data.charityDonations.totalCount).toBe(donations.filter((x) => x.projectId === project && !x.anonymous && x.receivedOn >= from && x.receivedOn <= to).length);

    const g0 = grants.find((g) => g.personId)!;
    const township = g0.townshipCode;
    const g = await h.request(
      `{ charityGrants(first: 500, filter: { townshipCode: "${township}", grantedFrom: "2024-01-01", grantedTo: "2025-12-31" }) { totalCount edges { node { township { code } grantedOn } } } }`,
    );
    expect(g.data.charityGrants.totalCount).toBe(grants.filter((x) => x.townshipCode === township && x.grantedOn >= '2024-01-01' && x.grantedOn <= '2025-12-31').length);
    const byPerson = await h.request(`query($p: ID!, $q: ID!) { charityGrants(filter: { personId: $p, projectId: $q }) { totalCount } }`, { p: g0.personId, q: g0.projectId });
    expect(byPerson.data.charityGrants.totalCount).toBe(grants.filter((x) => x.personId === g0.personId && x.projectId === g0.projectId).length);

    // Relay pagination walks every grant once
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page: any = await h.request(`query($a: String) { charityGrants(first: 97, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { a: after });
      for (const e of page.data.charityGrants.edges) seen.add(e.node.id);
      if (!page.data.charityGrants.pageInfo.hasNextPage) break;
      after = page.data.charityGrants.pageInfo.endCursor;
    }
    expect(seen.size).toBe(grants.length);

    const bad = await h.request(`{ charityGrants(filter: { grantedFrom: "2025-02-30" }) { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.grantedFrom' });
  });

  it('stores and shows no name for anonymous donations; analysts see no individual donor (null), organisations in full', async () => {
    const donations = await rawDonations();
    for (const d of donations.filter((x) => x.anonymous)) expect(d.donor).toBeNull();
    const q = `{ charityDonations(first: 500) { edges { node { id anonymous donorKind donorName donorOrganisationName } } } }`;
    const asAnalyst = await h.request(q, undefined, ANALYST);
    const asOfficer = await h.request(q, undefined, OFFICER);
    expect(asAnalyst.errors).toBeUndefined();
    const raw = new Map(donations.map((d) => [d.id, d]));
    let individuals = 0;
    asAnalyst.data.charityDonations.edges.forEach((e: any, i: number) => {
      const n = e.node;
      const d = raw.get(n.id)!;
      const clear = asOfficer.data.charityDonations.edges[i].node;
      if (n.anonymous) {
        expect([n.donorName, n.donorOrganisationName, clear.donorName, clear.donorOrganisationName]).toEqual([null, null, null, null]);
      } else if (n.donorKind === 'INDIVIDUAL') {
        individuals++;
        expect(clear.donorName).toBe(d.donor);
        expect(n.donorName).toBeNull();
        expect(n.donorName).not.toBe(d.donor);
        expect(n.donorOrganisationName).toBeNull();
      } else {
        expect(n.donorOrganisationName).toBe(d.donor);
        expect(n.donorName).toBeNull();
      }
    });
    expect(individuals).toBeGreaterThan(0);
  });

  it('keeps the totals equal to the sums of the records after every kind of write', async () => {
    const id = await newProject();
    await expectTotalsAgree();
    const upd = await h.request(
      `mutation($i: UpdateCharityProjectInput!) { updateCharityProject(input: $i) { name budget targetGroups } }`,
      { i: { id, name: '测试项目（更名）', budget: '20000.5', targetGroups: ['TEKUN_PERSON', 'DIBAO_RECIPIENT'] } },
      OFFICER,
    );
    expect(upd.data.updateCharityProject).toEqual({ name: '测试项目（更名）', budget: '20000.50', targetGroups: ['DIBAO_RECIPIENT', 'TEKUN_PERSON'] });
    await expectTotalsAgree();
    const d1 = await donate(id, '1000.10');
    expect(d1.data.recordCharityDonation).toMatchObject({ amount: '1000.10', status: 'RECEIVED', project: { received: '1000.10', balance: '1000.10' } });
    const d2 = await donate(id, '500', { donorKind: 'INDIVIDUAL', anonymous: true, donorName: null });
    expect(d2.errors).toBeUndefined();
    await expectTotalsAgree();
    const corrected = await h.request(`mutation($i: CorrectCharityDonationInput!) { correctCharityDonation(input: $i) { amount project { received } } }`, { i: { id: d1.data.recordCharityDonation.id, amount: '1200' } }, OFFICER);
    expect(corrected.data.correctCharityDonation).toEqual({ amount: '1200.00', project: { received: '1700.00' } });
    await expectTotalsAgree();
    const g1 = await grant(id, '300.25');
    expect(g1.errors).toBeUndefined();
    const g2 = await grant(id, '100', { personId: null, householdId: households[0].id, townshipCode: households[0].townshipCode });
    expect(g2.errors).toBeUndefined();
    await expectTotalsAgree();
    expect(await balanceOf(id)).toBe('1299.75');
    const w = await h.request(`mutation($i: WithdrawCharityGrantInput!) { withdrawCharityGrant(input: $i) { status withdrawnOn project { granted balance } } }`, { i: { id: g2.data.recordCharityGrant.id, withdrawnOn: '2026-03-05', reason: '重复发放' } }, OFFICER);
    expect(w.data.withdrawCharityGrant).toEqual({ status: 'WITHDRAWN', withdrawnOn: '2026-03-05', project: { granted: '300.25', balance: '1399.75' } });
    await expectTotalsAgree();
    const rf = await h.request(`mutation($i: RefundCharityDonationInput!) { refundCharityDonation(input: $i) { status project { received balance } } }`, { i: { id: d2.data.recordCharityDonation.id, refundedOn: '2026-03-10', reason: '捐赠人申请退回' } }, OFFICER);
    expect(rf.data.refundCharityDonation).toEqual({ status: 'REFUNDED', project: { received: '1200.00', balance: '899.75' } });
    await expectTotalsAgree();
    const closed = await h.request(`mutation($i: CloseCharityProjectInput!) { closeCharityProject(input: $i) { status closedOn balance } }`, { i: { id, closedOn: '2026-12-31' } }, OFFICER);
    expect(closed.data.closeCharityProject).toEqual({ status: 'CLOSED', closedOn: '2026-12-31', balance: '899.75' });
    await expectTotalsAgree();
  });

  it('refuses a grant above the balance, a refund or correction that would make it negative, and changes nothing', async () => {
    const id = await newProject();
    const d = await donate(id, '1000');
    const g = await grant(id, '800');
    expect(g.errors).toBeUndefined();
    const count = async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM charity_grant WHERE "projectId" = '${id}'`))[0].n);
    const before = await count();

    const over = await grant(id, '200.01');
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    expect(over.errors?.[0].message).not.toMatch(/select|insert|stack/i);
    expect(await count()).toBe(before);
    expect(await balanceOf(id)).toBe('200.00');

    const refund = await h.request(`mutation($i: RefundCharityDonationInput!) { refundCharityDonation(input: $i) { status } }`, { i: { id: d.data.recordCharityDonation.id, refundedOn: '2026-04-01', reason: '误捐' } }, OFFICER);
    expect(refund.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    const lower = await h.request(`mutation($i: CorrectCharityDonationInput!) { correctCharityDonation(input: $i) { amount } }`, { i: { id: d.data.recordCharityDonation.id, amount: '799.99' } }, OFFICER);
    expect(lower.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    const rows = (await rawDonations()).filter((x) => x.projectId === id);
    expect(rows).toEqual([expect.objectContaining({ amount: '1000.00', status: 'RECEIVED', refundedOn: null })]);

    const exact = await grant(id, '200');
    expect(exact.errors).toBeUndefined();
    expect(await balanceOf(id)).toBe('0.00');

    const outside = await grant(id, '0.01', { grantedOn: '2025-12-31' }); // the day before the project starts
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.grantedOn', reason: 'OUTSIDE_PROJECT_PERIOD' });
    const both = await grant(id, '1', { householdId: households[0].id });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ONE_RECIPIENT' });
    const named = await donate(id, '10', { anonymous: true, donorName: '张三' });
    expect(named.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.donorName', reason: 'NAME_WITH_ANONYMOUS' });
    const forbidden = await h.request(`mutation($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`, { i: { projectId: id, personId: persons[0].id, townshipCode: persons[0].townshipCode, amount: '1', grantedOn: '2026-03-01', reason: 'x' } }, ANALYST);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await grant('00000000-0000-4000-8000-000000000000', '1');
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const shrink = await h.request(`mutation($i: UpdateCharityProjectInput!) { updateCharityProject(input: $i) { endDate } }`, { i: { id, endDate: '2026-02-15' } }, OFFICER);
    expect(shrink.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RECORDS_OUTSIDE_PERIOD' });

    await h.request(`mutation($i: CloseCharityProjectInput!) { closeCharityProject(input: $i) { status } }`, { i: { id, closedOn: '2026-06-30' } }, OFFICER);
    const late = await donate(id, '100');
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PROJECT_CLOSED' });
    const closedGrant = await grant(id, '0.01');
    expect(closedGrant.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PROJECT_CLOSED' });
    expect(await count()).toBe(before + 1);
    await expectTotalsAgree();
  });

  it('lets only one of several grants racing for the last of a balance pass', async () => {
    const id = await newProject();
    await donate(id, '1000');
    const results = await Promise.all(Array.from({ length: 10 }, () => grant(id, '300')));
    const ok = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    expect(await balanceOf(id)).toBe('100.00');

    // the same race without HTTP in between (the calls start together, so without the project's lock they would all
    // read the same balance): 20 grants of 50.00 for a balance of 100.00 + 400.00
    await donate(id, '400');
    const officer = () => createContext({ subject: 'test', role: 'department_officer', department: 'CHARITY_FEDERATION' }, h.db, 'race');
    const direct = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        recordCharityGrant(officer(), { projectId: id, personId: persons[1].id, townshipCode: persons[1].townshipCode, amount: '50', grantedOn: '2026-03-02', reason: '并发测试' }),
      ),
    );
    expect(direct.filter((x) => x.status === 'fulfilled')).toHaveLength(10);
    for (const x of direct.filter((y): y is PromiseRejectedResult => y.status === 'rejected'))
      expect(x.reason.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    expect(await balanceOf(id)).toBe('0.00');
    await donate(id, '100');

    // a refund and a grant racing for the same money: exactly one passes
    const a = await donate(id, '500');
    const race = await Promise.all([
      h.request(`mutation($i: RefundCharityDonationInput!) { refundCharityDonation(input: $i) { status } }`, { i: { id: a.data.recordCharityDonation.id, refundedOn: '2026-04-01', reason: '误捐' } }, OFFICER),
      grant(id, '550'),
    ]);
    expect(race.filter((r) => !r.errors)).toHaveLength(1);
    expect(race.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INSUFFICIENT_BALANCE' });
    await expectTotalsAgree();
  });

  it('scopes grants to a caseworker\'s township and hides them from other departments', async () => {
    const grants = await rawGrants();
    const t = grants[0].townshipCode;
    const r = await h.request(`{ charityGrants(first: 500) { totalCount edges { node { township { code } reason } } } }`, undefined, { role: 'caseworker', township: t });
    expect(r.data.charityGrants.totalCount).toBe(grants.filter((g) => g.townshipCode === t).length);
    for (const e of r.data.charityGrants.edges) expect(e.node.township.code).toBe(t);
    const other = grants.find((g) => g.personId && g.townshipCode !== t)!;
    const p = await h.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { charityGrants { id } } } }`, { r: [{ __typename: 'Person', id: other.personId }] }, { role: 'caseworker', township: t });
    expect(p.data._entities[0].charityGrants).toEqual([]);
    // the whole list, not only the reason: a project named 大病救助 says as much as the reason
    const edu = await h.request(`{ charityGrants(first: 1) { edges { node { amount reason project { name } } } } }`, undefined, { role: 'department_officer', department: 'EDUCATION' });
    expect(edu.data?.charityGrants ?? null).toBeNull();
    expect(edu.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('audits every write in the same transaction, without donor names in clear; refused writes leave no entry', async () => {
    const id = await newProject();
    const officer = { ...OFFICER, subject: 'charity-window-1' };
    const log = async () =>
      (await h.request(`{ charityAuditLog(first: 500, filter: { subject: "charity-window-1" }) { edges { node { kind operation personIds detail } } } }`)).data.charityAuditLog.edges.map((e: any) => e.node);
    const d = await h.request(
      `mutation Donate($i: RecordCharityDonationInput!) { recordCharityDonation(input: $i) { id } }`,
      { i: { projectId: id, donorKind: 'INDIVIDUAL', donorName: '王小明', amount: '88.88', receivedOn: '2026-05-01' } },
      officer,
    );
    expect(d.errors).toBeUndefined();
    const p = persons[2];
    const g = await h.request(
      `mutation Grant($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`,
      { i: { projectId: id, personId: p.id, townshipCode: p.townshipCode, amount: '50', grantedOn: '2026-05-02', reason: '测试救助' } },
      officer,
    );
    expect(g.errors).toBeUndefined();
    const refused = await h.request(
      `mutation Grant($i: RecordCharityGrantInput!) { recordCharityGrant(input: $i) { id } }`,
      { i: { projectId: id, personId: p.id, townshipCode: p.townshipCode, amount: '50', grantedOn: '2026-05-03', reason: '测试救助' } },
      officer,
    );
    expect(refused.errors?.[0].extensions?.reason).toBe('INSUFFICIENT_BALANCE');
    const entries = await log();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ kind: 'write', operation: 'Donate', personIds: [] });
    expect(JSON.parse(entries[0].detail)).toMatchObject({
      entity: 'CharityDonation', key: d.data.recordCharityDonation.id, action: 'create',
      changes: { amount: [null, '88.88'], donorName: [null, '[redacted]'], anonymous: [null, false] },
    });
    expect(entries[0].detail).not.toContain('王小明');
    expect(entries[1]).toMatchObject({ kind: 'write', operation: 'Grant', personIds: [p.id] });
    expect(JSON.parse(entries[1].detail)).toMatchObject({ entity: 'CharityGrant', key: g.data.recordCharityGrant.id, changes: { amount: [null, '50.00'] } });
    expect(entries[1].detail).not.toContain('测试救助');
  });
});
