import { disasterRelief } from '../src/subgraph';
import { DEMO_EVENTS } from '../src/seed/seed';
import { staticPersonRegistry } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { pendingSchemaChanges, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';

const SEED = 'disaster-relief-test';
const SIZE = 1500;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const persons = households.flatMap((h) => h.members);
const OFFICER = { role: 'department_officer' as const, department: 'EMERGENCY_MANAGEMENT' };
const OTHER_OFFICER = { role: 'department_officer' as const, department: 'EDUCATION' };
const ANALYST = { role: 'analyst' as const };
const PERSON_RELIEFS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id disasterReliefs { id reliefType amount status grantedOn } } } }`;
const HOUSEHOLD_FIELDS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id
  disasterAssessments { id damageLevel peopleAffected assessedOn event { name } }
  disasterReliefs { id reliefType amount person { id } } } } }`;

const RECORD_EVENT = `mutation($i: RecordDisasterEventInput!) { recordDisasterEvent(input: $i) { id name startDate affectedTownships { code } } }`;
const CORRECT_EVENT = `mutation($i: CorrectDisasterEventInput!) { correctDisasterEvent(input: $i) { id endDate responseLevel affectedTownships { code } } }`;
const ASSESS = `mutation($i: AssessDisasterHouseholdInput!) { assessDisasterHousehold(input: $i) { id damageLevel peopleAffected deaths assessedOn township { code } } }`;
const CORRECT_ASSESSMENT = `mutation($i: CorrectDisasterAssessmentInput!) { correctDisasterAssessment(input: $i) { id damageLevel deaths } }`;
const GRANT = `mutation($i: GrantDisasterReliefInput!) { grantDisasterRelief(input: $i) { id reliefType amount status grantedOn periodStart periodEnd township { code } } }`;
const CORRECT_RELIEF = `mutation($i: CorrectDisasterReliefInput!) { correctDisasterRelief(input: $i) { id amount status periodEnd } }`;

interface Row { id: string; eventId: string; householdId: string; personId: string; reliefType: string; townshipCode: string; status: string; amount: string }

/**
 * A household with an active head and at least 3 active members (the tests assess 3 people affected, which the registry
 * household must have), not assessed in the seed, in a township none of DEMO_EVENTS affected.
 */
function freshHouseholds(assessed: Set<string>) {
  const demoTownships = new Set(DEMO_EVENTS.flatMap((e) => e.affectedTownshipCodes));
  return households.filter(
    (h) => !assessed.has(h.id) && !demoTownships.has(h.townshipCode) && h.members.some((m) => m.id === h.headId && m.status === 'ACTIVE') &&
      h.members.filter((m) => m.status === 'ACTIVE').length >= 3,
  );
}

