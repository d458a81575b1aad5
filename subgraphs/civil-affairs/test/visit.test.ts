import crypto from 'node:crypto';
import { civilAffairs } from '../src/subgraph';
import { assertIdempotentCreation, pendingSchemaChanges, runConcurrently, startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { Household } from '../src/modules/household/household.entity';
import { Person } from '../src/modules/person/person.entity';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';
import { visitIntervals } from '../src/modules/visit/visit.policy';

const TODAY = '2026-06-30';
const T = '370281001';
const V1 = '370281001001';
const V2 = '370281001002';
const OTHER_T = '370281002';

const VISIT_FIELDS = 'id visitedOn visitedBy visitorRole findings note followUpNeeded followUpBy followUpDoneOn followUpNote version';
const RECORD = `mutation($i: RecordRecipientVisitInput!) { recordRecipientVisit(input: $i) { ${VISIT_FIELDS} } }`;
const FOLLOW = `mutation($i: CompleteVisitFollowUpInput!) { completeVisitFollowUp(input: $i) { ${VISIT_FIELDS} } }`;
const PAIR_FIELDS = 'id cadreSubject cadreName cadreUnit fromDate toDate version';
const PAIR = `mutation($i: StartCadrePairingInput!) { startCadrePairing(input: $i) { ${PAIR_FIELDS} } }`;
const UNPAIR = `mutation($i: EndCadrePairingInput!) { endCadrePairing(input: $i) { ${PAIR_FIELDS} } }`;
const HOUSEHOLD = `query($id: ID!) { household(id: $id) { id recipientVisits { id visitedOn findings } cadrePairings { id toDate } } }`;
const NOT_VISITED = `query($t: String!, $d: Int, $first: Int, $after: String) { householdsNotVisited(townshipCode: $t, withinDays: $d, first: $first, after: $after) {
  totalCount edges { node { household { id } category intervalDays lastVisitedOn } } pageInfo { hasNextPage endCursor } } }`;

const caseworker = { role: 'caseworker' as const, township: T };
const approver = { role: 'township_approver' as const, township: T };
const assistant1 = { role: 'village_assistant' as const, village: V1 };
const assistant2 = { role: 'village_assistant' as const, village: V2 };
const otherCaseworker = { role: 'caseworker' as const, township: OTHER_T };
const CIVIL_AFFAIRS = { role: 'department_officer' as const, department: 'CIVIL_AFFAIRS' };
const EDUCATION = { role: 'department_officer' as const, department: 'EDUCATION' };

describe('visit intervals (zod configuration)', () => {
  it('defaults to 90 days for dibao and 30 for tekun, and refuses a bad value with the variable named', () => {
    expect(visitIntervals({})).toEqual({ VISIT_INTERVAL_DIBAO_DAYS: 90, VISIT_INTERVAL_TEKUN_DAYS: 30 });
    expect(visitIntervals({ VISIT_INTERVAL_DIBAO_DAYS: '60', VISIT_INTERVAL_TEKUN_DAYS: '' })).toEqual({ VISIT_INTERVAL_DIBAO_DAYS: 60, VISIT_INTERVAL_TEKUN_DAYS: 30 });
    expect(() => visitIntervals({ VISIT_INTERVAL_TEKUN_DAYS: '0' })).toThrow(/VISIT_INTERVAL_TEKUN_DAYS/);
    expect(() => visitIntervals({ VISIT_INTERVAL_DIBAO_DAYS: 'quarterly' })).toThrow(/VISIT_INTERVAL_DIBAO_DAYS/);
  });
});

describe.each(testDatabaseKinds())('visits and pairings on %s', (kind) => {
  let h: SubgraphHarness;
  let seq = 0;
  /** a crafted household of one active member in `village` (township from the village) with enrolments [programme, status, start, end] */
  async function household(village: string, enrolments: [string, string, string, string | null][], memberStatus = 'ACTIVE'): Promise<string> {
    const id = crypto.randomUUID();
    const personId = crypto.randomUUID();
    const township = village.slice(0, 9);
    await h.db.getRepository(Household).insert({ id, townshipCode: township, villageCode: village, address: null, headId: personId, perCapitaMonthlyIncome: null, assetsWithinRules: null, urban: false, version: 1 });
    await h.db.getRepository(Person).insert({
      id: personId, name: `测试${++seq}`, idNumber: `37028119600101${String(1000 + seq).slice(-4)}`, gender: 'MALE' as never, birthDate: '1960-01-01', phone: null,
      townshipCode: township, villageCode: village, householdId: id, relationToHead: 'HEAD' as never, status: memberStatus as never, statusDate: memberStatus === 'ACTIVE' ? null : '2026-01-01', statusSource: null, version: 1,
    });
    for (const [programme, status, startDate, endDate] of enrolments)
      await h.db.getRepository(Enrolment).insert(h.db.getRepository(Enrolment).create({
        id: crypto.randomUUID(), personId, programme: programme as never, status: status as never, startDate, endDate,
        amount: programme === 'MARGINAL' ? '0.00' : '600.00', amountPeriod: (programme === 'MARGINAL' ? 'NONE' : 'MONTHLY') as never, townshipCode: township,
      }));
    return id;
  }
  const visitInput = (householdId: string, extra: Record<string, unknown> = {}) => ({ householdId, visitedOn: TODAY, findings: ['STABLE'], followUpNeeded: false, ...extra });
  const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions;
  async function visit(householdId: string, visitedOn: string, as: object = caseworker) {
    const r = await h.request(RECORD, { i: visitInput(householdId, { visitedOn }) }, as as never);
    expect(r.errors).toBeUndefined();
    return r.data.recordRecipientVisit;
  }

  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = TODAY;
    h = await startSubgraphHarness(civilAffairs, kind, {});
  });
  afterAll(async () => {
    delete process.env.AIDGRAPH_TODAY;
    await h?.close();
  });

  it('migrations build exactly what the entities declare', async () => {
    expect(await pendingSchemaChanges(h.db)).toEqual([]);
  });

  it('records a visit: staff of the household only, checked input, idempotent retries, a follow-up done once', async () => {
    const hh = await household(V1, [['DIBAO', 'ACTIVE', '2025-01-01', null]]);
    for (const who of [approver, CIVIL_AFFAIRS, EDUCATION, { role: 'analyst' }, { role: 'auditor' }])
      expect({ who, e: code(await h.request(RECORD, { i: visitInput(hh) }, who as never))?.code }).toEqual({ who, e: 'FORBIDDEN' });
    // staff of another township or village: the household answers as an unknown id would (NOT_FOUND, the same message),
    // so the answer does not tell that the id exists
    const unknown = code(await h.request(RECORD, { i: visitInput('0e0e0e0e-0000-4000-8000-00000000dead') }, caseworker));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
    for (const who of [otherCaseworker, assistant2]) {
      const r = await h.request(RECORD, { i: visitInput(hh) }, who as never);
      expect({ who, e: code(r)?.code, message: r.errors?.[0]?.message }).toEqual({ who, e: 'NOT_FOUND', message: (await h.request(RECORD, { i: visitInput('0e0e0e0e-0000-4000-8000-00000000dead') }, who as never)).errors?.[0]?.message });
    }
    const bad = async (extra: Record<string, unknown>) => code(await h.request(RECORD, { i: visitInput(hh, extra) }, caseworker));
    expect(await bad({ visitedOn: '2026-07-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.visitedOn' });
    expect(await bad({ findings: [] })).toMatchObject({ field: 'input.findings', reason: 'REQUIRED' });
    expect(await bad({ findings: ['STABLE', 'STABLE'] })).toMatchObject({ field: 'input.findings[1]', reason: 'DUPLICATE' });
    expect(await bad({ findings: ['OTHER'] })).toMatchObject({ field: 'input.note', reason: 'REQUIRED' });
    expect(await bad({ followUpNeeded: true })).toMatchObject({ field: 'input.followUpBy', reason: 'REQUIRED' });
    expect(await bad({ followUpBy: '2026-07-10' })).toMatchObject({ field: 'input.followUpBy', reason: 'NOT_ALLOWED' });
    expect(await bad({ followUpNeeded: true, followUpBy: '2026-06-29' })).toMatchObject({ field: 'input.followUpBy', reason: 'BAD_DATE_ORDER' });
    expect(code(await h.request(RECORD, { i: visitInput(crypto.randomUUID()) }, caseworker))).toMatchObject({ code: 'NOT_FOUND' });
    // not a recipient household on the visit's date: the dibao began in 2025
    expect(await bad({ visitedOn: '2024-12-31' })).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_RECIPIENT_HOUSEHOLD' });
    expect(await h.db.query('SELECT COUNT(*) AS n FROM recipient_visit')).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);

    const i = visitInput(hh, { findings: ['HEALTH_CHANGED', 'CARE_NEEDED'], note: '老人卧床，需要照料', followUpNeeded: true, followUpBy: '2026-07-15', idempotencyKey: `visit-${kind}-0001` });
    const first = await h.request(RECORD, { i }, assistant1);
    expect(first.errors).toBeUndefined();
    const v = first.data.recordRecipientVisit;
    expect(v).toMatchObject({ visitedOn: TODAY, visitorRole: 'village_assistant', findings: ['HEALTH_CHANGED', 'CARE_NEEDED'], note: '老人卧床，需要照料', followUpNeeded: true, followUpBy: '2026-07-15', followUpDoneOn: null, version: 1 });
    expect(v.visitedBy).toMatch(/./);
    expect((await h.request(RECORD, { i }, assistant1)).data.recordRecipientVisit.id).toBe(v.id);
    expect(code(await h.request(RECORD, { i: { ...i, followUpBy: '2026-07-20' } }, assistant1))).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await h.db.query('SELECT COUNT(*) AS n FROM recipient_visit')).toEqual([{ n: kind === 'postgres' ? '1' : 1 }]);
    const audited: unknown[] = await h.db.query(`SELECT seq FROM audit_log WHERE detail LIKE '%RecipientVisit%' AND kind = 'write'`);
    expect(audited.length).toBe(1);

    // the follow-up: version, once, after the visit
    expect(code(await h.request(FOLLOW, { i: { id: v.id, expectedVersion: 2, doneOn: TODAY } }, caseworker))).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 1 });
    // another township's visit: NOT_FOUND, as an id no visit has
    expect(code(await h.request(FOLLOW, { i: { id: v.id, expectedVersion: 1, doneOn: TODAY } }, otherCaseworker))).toMatchObject({ code: 'NOT_FOUND' });
    expect(code(await h.request(FOLLOW, { i: { id: '0e0e0e0e-0000-4000-8000-00000000beef', expectedVersion: 1, doneOn: TODAY } }, otherCaseworker))).toMatchObject({ code: 'NOT_FOUND' });
    const done = await h.request(FOLLOW, { i: { id: v.id, expectedVersion: 1, doneOn: TODAY, note: '已联系镇卫生院上门' } }, caseworker);
    expect(done.data.completeVisitFollowUp).toMatchObject({ followUpDoneOn: TODAY, followUpNote: '已联系镇卫生院上门', version: 2 });
    expect(code(await h.request(FOLLOW, { i: { id: v.id, expectedVersion: 2, doneOn: TODAY } }, caseworker))).toMatchObject({ code: 'CONFLICT', reason: 'FOLLOW_UP_DONE' });
    const plain = await visit(hh, '2026-06-01');
    expect(code(await h.request(FOLLOW, { i: { id: plain.id, expectedVersion: 1, doneOn: TODAY } }, caseworker))).toMatchObject({ code: 'CONFLICT', reason: 'NO_FOLLOW_UP' });

    // who reads them (class visit)
    const read = async (who: object) => {
      const r = await h.request(HOUSEHOLD, { id: hh }, who as never);
      return r.errors ? r.errors.map((e) => e.extensions?.code) : r.data.household?.recipientVisits?.length ?? null;
    };
    for (const who of [caseworker, approver, assistant1, CIVIL_AFFAIRS, { role: 'auditor' }]) expect({ who, n: await read(who) }).toEqual({ who, n: 2 });
    expect(await read(assistant2)).toBeNull(); // another village: the household is not in scope at all
    expect(await read(EDUCATION)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('pairs one cadre at a time with a recipient household', async () => {
    const hh = await household(V1, [['TEKUN', 'ACTIVE', '2024-05-01', null]]);
    const none = await household(V1, [['DIBAO', 'ENDED', '2023-01-01', '2024-12-31']]);
    const input = { householdId: hh, cadreSubject: 'staff-jz-0042', cadreName: '王干部', cadreUnit: '胶州市民政局', fromDate: '2026-06-01' };
    for (const who of [assistant1, approver, EDUCATION]) expect({ who, e: code(await h.request(PAIR, { i: input }, who as never))?.code }).toEqual({ who, e: 'FORBIDDEN' });
    // another township's caseworker: NOT_FOUND, as for an id no household has
    expect(code(await h.request(PAIR, { i: input }, otherCaseworker))).toMatchObject({ code: 'NOT_FOUND' });
    expect(code(await h.request(PAIR, { i: { ...input, householdId: none } }, caseworker))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_RECIPIENT_HOUSEHOLD' });
    expect(code(await h.request(PAIR, { i: { ...input, cadreName: '' } }, caseworker))).toMatchObject({ field: 'input.cadreName', reason: 'REQUIRED' });
    const key = { ...input, idempotencyKey: `pair-${kind}-0001` };
    const p = (await h.request(PAIR, { i: key }, caseworker)).data.startCadrePairing;
    expect(p).toMatchObject({ cadreSubject: 'staff-jz-0042', cadreName: '王干部', cadreUnit: '胶州市民政局', fromDate: '2026-06-01', toDate: null, version: 1 });
    expect((await h.request(PAIR, { i: key }, caseworker)).data.startCadrePairing.id).toBe(p.id);
    expect(code(await h.request(PAIR, { i: { ...input, cadreSubject: 'staff-jz-0043' } }, CIVIL_AFFAIRS))).toMatchObject({ code: 'CONFLICT', reason: 'ACTIVE_PAIRING_EXISTS' });
    expect(code(await h.request(UNPAIR, { i: { id: p.id, expectedVersion: 1, toDate: '2026-05-31' } }, caseworker))).toMatchObject({ field: 'input.toDate', reason: 'BAD_DATE_ORDER' });
    expect(code(await h.request(UNPAIR, { i: { id: p.id, expectedVersion: 1, toDate: TODAY } }, otherCaseworker))).toMatchObject({ code: 'NOT_FOUND' });
    const ended = (await h.request(UNPAIR, { i: { id: p.id, expectedVersion: 1, toDate: TODAY } }, caseworker)).data.endCadrePairing;
    expect(ended).toMatchObject({ toDate: TODAY, version: 2 });
    expect(code(await h.request(UNPAIR, { i: { id: p.id, expectedVersion: 2, toDate: TODAY } }, caseworker))).toMatchObject({ code: 'CONFLICT', reason: 'PAIRING_ENDED' });
    const again = await h.request(PAIR, { i: { ...input, cadreSubject: 'staff-jz-0043', fromDate: TODAY } }, CIVIL_AFFAIRS);
    expect(again.errors).toBeUndefined();
    expect((await h.request(HOUSEHOLD, { id: hh }, caseworker)).data.household.cadrePairings.map((x: { toDate: string | null }) => x.toDate)).toEqual([null, TODAY]);
    // the unique index holds even if the check were skipped: a second active row for the household is refused by the database
    await expect(h.db.query(`INSERT INTO cadre_pairing (id, "householdId", "activeHouseholdId", "townshipCode", "villageCode", "cadreSubject", "cadreName", "cadreUnit", "fromDate", "recordedBy", version) VALUES ('${crypto.randomUUID()}', '${hh}', '${hh}', '${T}', '${V1}', 's', 'n', 'u', '${TODAY}', 'r', 1)`)).rejects.toThrow();
  });

  it('write races: one key makes one visit or pairing (50 at once); of 50 follow-ups or ends with one version exactly one applies', async () => {
    const hh = await household(V1, [['DIBAO', 'ACTIVE', '2025-01-01', null]]);
    const visits = async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM recipient_visit WHERE "householdId" = '${hh}'`))[0].n);
    await assertIdempotentCreation(h, {
      mutation: RECORD, field: 'recordRecipientVisit', as: { ...caseworker, subject: 'cw-a' }, other: { ...caseworker, subject: 'cw-b' },
      variables: (variant, key) => ({ i: { ...visitInput(hh, { visitedOn: ['2026-06-28', '2026-06-29', TODAY][variant], followUpNeeded: true, followUpBy: '2026-07-31' }), idempotencyKey: key } }),
      sameSubject: { forbidden: [approver], notFound: [otherCaseworker], mayWrite: [assistant1] },
      count: visits,
    });
    const [v] = await h.db.query(`SELECT id FROM recipient_visit WHERE "householdId" = '${hh}' LIMIT 1`);
    const storedVisit = async () => {
      const [r] = await h.db.query(`SELECT "followUpDoneOn", version FROM recipient_visit WHERE id = '${v.id}'`);
      const d = r.followUpDoneOn;
      return { followUpDoneOn: d == null ? null : (d instanceof Date ? d.toISOString() : String(d)).slice(0, 10), version: Number(r.version) };
    };
    await runConcurrently(h, {
      mutation: FOLLOW, field: 'completeVisitFollowUp', as: caseworker, variables: (i) => ({ i: { id: v.id, expectedVersion: 1, doneOn: TODAY, note: `跟进 ${i}` } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION', 'FOLLOW_UP_DONE'], chain: { entity: 'RecipientVisit', key: v.id, stored: storedVisit } },
    });
    expect(await storedVisit()).toEqual({ followUpDoneOn: TODAY, version: 2 });

    const homes = [
      await household(V1, [['TEKUN', 'ACTIVE', '2025-01-01', null]]), await household(V1, [['TEKUN', 'ACTIVE', '2025-01-01', null]]),
      await household(V1, [['TEKUN', 'ACTIVE', '2025-01-01', null]]),
    ];
    const pairings = async () => Number((await h.db.query(`SELECT COUNT(*) AS n FROM cadre_pairing WHERE "householdId" IN ('${homes.join("','")}')`))[0].n);
    await assertIdempotentCreation(h, {
      mutation: PAIR, field: 'startCadrePairing', as: { ...caseworker, subject: 'cw-c' }, other: { ...caseworker, subject: 'cw-d' },
      variables: (variant, key) => ({ i: { householdId: homes[variant], cadreSubject: `staff-${variant}`, cadreName: '李干部', cadreUnit: '胶州市财政局', fromDate: TODAY, idempotencyKey: key } }),
      sameSubject: { forbidden: [approver, assistant1], notFound: [otherCaseworker] },
      count: pairings,
    });
    // 50 pairings of one household at once, with different keys: exactly one (the others ACTIVE_PAIRING_EXISTS)
    const fresh = await household(V1, [['DIBAO', 'ACTIVE', '2025-01-01', null]]);
    await runConcurrently(h, {
      mutation: PAIR, field: 'startCadrePairing', as: caseworker,
      variables: (i) => ({ i: { householdId: fresh, cadreSubject: `staff-x${i}`, cadreName: '张干部', cadreUnit: '胶州市教育局', fromDate: TODAY, idempotencyKey: `pair-${kind}-race-${i}-key` } }),
      expect: { succeed: 1, conflictReasons: ['ACTIVE_PAIRING_EXISTS'] },
    });
    const [p] = await h.db.query(`SELECT id FROM cadre_pairing WHERE "householdId" = '${fresh}'`);
    const storedPairing = async () => {
      const [r] = await h.db.query(`SELECT "toDate", version FROM cadre_pairing WHERE id = '${p.id}'`);
      const d = r.toDate;
      return { toDate: d == null ? null : (d instanceof Date ? d.toISOString() : String(d)).slice(0, 10), version: Number(r.version) };
    };
    await runConcurrently(h, {
      mutation: UNPAIR, field: 'endCadrePairing', as: caseworker, variables: () => ({ i: { id: p.id, expectedVersion: 1, toDate: TODAY } }),
      expect: { succeed: 1, conflictReasons: ['STALE_VERSION', 'PAIRING_ENDED'], chain: { entity: 'CadrePairing', key: p.id, stored: storedPairing } },
    });
    expect(await storedPairing()).toEqual({ toDate: TODAY, version: 2 });
  });

  it('lists a single-person-coverage household (单人保) to the village assistant by what it sees: a marginal household, not listed', async () => {
    const T3 = '370281006';
    const V5 = '370281006001';
    const cw = { role: 'caseworker' as const, township: T3 };
    const va = { role: 'village_assistant' as const, village: V5 };
    // the member's DIBAO overlaps its MARGINAL: single-person coverage (the assistant sees MARGINAL only)
    const single = await household(V5, [['DIBAO', 'ACTIVE', '2024-01-01', null], ['MARGINAL', 'ACTIVE', '2024-01-01', null]]);
    // an ended marginal enrolment overlapping the dibao is single-person coverage too (the kit's rule: any overlap)
    const singleBefore = await household(V5, [['DIBAO', 'ACTIVE', '2024-01-01', null], ['MARGINAL', 'ENDED', '2023-06-01', '2024-03-31']]);
    // a dibao after the marginal enrolment ended: not single-person coverage, listed to both
    const plain = await household(V5, [['MARGINAL', 'ENDED', '2022-01-01', '2023-12-31'], ['DIBAO', 'ACTIVE', '2024-01-01', null]]);
    // tekun and a single-person-coverage dibao: listed to both as TEKUN (tekun is never collapsed)
    const tekun = await household(V5, [['TEKUN', 'ACTIVE', '2024-01-01', null], ['DIBAO', 'ACTIVE', '2024-01-01', null], ['MARGINAL', 'ACTIVE', '2024-01-01', null]]);
    const list = async (as: object) => {
      const r = await h.request(NOT_VISITED, { t: T3 }, as as never);
      expect(r.errors).toBeUndefined();
      const l = r.data.householdsNotVisited;
      return { totalCount: l.totalCount, rows: l.edges.map((e: { node: { household: { id: string }; category: string; intervalDays: number } }) => [e.node.household.id, e.node.category, e.node.intervalDays]).sort((a: string[], b: string[]) => a[0].localeCompare(b[0])) };
    };
    const sorted = (rows: unknown[][]) => rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(await list(cw)).toEqual({ totalCount: 4, rows: sorted([[single, 'DIBAO', 90], [singleBefore, 'DIBAO', 90], [plain, 'DIBAO', 90], [tekun, 'TEKUN', 30]]) });
    expect(await list(CIVIL_AFFAIRS)).toEqual(await list(cw));
    expect(await list(va)).toEqual({ totalCount: 2, rows: sorted([[plain, 'DIBAO', 90], [tekun, 'TEKUN', 30]]) });
    // what the assistant sees of the member agrees: MARGINAL, no DIBAO
    const seen = await h.request('query($id: ID!) { household(id: $id) { members { enrolments { programme } } } }', { id: single }, va);
    expect(seen.data.household.members[0].enrolments.map((e: { programme: string }) => e.programme)).toEqual(['MARGINAL']);
    // the assistant may still visit the household (a marginal household is visited too): no CONFLICT, nothing told
    expect((await h.request(RECORD, { i: visitInput(single) }, va)).errors).toBeUndefined();
  });

  it('lists the recipient households not visited within their interval, per category, scoped and paged', async () => {
    const T2 = '370281004';
    const V3 = '370281004001';
    const V4 = '370281004002';
    // crafted in a township of their own: [name, village, enrolments, visits]
    const tekunNever = await household(V3, [['TEKUN', 'ACTIVE', '2024-01-01', null]]);
    const tekunOld = await household(V3, [['TEKUN', 'ACTIVE', '2024-01-01', null]]); // visited 31 days ago: due
    const tekunEdge = await household(V3, [['TEKUN', 'ACTIVE', '2024-01-01', null]]); // visited exactly 30 days ago: counts
    const dibaoOld = await household(V4, [['DIBAO', 'PHASING_OUT', '2024-01-01', '2026-09-30']]); // visited 91 days ago: due
    const dibaoRecent = await household(V4, [['DIBAO', 'ACTIVE', '2024-01-01', null]]); // visited 45 days ago: not due (quarterly)
    const both = await household(V3, [['DIBAO', 'ACTIVE', '2024-01-01', null], ['TEKUN', 'ACTIVE', '2025-01-01', null]]); // tekun rules: 45 days ago is due
    await household(V3, [['MARGINAL', 'ACTIVE', '2024-01-01', null]]); // marginal only: not on the list
    await household(V3, [['DIBAO', 'ENDED', '2024-01-01', '2026-05-31']]); // ended
    await household(V3, [['DIBAO', 'SUSPENDED', '2024-01-01', null]]); // suspended
    await household(V3, [['DIBAO', 'ACTIVE', '2026-07-01', null]]); // not started yet
    await household(V3, [['TEKUN', 'ACTIVE', '2024-01-01', null]], 'DECEASED'); // no active member
    const cw = { role: 'caseworker' as const, township: T2 };
    const at = (days: number) => new Date(Date.UTC(2026, 5, 30) - days * 86400000).toISOString().slice(0, 10);
    await visit(tekunOld, at(31), cw);
    await visit(tekunEdge, at(30), cw);
    await visit(dibaoOld, at(91), cw);
    await visit(dibaoOld, at(120), cw);
    await visit(dibaoRecent, at(45), cw);
    await visit(both, at(45), cw);

    const list = async (as: object, vars: Record<string, unknown> = {}) => {
      const r = await h.request(NOT_VISITED, { t: T2, ...vars }, as as never);
      if (r.errors) return r.errors[0].extensions;
      return r.data.householdsNotVisited;
    };
    const rows = (l: { edges: { node: { household: { id: string }; category: string; intervalDays: number; lastVisitedOn: string | null } }[] }) =>
      l.edges.map((e) => [e.node.household.id, e.node.category, e.node.intervalDays, e.node.lastVisitedOn]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const expected = [
      [tekunNever, 'TEKUN', 30, null],
      [tekunOld, 'TEKUN', 30, at(31)],
      [dibaoOld, 'DIBAO', 90, at(91)],
      [both, 'TEKUN', 30, at(45)],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const all = await list(cw);
    expect(all).toMatchObject({ totalCount: 4 });
    expect(rows(all)).toEqual(expected);
    // the same for civil affairs and auditors; the village assistant sees its village's only
    expect(rows(await list(CIVIL_AFFAIRS))).toEqual(expected);
    expect(rows(await list({ role: 'auditor' }))).toEqual(expected);
    expect(rows(await list({ role: 'village_assistant', village: V4 }))).toEqual([[dibaoOld, 'DIBAO', 90, at(91)]]);
    for (const who of [otherCaseworker, EDUCATION, { role: 'analyst' }, { role: 'public' }]) expect({ who, e: (await list(who))?.code }).toEqual({ who, e: 'FORBIDDEN' });
    // analysts: a bare count, answered null
    const bare = await h.request('query($t: String!) { householdsNotVisited(townshipCode: $t, first: 0) { totalCount } }', { t: T2 }, { role: 'analyst' });
    expect(bare).toMatchObject({ data: { householdsNotVisited: { totalCount: null } } });
    expect(bare.errors).toBeUndefined();
    // by village: V3's households before V4's
    const byVillage = await h.request('query($t: String!) { householdsNotVisited(townshipCode: $t, orderBy: { field: VILLAGE, direction: ASC }) { edges { node { household { id } } } } }', { t: T2 }, cw);
    expect(byVillage.data.householdsNotVisited.edges.map((e: { node: { household: { id: string } } }) => e.node.household.id).at(-1)).toBe(dibaoOld);
    // withinDays for every household: 44 days makes the 45-day-old dibao visit due, and the tekun visits of 30 and 31 days ago count
    const within = await list(cw, { d: 44 });
    expect(within.totalCount).toBe(4);
    expect(rows(within).map((r) => r[0]).sort()).toEqual([tekunNever, dibaoOld, dibaoRecent, both].sort());
    expect(rows(within).every((r) => r[2] === 44)).toBe(true);
    expect((await list(cw, { d: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OUT_OF_RANGE' });
    // pages: 2 + 2, no repeats
    const p1 = await list(cw, { first: 2 });
    const p2 = await list(cw, { first: 2, after: p1.pageInfo.endCursor });
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect([...rows(p1), ...rows(p2)].map((r) => r[0]).sort()).toEqual(expected.map((r) => r[0]).sort());
    // a new visit takes a household off the list
    await visit(tekunNever, TODAY, cw);
    expect((await list(cw)).totalCount).toBe(3);
  });
});
