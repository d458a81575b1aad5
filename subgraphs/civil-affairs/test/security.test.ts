import { civilAffairs } from '../src/subgraph';
import { HEALTH_COVERED_GROUPS } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

/** The penetration test's findings on civil affairs: analysts' unmasking lookups, membership oracles, health groups, races. */
const SEED = 'civil-affairs-security';
const SIZE = 400;
const persons = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const ANALYST = { role: 'analyst' as const };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };
const CIVIL = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };

describe.each(testDatabaseKinds())('civil-affairs access rules on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());

  /** Active people without any enrolment, not yet used by another test. */
  const fresh = persons.filter((p) => p.status === 'ACTIVE' && p.enrolments.length === 0);
  let next = 0;
  const freshPerson = () => fresh[next++];

  it('refuses analysts the ID-number lookups and the name-prefix filter, which would undo the masking', async () => {
    const p = persons[2];
    const one = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: p.idNumber }, ANALYST);
    expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(one.data?.personByIdNumber ?? null).toBeNull();
    // even for a number no one has: the answer must not depend on the candidate
    const none = await h.request(`query { personByIdNumber(idNumber: "110101199003074514") { id } }`, undefined, ANALYST);
    expect(none.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const many = await h.request(`query($n: [String!]!) { peopleByIdNumbers(idNumbers: $n) { id } }`, { n: [p.idNumber] }, ANALYST);
    expect(many.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(many)).not.toContain(p.id);
    const named = await h.request(`query($p: String!) { people(filter: { namePrefix: $p }) { totalCount } }`, { p: p.name.slice(0, 2) }, ANALYST);
    expect(named.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(named.data?.people ?? null).toBeNull();
    // other filters stay open to analysts, and the lookups to other roles
    const byTownship = await h.request(`query($t: String!) { people(filter: { townshipCode: $t }) { totalCount } }`, { t: p.townshipCode }, ANALYST);
    expect(byTownship.errors).toBeUndefined();
    expect(byTownship.data.people.totalCount).toBe(persons.filter((x) => x.townshipCode === p.townshipCode).length);
    for (const as of [CIVIL, EDUCATION, { role: 'auditor' as const }, { role: 'caseworker' as const, township: p.townshipCode }]) {
      const r = await h.request(`query($n: String!, $p: String!) { personByIdNumber(idNumber: $n) { id } people(filter: { namePrefix: $p }) { totalCount } }`, { n: p.idNumber, p: p.name }, as);
      expect(r.errors).toBeUndefined();
      expect(r.data.personByIdNumber).toEqual({ id: p.id });
      expect(r.data.people.totalCount).toBe(persons.filter((x) => x.name.startsWith(p.name) && (as.role !== 'caseworker' || x.townshipCode === p.townshipCode)).length);
    }
  });

  it('answers a caseworker\'s ID-number lookup of a person of another township as for an unknown number (null)', async () => {
    const p = persons[0];
    const other = persons.find((x) => x.townshipCode !== p.townshipCode)!;
    const caseworker = { role: 'caseworker' as const, township: other.townshipCode };
    const outside = await h.request(`query($n: String!) { personByIdNumber(idNumber: $n) { id name } }`, { n: p.idNumber }, caseworker);
    const unknown = await h.request(`query { personByIdNumber(idNumber: "110101199003074514") { id name } }`, undefined, caseworker);
    expect(outside).toEqual(unknown);
    expect(outside.errors).toBeUndefined();
    expect(outside.data.personByIdNumber).toBeNull();
    // by opaque id too: out of scope answers as no one (null, as an unknown id), and so does the household
    const byId = await h.request(`query($id: ID!) { person(id: $id) { id } }`, { id: p.id }, caseworker);
    const unknownId = await h.request(`query($id: ID!) { person(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, caseworker);
    expect(byId).toEqual(unknownId);
    expect({ errors: byId.errors, data: byId.data }).toEqual({ errors: undefined, data: { person: null } });
    const own = await h.request(`query($id: ID!) { person(id: $id) { id } }`, { id: other.id }, caseworker);
    expect(own.data.person).toEqual({ id: other.id });
    const hh = (await h.db.query(`SELECT "householdId" FROM person WHERE id = '${p.id}'`))[0].householdId;
    const ownHh = (await h.db.query(`SELECT "householdId" FROM person WHERE id = '${other.id}'`))[0].householdId;
    const HH = `query($id: ID!) { household(id: $id) { id } }`;
    const hhOut = await h.request(HH, { id: hh }, caseworker);
    expect({ errors: hhOut.errors, data: hhOut.data }).toEqual({ errors: undefined, data: { household: null } });
    expect((await h.request(HH, { id: ownHh }, caseworker)).data.household).toEqual({ id: ownHh });
    // a village assistant outside its village: the same
    const va = { role: 'village_assistant' as const, township: p.townshipCode, village: persons.find((x) => x.townshipCode === p.townshipCode && x.villageCode !== p.villageCode)?.villageCode ?? '370281999999' };
    const vaPerson = await h.request(`query($id: ID!) { person(id: $id) { id } }`, { id: p.id }, va);
    expect({ errors: vaPerson.errors, data: vaPerson.data }).toEqual({ errors: undefined, data: { person: null } });
    const vaHh = await h.request(HH, { id: hh }, va);
    expect({ errors: vaHh.errors, data: vaHh.data }).toEqual({ errors: undefined, data: { household: null } });
  });

  it('hides health covered groups from other departments\' officers, and refuses them a filter by one', async () => {
    const sick = persons.filter((p) => p.coveredGroups.some((g) => HEALTH_COVERED_GROUPS.includes(g)));
    expect(sick.length).toBeGreaterThan(0);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id coveredGroups } } }`;
    const reps = sick.map((p) => ({ __typename: 'Person', id: p.id }));
    const asEducation = await h.request(q, { r: reps }, EDUCATION);
    expect(asEducation.errors).toBeUndefined();
    // single-person coverage (active DIBAO + MARGINAL) is collapsed to MARGINAL for them: DIBAO_RECIPIENT goes with it
    const single = (p: (typeof persons)[number]) => ['DIBAO', 'MARGINAL'].every((x) => p.enrolments.some((e) => e.programme === x && e.status === 'ACTIVE'));
    expect(asEducation.data._entities).toEqual(
      sick.map((p) => ({ id: p.id, coveredGroups: p.coveredGroups.filter((g) => !HEALTH_COVERED_GROUPS.includes(g) && !(g === 'DIBAO_RECIPIENT' && single(p))).sort() })),
    );
    for (const as of [CIVIL, { role: 'auditor' as const }]) {
      const r = await h.request(q, { r: reps }, as);
      expect(r.data._entities).toEqual(sick.map((p) => ({ id: p.id, coveredGroups: [...p.coveredGroups].sort() })));
    }
    // analysts get no covered groups per row at all (class quasi.programme: they follow published programmes); they count
    const asAnalyst = await h.request(q, { r: reps }, ANALYST);
    expect(asAnalyst.data._entities).toEqual(sick.map((p) => ({ id: p.id, coveredGroups: [] })));
    const group = sick[0].coveredGroups.find((g) => HEALTH_COVERED_GROUPS.includes(g))!;
    const filter = `query($g: CoveredGroup!) { people(filter: { coveredGroup: $g }) { totalCount } }`;
    const refused = await h.request(filter, { g: group }, EDUCATION);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.people ?? null).toBeNull();
    const expected = persons.filter((p) => p.coveredGroups.includes(group)).length;
    expect((await h.request(filter, { g: group }, CIVIL)).data.people.totalCount).toBe(expected);
    // the filter is count-only for analysts (no rows), and its count is null whatever it is: counts come from statistics
    expect(expected).toBeGreaterThan(0);
    const asAnalystCount = await h.request(filter, { g: group }, ANALYST);
    expect(asAnalystCount.errors).toBeUndefined();
    expect(asAnalystCount.data.people.totalCount).toBeNull();
    const dibao = await h.request(filter, { g: 'DIBAO_RECIPIENT' }, EDUCATION);
    expect(dibao.errors).toBeUndefined();
    expect(dibao.data.people.totalCount).toBe(persons.filter((p) => p.coveredGroups.includes('DIBAO_RECIPIENT') && !single(p)).length);
  });

  it('answers FORBIDDEN, not NOT_FOUND, to a caller who may not write civil-affairs records at all', async () => {
    const m = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`;
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const known = freshPerson();
    for (const as of [ANALYST, EDUCATION, { role: 'auditor' as const }]) {
      for (const personId of [unknownId, known.id]) {
        const r = await h.request(m, { i: { personId, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '100' } }, as);
        expect({ as: as.role, code: r.errors?.[0].extensions?.code }).toEqual({ as: as.role, code: 'FORBIDDEN' });
      }
      const end = await h.request(`mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id } }`, { i: { enrolmentId: unknownId, endDate: '2026-03-01' } }, as);
      expect(end.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    // those who may write get NOT_FOUND for an unknown person; a caseworker of another township FORBIDDEN after the lookup
    const caseworker = { role: 'caseworker' as const, township: known.townshipCode };
    const missing = await h.request(m, { i: { personId: unknownId, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '100' } }, caseworker);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const other = persons.find((x) => x.townshipCode !== known.townshipCode)!;
    const outside = await h.request(m, { i: { personId: known.id, programme: 'TEMPORARY', startDate: '2026-03-01', amount: '100' } }, { role: 'caseworker', township: other.townshipCode });
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await h.db.query(`SELECT id FROM enrolment WHERE "personId" = '${known.id}'`)).toEqual([]);
  });

  it('lets exactly one of six identical concurrent DIBAO enrolments through; the others get ALREADY_ENROLLED', async () => {
    const p = freshPerson();
    const m = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => h.request(m, { i: { personId: p.id, programme: 'DIBAO', startDate: '2026-01-01', amount: '300' } }, CIVIL)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED' });
    const rows: { programme: string; status: string }[] = await h.db.query(`SELECT programme, status FROM enrolment WHERE "personId" = '${p.id}'`);
    expect(rows).toEqual([{ programme: 'DIBAO', status: 'ACTIVE' }]);
  });

  it('lets only one of concurrent DIBAO and TEKUN enrolments of a person through (they exclude each other)', async () => {
    const p = freshPerson();
    const m = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id programme } }`;
    const programmes = ['DIBAO', 'TEKUN', 'TEKUN', 'DIBAO', 'TEKUN', 'DIBAO'];
    const results = await Promise.all(
      programmes.map((programme) => h.request(m, { i: { personId: p.id, programme, startDate: '2026-01-01', amount: '400' } }, { role: 'caseworker', township: p.townshipCode })),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    const won = ok[0].data.recordEnrolment.programme;
    for (const [i, r] of results.entries())
      if (r.errors) expect(r.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: programmes[i] === won ? 'ALREADY_ENROLLED' : 'EXCLUSIVE_PROGRAMMES' });
    const rows: { programme: string }[] = await h.db.query(`SELECT programme FROM enrolment WHERE "personId" = '${p.id}' AND status = 'ACTIVE'`);
    expect(rows).toEqual([{ programme: won }]);
  });

  it('holds a direct caller (no gateway signature) to the cost limit: nested household → members lists are refused', async () => {
    // the query of the issue 14 review (F1) that drove civil affairs out of memory when sent directly or via the gateway
    const nested = `query($n:Int=500){ a0: people(first:$n){ edges{ node{ id household{ members{ id household{ members{ id household{ members{ id household{ members{ id name } } } } } } } } } } } }`;
    const direct = await h.requestDirect(nested, undefined, { role: 'auditor' });
    expect(direct.status).toBe(400);
    expect(direct.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    expect(direct.errors?.[0].extensions?.cost).toBeGreaterThan(25000 * 100);
    expect(direct.data ?? null).toBeNull();
    // a small page, two levels deep, is still answered directly
    const small = await h.requestDirect(`{ people(first: 2) { edges { node { id household { members { id } } } } } }`, undefined, { role: 'auditor' });
    expect(small.errors).toBeUndefined();
    expect(small.data.people.edges).toHaveLength(2);
    // a gateway-signed request is part of an operation the gateway has costed whole: not costed again here
    const signed = await h.request(nested, { n: 2 }, { role: 'auditor' });
    expect(signed.errors).toBeUndefined();
    expect(signed.data.a0.edges).toHaveLength(2);
    const unsigned = await h.requestDirect(nested.replace('$n:Int=500', '$n:Int=2'), undefined, { role: 'auditor' });
    expect(unsigned.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});