describe.each(testDatabaseKinds())('disaster-relief subgraph on %s', (kind) => {
  let h: SubgraphHarness;
  let reliefs: Row[];
  let assessments: { id: string; eventId: string; householdId: string; damageLevel: string; townshipCode: string; peopleAffected: number }[];
  let events: { id: string; name: string; startDate: string; affectedTownshipCodes: string }[];
  beforeAll(async () => {
    h = await startSubgraphHarness(disasterRelief, kind, { seedSize: SIZE, seed: SEED });
    reliefs = (await h.db.query('SELECT id, "eventId", "householdId", "personId", "reliefType", "townshipCode", status, amount FROM disaster_relief ORDER BY id')).map((r: Row) => ({ ...r, amount: String(r.amount) }));
    assessments = await h.db.query('SELECT id, "eventId", "householdId", "damageLevel", "townshipCode", "peopleAffected" FROM disaster_assessment ORDER BY id');
    events = (await h.db.query('SELECT id, name, "startDate", "affectedTownshipCodes" FROM disaster_event ORDER BY "startDate"')).map((e: any) => ({ ...e, startDate: String(e.startDate instanceof Date ? e.startDate.toISOString().slice(0, 10) : e.startDate) }));
  });
  afterAll(() => h?.close());

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('seeds the demo events, assessments only in their townships and reliefs that keep the rules', () => {
    expect(events.map((e) => e.name)).toEqual(['2024年6月胶北冰雹灾害', '2024年7月胶州暴雨洪涝灾害', '2025年8月台风暴雨灾害']);
    expect(assessments.length).toBeGreaterThan(30);
    const eventOf = new Map(events.map((e) => [e.id, e]));
    const householdOf = new Map(households.map((x) => [x.id, x]));
    for (const a of assessments) {
      expect(eventOf.get(a.eventId)!.affectedTownshipCodes.split(',')).toContain(a.townshipCode);
      expect(householdOf.get(a.householdId)!.townshipCode).toBe(a.townshipCode);
      // at most the household's members on the event's start, as assessDisasterHousehold requires (ABOVE_HOUSEHOLD_SIZE)
      const start = eventOf.get(a.eventId)!.startDate;
      const present = householdOf.get(a.householdId)!.members.filter((m) => m.status === 'ACTIVE' || (m.statusDate !== null && m.statusDate >= start));
      expect(a.peopleAffected).toBeLessThanOrEqual(present.length);
    }
    const byKey = new Map(assessments.map((a) => [`${a.eventId}|${a.householdId}`, a]));
    const seen = new Set<string>();
    for (const r of reliefs) {
      const a = byKey.get(`${r.eventId}|${r.householdId}`)!;
      expect(a).toBeDefined();
      if (r.reliefType === 'HOUSE_REBUILD' || r.reliefType === 'TRANSITIONAL') expect(['COLLAPSED', 'SEVERELY_DAMAGED']).toContain(a.damageLevel);
      if (r.reliefType === 'HOUSE_REPAIR') expect(a.damageLevel).toBe('GENERALLY_DAMAGED');
      const k = `${r.eventId}|${r.householdId}|${r.reliefType}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
      expect(householdOf.get(r.householdId)!.members.find((m) => m.id === r.personId)?.status).toBe('ACTIVE');
    }
    expect(new Set(reliefs.map((r) => r.reliefType))).toEqual(new Set(['EMERGENCY_LIVING', 'TRANSITIONAL', 'HOUSE_REBUILD', 'HOUSE_REPAIR', 'WINTER_SPRING']));
  });

  it('answers the public events to every role, analysts included, with filters and orders', async () => {
    const q = `query($f: DisasterEventFilter, $o: DisasterEventOrder) { disasterEvents(filter: $f, orderBy: $o) { totalCount edges { node { name hazardType startDate endDate responseLevel affectedTownships { code name } } } } }`;
    for (const who of [ANALYST, OTHER_OFFICER, { role: 'caseworker' as const, township: '370281001' }]) {
      const r = await h.request(q, { o: { field: 'START_DATE' } }, who);
      expect(r.errors).toBeUndefined();
      expect(r.data.disasterEvents.edges.map((e: any) => e.node.name)).toEqual(events.map((e) => e.name));
    }
    const flood = await h.request(q, { f: { townshipCode: '370281102' } }, ANALYST);
    expect(flood.data.disasterEvents.edges).toEqual([{ node: {
      name: '2024年7月胶州暴雨洪涝灾害', hazardType: 'FLOOD', startDate: '2024-07-10', endDate: '2024-07-13', responseLevel: 'LEVEL_IV',
      affectedTownships: [
        { code: '370281007', name: '胶东街道' }, { code: '370281010', name: '胶莱街道' }, { code: '370281102', name: '李哥庄镇' }, { code: '370281401', name: '大沽河省级生态旅游度假区' },
      ],
    } }]);
    // a township code is matched whole, never as a part of another
    expect((await h.request(q, { f: { townshipCode: '370281001' } }, ANALYST)).data.disasterEvents.totalCount).toBe(0);
    expect((await h.request(q, { f: { year: 2024, hazardType: 'HAIL' } }, ANALYST)).data.disasterEvents.totalCount).toBe(1);
    const bad = await h.request(q, { f: { townshipCode: '999' } }, ANALYST);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.townshipCode', reason: 'UNKNOWN_TOWNSHIP' });
    const one = await h.request(`query($id: ID!) { disasterEvent(id: $id) { name } }`, { id: events[0].id }, ANALYST);
    expect(one.data.disasterEvent).toEqual({ name: events[0].name });
  });

  it('adds disasterReliefs to Person through _entities, in representation order, empty for a person without grants', async () => {
    const recipient = reliefs[0].personId;
    const mine = reliefs.filter((r) => r.personId === recipient);
    const without = persons.find((p) => !reliefs.some((r) => r.personId === p.id))!;
    const r = await h.request(PERSON_RELIEFS, { r: [{ __typename: 'Person', id: without.id }, { __typename: 'Person', id: recipient }] });
    expect(r.errors).toBeUndefined();
    expect(r.data._entities[0]).toEqual({ id: without.id, disasterReliefs: [] });
    expect(r.data._entities[1].disasterReliefs.map((x: any) => x.id).sort()).toEqual(mine.map((x) => x.id).sort());
    const amounts = Object.fromEntries(mine.map((x) => [x.id, x.amount]));
    for (const x of r.data._entities[1].disasterReliefs) expect(Number(x.amount) * 100).toBe(Number(amounts[x.id]));
  });

  it('adds disasterAssessments and disasterReliefs to Household, with the event and the recipient', async () => {
    const a = assessments.find((x) => reliefs.some((r) => r.householdId === x.householdId))!;
    const none = households.find((x) => !assessments.some((y) => y.householdId === x.id))!;
    const r = await h.request(HOUSEHOLD_FIELDS, { r: [{ __typename: 'Household', id: a.householdId }, { __typename: 'Household', id: none.id }] });
    expect(r.errors).toBeUndefined();
    const [got, empty] = r.data._entities;
    expect(got.disasterAssessments).toHaveLength(1);
    expect(got.disasterAssessments[0]).toMatchObject({ id: a.id, damageLevel: a.damageLevel, peopleAffected: a.peopleAffected, event: { name: events.find((e) => e.id === a.eventId)!.name } });
    expect(got.disasterReliefs.map((x: any) => x.id).sort()).toEqual(reliefs.filter((x) => x.householdId === a.householdId).map((x) => x.id).sort());
    expect(empty).toEqual({ id: none.id, disasterAssessments: [], disasterReliefs: [] });
  });

  it('costs one SQL statement for the grants of 100 people, and one per Household field for 50 households', async () => {
    const run = async (q: string, reps: unknown[]) => {
      h.statements.reset();
      const r = await h.request(q, { r: reps });
      expect(r.errors).toBeUndefined();
      return h.statements.count;
    };
    expect(await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id disasterReliefs { id } } } }`, persons.slice(0, 100).map((p) => ({ __typename: 'Person', id: p.id })))).toBe(1);
    const hs = [...new Set(assessments.map((a) => a.householdId))].slice(0, 50).map((id) => ({ __typename: 'Household', id }));
    expect(await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id disasterAssessments { id } disasterReliefs { id } } } }`, hs)).toBe(2);
  });

  it('lists grants and assessments with filters and a total', async () => {
    const flood = events.find((e) => e.name.includes('洪涝'))!;
    const expected = reliefs.filter((r) => r.eventId === flood.id && r.reliefType === 'EMERGENCY_LIVING').length;
    const r = await h.request(`query($e: ID) { disasterReliefs(first: 3, filter: { eventId: $e, reliefType: EMERGENCY_LIVING }) { totalCount edges { node { reliefType event { name } } } } }`, { e: flood.id }, OFFICER);
    expect(r.errors).toBeUndefined();
    expect(r.data.disasterReliefs.totalCount).toBe(expected);
    for (const e of r.data.disasterReliefs.edges) expect(e.node).toEqual({ reliefType: 'EMERGENCY_LIVING', event: { name: flood.name } });
    const collapsed = assessments.filter((a) => a.damageLevel === 'COLLAPSED').length;
    const c = await h.request(`{ disasterAssessments(first: 0, filter: { damageLevel: COLLAPSED }) { totalCount } }`, undefined, OFFICER);
    expect(c.data.disasterAssessments.totalCount).toBe(collapsed);
  });

  it('gives analysts counts only: no rows, no person or household filter, empty Person and Household fields', async () => {
    const target = reliefs[0];
    const person = await h.request(PERSON_RELIEFS, { r: [{ __typename: 'Person', id: target.personId }] }, ANALYST);
    expect(person.errors).toBeUndefined();
    expect(person.data._entities[0].disasterReliefs).toEqual([]);
    const household = await h.request(HOUSEHOLD_FIELDS, { r: [{ __typename: 'Household', id: target.householdId }] }, ANALYST);
    expect(household.data._entities[0]).toEqual({ id: target.householdId, disasterAssessments: [], disasterReliefs: [] });
    for (const list of ['disasterReliefs', 'disasterAssessments']) {
      const rows = await h.request(`{ ${list}(first: 5) { totalCount edges { node { id } } } }`, undefined, ANALYST);
      expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(rows.data?.[list] ?? null).toBeNull();
    }
    const count = await h.request(`query($e: ID) { disasterReliefs(filter: { eventId: $e, status: PAID }) { totalCount } }`, { e: target.eventId }, ANALYST);
    expect(count.errors).toBeUndefined();
    // count-only: null whatever the count (counts come from the statistics queries)
    expect(reliefs.filter((r) => r.eventId === target.eventId && r.status === 'PAID').length).toBeGreaterThan(0);
    expect(count.data.disasterReliefs.totalCount).toBeNull();
    for (const f of [`personId: "${target.personId}"`, `householdId: "${target.householdId}"`]) {
      const one = await h.request(`{ disasterReliefs(filter: { ${f} }) { totalCount } }`, undefined, ANALYST);
      expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const cursor = await h.request(`{ disasterReliefs(first: 1) { totalCount pageInfo { endCursor } } }`, undefined, ANALYST);
    expect(cursor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('shows the grants to other departments\' officers (noticed, quasi.programme) and to caseworkers of their own township only', async () => {
    const target = reliefs[0];
    const mine = reliefs.filter((r) => r.personId === target.personId);
    const reps = { r: [{ __typename: 'Person', id: target.personId }] };
    const other = await h.request(PERSON_RELIEFS, reps, OTHER_OFFICER);
    expect(other.errors).toBeUndefined();
    expect(other.data._entities[0].disasterReliefs).toHaveLength(mine.length);
    expect(other.data._entities[0].disasterReliefs[0].grantedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const own = await h.request(PERSON_RELIEFS, reps, { role: 'caseworker', township: target.townshipCode });
    expect(own.data._entities[0].disasterReliefs).toHaveLength(mine.length);
    const elsewhere = await h.request(PERSON_RELIEFS, reps, { role: 'caseworker', township: '370281001' });
    expect(elsewhere.data._entities[0].disasterReliefs).toEqual([]);
    const list = await h.request(`{ disasterReliefs(first: 500) { totalCount edges { node { township { code } } } } }`, undefined, { role: 'caseworker', township: target.townshipCode });
    expect(list.data.disasterReliefs.totalCount).toBe(reliefs.filter((x) => x.townshipCode === target.townshipCode).length);
    for (const e of list.data.disasterReliefs.edges) expect(e.node.township.code).toBe(target.townshipCode);
  });

  describe('writes', () => {
    const assessedIds = () => new Set(assessments.map((a) => a.householdId));
    const event = (name: string, townships: string[]) => ({
      name, hazardType: 'FLOOD', startDate: '2025-06-20', endDate: '2025-06-22', responseLevel: 'LEVEL_IV', affectedTownshipCodes: townships,
    });
    const write = async (m: string, i: Record<string, unknown>, as: object = OFFICER) => h.request(m, { i }, as as never);

    it('refuses every write to anyone but EMERGENCY_MANAGEMENT officers, and changes nothing', async () => {
      const hh = freshHouseholds(assessedIds())[0];
      const inputs: [string, Record<string, unknown>][] = [
        [RECORD_EVENT, event(`拒绝测试-${kind}`, [hh.townshipCode])],
        [ASSESS, { eventId: events[0].id, householdId: hh.id, townshipCode: events[0].affectedTownshipCodes.split(',')[0], damageLevel: 'NONE', peopleAffected: 1, assessedOn: '2024-06-10' }],
        [GRANT, { eventId: events[0].id, householdId: hh.id, personId: hh.headId, reliefType: 'EMERGENCY_LIVING', amount: '100', grantedOn: '2024-06-10' }],
      ];
      const before = await h.db.query('SELECT (SELECT COUNT(*) FROM disaster_event) AS e, (SELECT COUNT(*) FROM disaster_assessment) AS a, (SELECT COUNT(*) FROM disaster_relief) AS r');
      for (const [m, i] of inputs)
        for (const who of [ANALYST, OTHER_OFFICER, { role: 'caseworker' as const, township: hh.townshipCode }, { role: 'auditor' as const }])
          expect((await write(m, i, who)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await h.db.query('SELECT (SELECT COUNT(*) FROM disaster_event) AS e, (SELECT COUNT(*) FROM disaster_assessment) AS a, (SELECT COUNT(*) FROM disaster_relief) AS r')).toEqual(before);
    });

    it('records an event, refusing bad fields with their paths and a name in use', async () => {
      const hh = freshHouseholds(assessedIds())[1];
      const expectBad = async (i: Record<string, unknown>, field: string, reason: string) =>
        expect((await write(RECORD_EVENT, i)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      const good = event(`测试洪涝-${kind}`, [hh.townshipCode, '370281001'].filter((c, i, a) => a.indexOf(c) === i));
      await expectBad({ ...good, affectedTownshipCodes: [hh.townshipCode, '370281999'] }, 'input.affectedTownshipCodes[1]', 'UNKNOWN_TOWNSHIP');
      await expectBad({ ...good, affectedTownshipCodes: [] }, 'input.affectedTownshipCodes', 'TOO_SHORT');
      await expectBad({ ...good, endDate: '2025-06-19' }, 'input.endDate', 'END_BEFORE_START');
      await expectBad({ ...good, startDate: '2018-07-01' }, 'input.startDate', 'BEFORE_PROGRAMME');
      await expectBad({ ...good, startDate: '2999-07-01' }, 'input.startDate', 'DATE_OUT_OF_RANGE');
      await expectBad({ ...good, name: ' 洪 ' }, 'input.name', 'BAD_LENGTH');
      const ok = await write(RECORD_EVENT, good);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordDisasterEvent).toMatchObject({ name: good.name, startDate: '2025-06-20' });
      expect(ok.data.recordDisasterEvent.affectedTownships.map((t: any) => t.code)).toEqual([...good.affectedTownshipCodes].sort());
      expect((await write(RECORD_EVENT, good)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_EVENT' });
    });

    it('assesses a household only once per event, in an affected township, after the event; grants follow the assessment', async () => {
      const [hh, other] = freshHouseholds(assessedIds()).slice(2, 4);
      const ev = (await write(RECORD_EVENT, event(`测试台风-${kind}`, [hh.townshipCode]))).data.recordDisasterEvent;
      const assess = { eventId: ev.id, householdId: hh.id, townshipCode: hh.townshipCode, damageLevel: 'GENERALLY_DAMAGED', peopleAffected: 3, assessedOn: '2025-06-25' };
      const expectAssess = async (i: Record<string, unknown>, code: string, field: string | undefined, reason: string) =>
        expect((await write(ASSESS, i)).errors?.[0].extensions).toMatchObject({ code, ...(field ? { field } : {}), reason });
      await expectAssess({ ...assess, townshipCode: other.townshipCode === hh.townshipCode ? '370281001' : other.townshipCode }, 'BAD_USER_INPUT', 'input.townshipCode', 'TOWNSHIP_NOT_AFFECTED');
      await expectAssess({ ...assess, assessedOn: '2025-06-19' }, 'BAD_USER_INPUT', 'input.assessedOn', 'BEFORE_EVENT');
      await expectAssess({ ...assess, assessedOn: '2026-06-21' }, 'BAD_USER_INPUT', 'input.assessedOn', 'OUTSIDE_EVENT_WINDOW');
      await expectAssess({ ...assess, peopleAffected: 0 }, 'BAD_USER_INPUT', 'input.peopleAffected', 'TOO_SMALL');
      await expectAssess({ ...assess, deaths: 4 }, 'BAD_USER_INPUT', 'input.deaths', 'DEATHS_ABOVE_AFFECTED');
      await expectAssess({ ...assess, eventId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', undefined, 'UNKNOWN_EVENT');
      await expectAssess({ ...assess, householdId: 'not-an-id' }, 'BAD_USER_INPUT', 'input.householdId', 'BAD_ID');

      const grant = { eventId: ev.id, householdId: hh.id, personId: hh.headId, reliefType: 'EMERGENCY_LIVING', amount: '1500', grantedOn: '2025-06-26' };
      expect((await write(GRANT, grant)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ASSESSED' });

      const key = `assess-${kind}-0001`;
      const a = await write(ASSESS, { ...assess, idempotencyKey: key });
      expect(a.errors).toBeUndefined();
      expect(a.data.assessDisasterHousehold).toMatchObject({ damageLevel: 'GENERALLY_DAMAGED', peopleAffected: 3, deaths: 0, assessedOn: '2025-06-25', township: { code: hh.townshipCode } });
      expect((await write(ASSESS, { ...assess, idempotencyKey: key })).data.assessDisasterHousehold.id).toBe(a.data.assessDisasterHousehold.id);
      await expectAssess(assess, 'CONFLICT', undefined, 'DUPLICATE_ASSESSMENT');

      // the rules of a grant, each refused with its reason and nothing written
      const expectGrant = async (i: Record<string, unknown>, code: string, field: string | undefined, reason: string) =>
        expect((await write(GRANT, { ...grant, ...i })).errors?.[0].extensions).toMatchObject({ code, ...(field ? { field } : {}), reason });
      await expectGrant({ reliefType: 'HOUSE_REBUILD', amount: '10000', grantedOn: '2025-08-01' }, 'CONFLICT', undefined, 'NOT_ELIGIBLE');
      await expectGrant({ reliefType: 'TRANSITIONAL', periodStart: '2025-06-26', periodEnd: '2025-09-20' }, 'CONFLICT', undefined, 'NOT_ELIGIBLE');
      await expectGrant({ reliefType: 'DEATH_CONSOLATION' }, 'CONFLICT', undefined, 'NOT_ELIGIBLE');
      await expectGrant({ amount: '2400.01' }, 'BAD_USER_INPUT', 'input.amount', 'AMOUNT_ABOVE_LIMIT'); // 800 yuan × 3 people
      await expectGrant({ amount: '0' }, 'BAD_USER_INPUT', 'input.amount', 'BAD_AMOUNT');
      await expectGrant({ grantedOn: '2025-06-19' }, 'BAD_USER_INPUT', 'input.grantedOn', 'BEFORE_EVENT');
      await expectGrant({ grantedOn: '2025-06-24' }, 'BAD_USER_INPUT', 'input.grantedOn', 'BEFORE_ASSESSMENT');
      await expectGrant({ grantedOn: '2025-09-19' }, 'BAD_USER_INPUT', 'input.grantedOn', 'AFTER_RELIEF_WINDOW'); // 91 days after the start
      await expectGrant({ grantedOn: '2025-02-30' }, 'BAD_USER_INPUT', 'input.grantedOn', 'BAD_DATE');
      await expectGrant({ periodStart: '2025-06-26' }, 'BAD_USER_INPUT', 'input.periodStart', 'NOT_APPLICABLE');
      await expectGrant({ personId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'personId', 'NOT_IN_REGISTRY');
      const dead = persons.find((p) => p.status === 'DECEASED')!;
      await expectGrant({ personId: dead.id }, 'CONFLICT', 'personId', 'PERSON_NOT_ACTIVE');
      expect(Number((await h.db.query(`SELECT COUNT(*) AS n FROM disaster_relief WHERE "householdId" = '${hh.id}'`))[0].n)).toBe(0);

      const gkey = `grant-${kind}-0001`;
      const g = await write(GRANT, { ...grant, amount: '2400', idempotencyKey: gkey });
      expect(g.errors).toBeUndefined();
      expect(g.data.grantDisasterRelief).toMatchObject({ reliefType: 'EMERGENCY_LIVING', amount: '2400.00', status: 'GRANTED', grantedOn: '2025-06-26', periodStart: null, township: { code: hh.townshipCode } });
      expect((await write(GRANT, { ...grant, amount: '2400', idempotencyKey: gkey })).data.grantDisasterRelief.id).toBe(g.data.grantDisasterRelief.id);
      expect((await write(GRANT, { ...grant, amount: '100', idempotencyKey: gkey })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
      await expectGrant({ personId: hh.members.find((m) => m.status === 'ACTIVE' && m.id !== hh.headId)?.id ?? hh.headId }, 'CONFLICT', undefined, 'DUPLICATE_RELIEF');
      const repair = await write(GRANT, { ...grant, reliefType: 'HOUSE_REPAIR', amount: '5000', grantedOn: '2025-07-20' });
      expect(repair.errors).toBeUndefined();

      // a repaired house may not be re-assessed undamaged while the repair subsidy stands; revoked, it may
      const id = a.data.assessDisasterHousehold.id;
      expect((await write(CORRECT_ASSESSMENT, { id, damageLevel: 'NONE' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RELIEF_STANDS' });
      const revoked = await write(CORRECT_RELIEF, { id: repair.data.grantDisasterRelief.id, status: 'REVOKED' });
      expect(revoked.data.correctDisasterRelief.status).toBe('REVOKED');
      expect((await write(CORRECT_ASSESSMENT, { id, damageLevel: 'COLLAPSED' })).data.correctDisasterAssessment.damageLevel).toBe('COLLAPSED');
      // reinstating the revoked repair subsidy: the house is now assessed COLLAPSED, not repairable
      expect((await write(CORRECT_RELIEF, { id: repair.data.grantDisasterRelief.id, status: 'GRANTED' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ELIGIBLE' });
      // a collapsed house: rebuilding and a transitional period of at most 3 months
      const rebuild = await write(GRANT, { ...grant, reliefType: 'HOUSE_REBUILD', amount: '40000', grantedOn: '2025-10-01' });
      expect(rebuild.errors).toBeUndefined();
      await expectGrant({ reliefType: 'TRANSITIONAL', amount: '1000' }, 'BAD_USER_INPUT', 'input.periodStart', 'REQUIRED');
      await expectGrant({ reliefType: 'TRANSITIONAL', amount: '1000', periodStart: '2025-06-26', periodEnd: '2025-09-30' }, 'BAD_USER_INPUT', 'input.periodEnd', 'PERIOD_TOO_LONG');
      await expectGrant({ reliefType: 'TRANSITIONAL', amount: '6750.01', periodStart: '2025-06-26', periodEnd: '2025-09-24' }, 'BAD_USER_INPUT', 'input.amount', 'AMOUNT_ABOVE_LIMIT'); // 750 × 3 people × 3 months
      const transitional = await write(GRANT, { ...grant, reliefType: 'TRANSITIONAL', amount: '4500', periodStart: '2025-06-26', periodEnd: '2025-08-24' });
      expect(transitional.data.grantDisasterRelief).toMatchObject({ amount: '4500.00', periodStart: '2025-06-26', periodEnd: '2025-08-24' });
      // extending the period re-checks the amount: 4500 fits 2 months (750 × 3 × 2) and 3
      const extended = await write(CORRECT_RELIEF, { id: transitional.data.grantDisasterRelief.id, periodEnd: '2025-09-24', amount: '6750' });
      expect(extended.data.correctDisasterRelief).toMatchObject({ amount: '6750.00', periodEnd: '2025-09-24' });
      expect((await write(CORRECT_RELIEF, { id: transitional.data.grantDisasterRelief.id, periodEnd: '2025-08-24' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.periodEnd', reason: 'AMOUNT_ABOVE_LIMIT' });
      const paid = await write(CORRECT_RELIEF, { id: rebuild.data.grantDisasterRelief.id, status: 'PAID' });
      expect(paid.data.correctDisasterRelief.status).toBe('PAID');
      expect((await write(CORRECT_RELIEF, { id: rebuild.data.grantDisasterRelief.id, status: 'GRANTED' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
      expect((await write(CORRECT_RELIEF, { id: '00000000-0000-4000-8000-000000000000', amount: '1' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');

      // the event: a township with assessments cannot be removed; the end date and level can be corrected
      expect((await write(CORRECT_EVENT, { id: ev.id, affectedTownshipCodes: ['370281001'] })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'TOWNSHIP_HAS_ASSESSMENTS' });
      const fixed = await write(CORRECT_EVENT, { id: ev.id, endDate: '2025-06-23', responseLevel: 'LEVEL_III' });
      expect(fixed.data.correctDisasterEvent).toMatchObject({ endDate: '2025-06-23', responseLevel: 'LEVEL_III' });

      // the household's fields show it all, and the writes are in the audit log
      const hf = await h.request(HOUSEHOLD_FIELDS, { r: [{ __typename: 'Household', id: hh.id }] }, OFFICER);
      expect(hf.data._entities[0].disasterAssessments).toEqual([expect.objectContaining({ id, damageLevel: 'COLLAPSED' })]);
      expect(hf.data._entities[0].disasterReliefs.map((x: any) => x.reliefType).sort()).toEqual(['EMERGENCY_LIVING', 'HOUSE_REBUILD', 'HOUSE_REPAIR', 'TRANSITIONAL']);
      const log = await h.request(`{ disasterReliefAuditLog(last: 30) { edges { node { kind } } } }`, undefined, { role: 'auditor' });
      expect(log.data.disasterReliefAuditLog.edges.filter((e: any) => e.node.kind === 'write').length).toBeGreaterThanOrEqual(8);
    });

    it('checks the household against the registry: it exists, is assessed by its own township, counts at most its members; the recipient is an active member', async () => {
      const [hh, stranger] = freshHouseholds(assessedIds()).slice(4, 6);
      const otherTownship = hh.townshipCode === '370281001' ? '370281002' : '370281001';
      const ev = (await write(RECORD_EVENT, event(`测试户籍核对-${kind}`, [hh.townshipCode, otherTownship]))).data.recordDisasterEvent;
      const active = hh.members.filter((m) => m.status === 'ACTIVE').length;
      const assess = { eventId: ev.id, householdId: hh.id, townshipCode: hh.townshipCode, damageLevel: 'COLLAPSED', peopleAffected: active, assessedOn: '2025-06-25' };
      const expectAssess = async (i: Record<string, unknown>, code: string, field: string, reason: string) =>
        expect((await write(ASSESS, { ...assess, ...i })).errors?.[0].extensions).toMatchObject({ code, field, reason });
      const nobodys = '00000000-0000-4000-8000-000000000001';
      // the review's example: nobody's household, 30 deaths
      await expectAssess({ householdId: nobodys, peopleAffected: 30, deaths: 30 }, 'NOT_FOUND', 'householdId', 'NOT_IN_REGISTRY');
      await expectAssess({ townshipCode: otherTownship }, 'BAD_USER_INPUT', 'input.townshipCode', 'NOT_THE_HOUSEHOLDS_TOWNSHIP');
      await expectAssess({ peopleAffected: active + 1 }, 'BAD_USER_INPUT', 'input.peopleAffected', 'ABOVE_HOUSEHOLD_SIZE');
      await expectAssess({ peopleAffected: 30, deaths: 30 }, 'BAD_USER_INPUT', 'input.peopleAffected', 'ABOVE_HOUSEHOLD_SIZE');
      expect(Number((await h.db.query(`SELECT COUNT(*) AS n FROM disaster_assessment WHERE "eventId" = '${ev.id}'`))[0].n)).toBe(0);

      // a member who died on the event's start counts (the disaster's death, DECEASED in the registry by now); one who died before does not
      const defaultRegistry = h.registry;
      const [diedThatDay, diedBefore] = ['99999999-0000-4000-8000-000000000001', '99999999-0000-4000-8000-000000000002'];
      const households2 = h.registryHouseholds.map((x) => x.id !== hh.id ? x : {
        ...x, members: [...x.members, { id: diedThatDay, status: 'DECEASED', statusDate: '2025-06-20' }, { id: diedBefore, status: 'DECEASED', statusDate: '2025-06-19' }],
      });
      h.setRegistry(staticPersonRegistry([...h.registryPeople, { id: diedThatDay, status: 'DECEASED' }, { id: diedBefore, status: 'DECEASED' }], households2));
      try {
        await expectAssess({ peopleAffected: active + 2, deaths: 1 }, 'BAD_USER_INPUT', 'input.peopleAffected', 'ABOVE_HOUSEHOLD_SIZE');
        const a = await write(ASSESS, { ...assess, peopleAffected: active + 1, deaths: 1 });
        expect(a.errors).toBeUndefined();
        expect(a.data.assessDisasterHousehold).toMatchObject({ peopleAffected: active + 1, deaths: 1, township: { code: hh.townshipCode } });
        expect((await write(CORRECT_ASSESSMENT, { id: a.data.assessDisasterHousehold.id, peopleAffected: active + 2 })).errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT', reason: 'ABOVE_HOUSEHOLD_SIZE',
        });

        // the recipient: a member of the household, active
        const grant = { eventId: ev.id, householdId: hh.id, personId: hh.headId, reliefType: 'DEATH_CONSOLATION', amount: '1500000', grantedOn: '2025-06-26' };
        const expectGrant = async (i: Record<string, unknown>, code: string, field: string | undefined, reason: string) =>
          expect((await write(GRANT, { ...grant, ...i })).errors?.[0].extensions).toMatchObject({ code, ...(field ? { field } : {}), reason });
        await expectGrant({ personId: stranger.headId }, 'BAD_USER_INPUT', 'input.personId', 'NOT_A_MEMBER');
        await expectGrant({ personId: diedThatDay }, 'CONFLICT', 'personId', 'PERSON_NOT_ACTIVE');
        await expectGrant({ householdId: nobodys }, 'NOT_FOUND', 'householdId', 'NOT_IN_REGISTRY');
        // one death recorded: the consolation is at most one death's standard
        const oneDeath = await write(GRANT, { ...grant, amount: '1' });
        expect(oneDeath.errors).toBeUndefined();
        await write(CORRECT_RELIEF, { id: oneDeath.data.grantDisasterRelief.id, status: 'REVOKED' });
        const limit = (await write(GRANT, grant)).errors?.[0];
        expect(limit?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' });
        expect(limit?.message).toContain('× 1 deaths');
      } finally {
        h.setRegistry(defaultRegistry);
      }
      expect(Number((await h.db.query(`SELECT COUNT(*) AS n FROM disaster_relief WHERE "eventId" = '${ev.id}' AND "personId" <> '${hh.headId}'`))[0].n)).toBe(0);
    });

    it('bounds a grant by the registry household even on an assessment recorded before the household was checked', async () => {
      const [hh] = freshHouseholds(assessedIds()).slice(6, 7);
      const ev = (await write(RECORD_EVENT, event(`测试旧核灾-${kind}`, [hh.townshipCode]))).data.recordDisasterEvent;
      const active = hh.members.filter((m) => m.status === 'ACTIVE').length;
      // as the review found them: nobody's household, and a real household with 30 people and 30 deaths
      const nobodys = '00000000-0000-4000-8000-000000000003';
      for (const [id, householdId] of [['11111111-0000-4000-8000-000000000001', nobodys], ['11111111-0000-4000-8000-000000000002', hh.id]])
        await h.db.query(
          `INSERT INTO disaster_assessment (id, "eventId", "householdId", "townshipCode", "damageLevel", "peopleAffected", deaths, "assessedOn") VALUES ($1, $2, $3, $4, 'COLLAPSED', 30, 30, '2025-06-21')`.replace(/\$\d/g, (m) => (h.kind === 'sqlite' ? '?' : m)),
          [id, ev.id, householdId, hh.townshipCode],
        );
      const grant = { eventId: ev.id, householdId: hh.id, personId: hh.headId, reliefType: 'DEATH_CONSOLATION', amount: '1500000', grantedOn: '2025-06-26' };
      expect((await write(GRANT, { ...grant, householdId: nobodys })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'householdId', reason: 'NOT_IN_REGISTRY' });
      const refused = (await write(GRANT, grant)).errors?.[0];
      expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' });
      expect(refused?.message).toContain(`× ${active} deaths`);
      const e = await write(GRANT, { ...grant, reliefType: 'EMERGENCY_LIVING', amount: '100000' });
      expect(e.errors?.[0].message).toContain(`× ${active} people affected`);

      // an assessment by another township than the household's grounds no grant, also where households are not asked
      // (the roster import's registry answers persons only: the recipient's township stands for the household's)
      const [moved] = freshHouseholds(assessedIds()).slice(7, 8);
      const elsewhere = moved.townshipCode === '370281001' ? '370281002' : '370281001';
      await h.db.query(
        `INSERT INTO disaster_assessment (id, "eventId", "householdId", "townshipCode", "damageLevel", "peopleAffected", deaths, "assessedOn") VALUES ('11111111-0000-4000-8000-000000000003', '${ev.id}', '${moved.id}', '${elsewhere}', 'GENERALLY_DAMAGED', 1, 0, '2025-06-21')`,
      );
      const movedGrant = { ...grant, householdId: moved.id, personId: moved.headId, reliefType: 'EMERGENCY_LIVING', amount: '100' };
      expect((await write(GRANT, movedGrant)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_HOUSEHOLDS_TOWNSHIP' });
      const defaultRegistry = h.registry;
      h.setRegistry(staticPersonRegistry(h.registryPeople));
      try {
        expect((await write(GRANT, movedGrant)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_HOUSEHOLDS_TOWNSHIP' });
      } finally {
        h.setRegistry(defaultRegistry);
      }
    });
  });
});
