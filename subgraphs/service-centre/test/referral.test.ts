import { serviceCentre } from '../src/subgraph';
import { setTodayForTests as setToday } from '../src/modules/time-limit/today';
import { referralIdOf, verifyReferralTicket } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';
import { DEFAULT_REFERRAL_DEPARTMENTS, parseReferralDepartments, referredProgrammes } from '../src/modules/referral/referral.service';
import { buildServiceCentreSchema } from '../src/schema';

const SEED = 'service-centre-referrals';
const SIZE = 600;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
const SUBMIT = `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }`;
const ACCEPT = `mutation($i: AcceptApplicationInput!) { acceptApplication(input: $i) { id step } }`;
const REFERRAL = 'id department programme createdOn villageCode ticket application { id } applicant { id } township { code }';
const APP = `query($id: ID!) { application(id: $id) { id referrals { ${REFERRAL} } } }`;
const QUEUE = `query($f: ReferralFilter, $first: Int, $after: String) { referrals(filter: $f, first: $first, after: $after) { totalCount edges { node { id department programme createdOn } } pageInfo { hasNextPage endCursor } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Referral { id department programme } } }`;

const candidates = households.filter((h) => h.members.some((p) => p.status === 'ACTIVE' && p.age >= 18));

describe('referredProgrammes', () => {
  it('refers exactly the programmes of departments other than civil affairs and the service centre, in the order requested', () => {
    expect(referredProgrammes(['DIBAO', 'EDUCATION', 'TEMPORARY', 'MEDICAL', 'EDUCATION', 'VAGRANT', 'TEKUN'])).toEqual([
      { programme: 'EDUCATION', department: 'EDUCATION' },
      { programme: 'MEDICAL', department: 'MEDICAL_SECURITY' },
    ]);
    // only to the departments that decide referrals in AidGraph (REFERRAL_DEPARTMENTS): none to HUMAN_RESOURCES (no subgraph)
    expect(referredProgrammes(['HOUSING', 'EMPLOYMENT', 'LEGAL_AID', 'REHABILITATION', 'DISASTER', 'CHARITY']).map((r) => r.department)).toEqual([
      'HOUSING', 'JUSTICE', 'DISABLED_PERSONS_FEDERATION', 'EMERGENCY_MANAGEMENT', 'CHARITY_FEDERATION',
    ]);
  });

  it('reads REFERRAL_DEPARTMENTS: the seven deciding departments by default, every problem of a bad value listed', () => {
    expect(parseReferralDepartments(undefined)).toEqual({ departments: [...DEFAULT_REFERRAL_DEPARTMENTS], problems: [] });
    expect(DEFAULT_REFERRAL_DEPARTMENTS).not.toContain('HUMAN_RESOURCES');
    expect(parseReferralDepartments(' EDUCATION , HOUSING ')).toEqual({ departments: ['EDUCATION', 'HOUSING'], problems: [] });
    expect(parseReferralDepartments('EDUCATION,NOPE,CIVIL_AFFAIRS,FINANCE,EDUCATION').problems).toEqual([
      "REFERRAL_DEPARTMENTS: 'NOPE' is not a department code of programmes.json",
      "REFERRAL_DEPARTMENTS: 'CIVIL_AFFAIRS' decides in the application's own steps; it is never referred to",
      "REFERRAL_DEPARTMENTS: 'FINANCE' runs no programme of programmes.json",
      "REFERRAL_DEPARTMENTS: 'EDUCATION' is listed twice",
    ]);
    expect(parseReferralDepartments(' , ').problems).toEqual(['REFERRAL_DEPARTMENTS: no department listed']);
    const before = process.env.REFERRAL_DEPARTMENTS;
    try {
      process.env.REFERRAL_DEPARTMENTS = 'EDUCATION,BOGUS';
      expect(() => buildServiceCentreSchema()).toThrow(/REFERRAL_DEPARTMENTS: 'BOGUS' is not a department code/);
      process.env.REFERRAL_DEPARTMENTS = 'EDUCATION';
      expect(referredProgrammes(['MEDICAL', 'EDUCATION']).map((r) => r.programme)).toEqual(['EDUCATION']);
    } finally {
      if (before === undefined) delete process.env.REFERRAL_DEPARTMENTS;
      else process.env.REFERRAL_DEPARTMENTS = before;
    }
  });

  it('derives referral ids deterministically (UUID v5 of the application id and the programme)', () => {
    const a = '0b9f8a52-3c1d-4e7f-9a6b-2c4d6e8f0a1b';
    expect(referralIdOf(a, 'EDUCATION')).toBe(referralIdOf(a.toUpperCase(), 'EDUCATION'));
    expect(referralIdOf(a, 'EDUCATION')).not.toBe(referralIdOf(a, 'MEDICAL'));
    expect(referralIdOf(a, 'EDUCATION')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe.each(testDatabaseKinds())('service-centre referrals on %s', (kind) => {
  let h: SubgraphHarness;
  let free: typeof candidates;
  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, { seedSize: SIZE, seed: SEED });
    const seeded = new Set((await h.db.query('SELECT "householdId" FROM assistance_application')).map((r: { householdId: string }) => String(r.householdId)));
    free = candidates.filter((c) => !seeded.has(c.id));
  });
  afterAll(() => {
    setToday(null);
    return h?.close();
  });

  let next = 0;
  /** submit (at the window) and accept an application of a fresh household for `programmes` */
  async function accepted(programmes: string[], on = '2026-03-03') {
    const hh = free[next++];
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    const caseworker: TokenAs = { role: 'caseworker', township: hh.townshipCode };
    setToday('2026-03-02');
    const sub = await h.request(SUBMIT, { i: { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes } }, caseworker);
    expect(sub.errors).toBeUndefined();
    const id = sub.data.submitApplication.id;
    setToday(on);
    const acc = await h.request(ACCEPT, { i: { id, expectedVersion: 1, accepted: true } }, caseworker);
    expect(acc.errors).toBeUndefined();
    return { id, hh, p, caseworker };
  }

  it('refuses an application for a programme of a department that decides no referral here (PROGRAMME_NOT_HANDLED), storing nothing', async () => {
    const hh = free[next++];
    const p = hh.members.find((x) => x.status === 'ACTIVE' && x.age >= 18)!;
    const count = async () => Number((await h.db.query('SELECT COUNT(*) AS n FROM assistance_application'))[0].n);
    const before = await count();
    setToday('2026-03-02');
    const res = await h.request(SUBMIT, { i: { applicantId: p.id, householdId: hh.id, townshipCode: hh.townshipCode, villageCode: hh.villageCode, channel: 'WINDOW', commitment: { signedBy: 'APPLICANT' }, programmes: ['DIBAO', 'EMPLOYMENT'] } }, { role: 'caseworker', township: hh.townshipCode });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PROGRAMME_NOT_HANDLED', field: 'input.programmes[1]' });
    expect(res.errors?.[0].message).toMatch(/就业救助 \(EMPLOYMENT\).*市人力资源社会保障局 \(HUMAN_RESOURCES\)/);
    expect(await count()).toBe(before);
  });

  it('gives a village assistant of the application\'s village the application with no referrals (an empty list, not an error)', async () => {
    const a = await accepted(['DIBAO', 'EDUCATION']);
    const res = await h.request('query($id: ID!) { application(id: $id) { id referrals { id } } }', { id: a.id }, { role: 'village_assistant', village: a.hh.villageCode });
    expect(res.errors).toBeUndefined();
    expect(res.data.application).toEqual({ id: a.id, referrals: [] });
  });

  it('creates at acceptance one referral per programme another department runs, with a ticket for that department only', async () => {
    const a = await accepted(['DIBAO', 'EDUCATION', 'MEDICAL']);
    const read = await h.request(APP, { id: a.id }, { role: 'auditor' });
    expect(read.errors).toBeUndefined();
    const refs = read.data.application.referrals;
    expect(refs.map((r: { programme: string }) => r.programme).sort()).toEqual(['EDUCATION', 'MEDICAL']);
    for (const r of refs) {
      expect(r).toMatchObject({
        id: referralIdOf(a.id, r.programme), department: r.programme === 'EDUCATION' ? 'EDUCATION' : 'MEDICAL_SECURITY', createdOn: '2026-03-03',
        villageCode: a.hh.villageCode, ticket: null, application: { id: a.id }, applicant: { id: a.p.id }, township: { code: a.hh.townshipCode },
      });
    }
    // the department's officer gets the ticket, which verifies and names the referral and the department
    const officer = await h.request(APP, { id: a.id }, { role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' });
    expect(officer.data.application.referrals.every((r: { ticket: string | null }) => r.ticket === null)).toBe(true);
    const edu = await h.request(ENTITIES.replace('department programme', 'department programme ticket'), { r: [{ __typename: 'Referral', id: referralIdOf(a.id, 'EDUCATION') }] }, { role: 'department_officer', department: 'EDUCATION' });
    expect(edu.errors).toBeUndefined();
    const payload = verifyReferralTicket(edu.data._entities[0].ticket);
    expect(payload).toEqual({
      referralId: referralIdOf(a.id, 'EDUCATION'), applicationId: a.id, department: 'EDUCATION', programme: 'EDUCATION', applicantId: a.p.id,
      townshipCode: a.hh.townshipCode, createdOn: '2026-03-03', householdId: a.hh.id,
    });
    // each referral made is in the audit log, in the acceptance's entry (its writes: the referrals and the application)
    const writes: { personIds: string; detail: string }[] = await h.db.query(`SELECT "personIds", detail FROM audit_log WHERE kind = 'write'`);
    const referralWrites = writes.map((w) => JSON.parse(w.detail)).filter((d) => d.entity === 'Referral' && refs.some((r: { id: string }) => r.id === d.key));
    expect(referralWrites.sort((x, y) => (x.changes.programme[1] < y.changes.programme[1] ? -1 : 1))).toEqual(
      ['EDUCATION', 'MEDICAL'].map((programme) => ({
        entity: 'Referral', key: referralIdOf(a.id, programme), personId: a.p.id, action: 'create',
        changes: { applicationId: [null, a.id], department: [null, programme === 'EDUCATION' ? 'EDUCATION' : 'MEDICAL_SECURITY'], programme: [null, programme], createdOn: [null, '2026-03-03'] },
      })),
    );
    // an application of civil-affairs programmes only is referred nowhere
    const b = await accepted(['DIBAO', 'TEMPORARY']);
    expect((await h.request(APP, { id: b.id }, { role: 'auditor' })).data.application.referrals).toEqual([]);
    const rows = await h.db.query(`SELECT id FROM referral WHERE "applicationId" = '${b.id}'`);
    expect(rows).toEqual([]);
  });

  it('scopes the queue: a department its own referrals (whatever the filter), a township its own, the centre and auditors all; oldest first', async () => {
    const a = await accepted(['EDUCATION', 'HOUSING'], '2026-03-04');
    const b = await accepted(['EDUCATION', 'CHARITY'], '2026-03-05');
    const all: { id: string; department: string; townshipCode: string; createdOn: string }[] = (
      await h.db.query('SELECT id, department, "townshipCode", CAST("createdOn" AS VARCHAR(10)) AS "createdOn" FROM referral')
    ).map((r: { id: string; department: string; townshipCode: string; createdOn: string }) => ({ ...r, id: String(r.id) }));
    const order = (rows: typeof all) => [...rows].sort((x, y) => (x.createdOn < y.createdOn ? -1 : x.createdOn > y.createdOn ? 1 : x.id < y.id ? -1 : 1)).map((r) => r.id);
    const queue = async (as: TokenAs, f: Record<string, unknown> = {}) => {
      const res = await h.request(QUEUE, { f, first: 500 }, as);
      expect(res.errors).toBeUndefined();
      expect(res.data.referrals.totalCount).toBe(res.data.referrals.edges.length);
      return res.data.referrals.edges.map((e: { node: { id: string } }) => e.node.id);
    };
    expect(await queue({ role: 'auditor' })).toEqual(order(all));
    expect(await queue({ role: 'department_officer', department: 'SOCIAL_ASSISTANCE_CENTRE' })).toEqual(order(all));
    expect(await queue({ role: 'department_officer', department: 'CIVIL_AFFAIRS' }, { department: 'HOUSING' })).toEqual(order(all.filter((r) => r.department === 'HOUSING')));
    const education = await queue({ role: 'department_officer', department: 'EDUCATION' });
    expect(education).toEqual(order(all.filter((r) => r.department === 'EDUCATION')));
    expect(education).toEqual(expect.arrayContaining([referralIdOf(a.id, 'EDUCATION'), referralIdOf(b.id, 'EDUCATION')]));
    expect(await queue({ role: 'department_officer', department: 'EDUCATION' }, { department: 'HOUSING' })).toEqual([]);
    expect(await queue({ role: 'department_officer', department: 'EDUCATION' }, { programme: 'CHARITY' })).toEqual([]);
    expect(await queue(a.caseworker)).toEqual(order(all.filter((r) => r.townshipCode === a.hh.townshipCode)));
    expect(await queue({ role: 'township_approver', township: b.hh.townshipCode }, { programme: 'CHARITY' })).toEqual(
      order(all.filter((r) => r.townshipCode === b.hh.townshipCode && r.id.length && r.department === 'CHARITY_FEDERATION')),
    );
    expect(await queue({ role: 'village_assistant', village: a.hh.villageCode })).toEqual([]);
    expect(await queue({ role: 'auditor' }, { applicationStep: 'INVESTIGATION', township: a.hh.townshipCode })).toEqual(
      expect.arrayContaining([referralIdOf(a.id, 'EDUCATION'), referralIdOf(a.id, 'HOUSING')]),
    );
    expect(await queue({ role: 'auditor' }, { applicationStep: 'CLOSED', programme: 'HOUSING', township: a.hh.townshipCode })).not.toContain(referralIdOf(a.id, 'HOUSING'));
    // pages follow each other with the kit's cursors
    const first = await h.request(QUEUE, { first: 2 }, { role: 'auditor' });
    const rest = await h.request(QUEUE, { first: 500, after: first.data.referrals.pageInfo.endCursor }, { role: 'auditor' });
    expect([...first.data.referrals.edges, ...rest.data.referrals.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(order(all));
    // analysts get a bare count only, and it is null (counts come from the statistics queries)
    const count = await h.request('query { referrals { totalCount } }', {}, { role: 'analyst' });
    expect(all.length).toBeGreaterThan(0);
    expect(count.data.referrals.totalCount).toBeNull();
    const rows = await h.request(QUEUE, {}, { role: 'analyst' });
    expect(rows.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await h.request(QUEUE, { f: { department: 'NOPE' } }, { role: 'auditor' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_DEPARTMENT' });
  });

  it('resolves Referral entities for the callers who see them (another department\'s officer and another township get null)', async () => {
    const a = await accepted(['MEDICAL', 'LEGAL_AID'], '2026-03-06');
    const rep = [{ __typename: 'Referral', id: referralIdOf(a.id, 'MEDICAL') }, { __typename: 'Referral', id: referralIdOf(a.id, 'LEGAL_AID') }];
    const ids = async (as: TokenAs) => {
      const res = await h.request(ENTITIES, { r: rep }, as);
      expect(res.errors).toBeUndefined();
      return res.data._entities.map((e: { id: string } | null) => e?.id ?? null);
    };
    expect(await ids({ role: 'auditor' })).toEqual(rep.map((r) => r.id));
    expect(await ids({ role: 'department_officer', department: 'JUSTICE' })).toEqual([null, rep[1].id]);
    expect(await ids({ role: 'department_officer', department: 'MEDICAL_SECURITY' })).toEqual([rep[0].id, null]);
    expect(await ids(a.caseworker)).toEqual(rep.map((r) => r.id));
    const other = a.hh.townshipCode === '370281001' ? '370281002' : '370281001';
    expect(await ids({ role: 'caseworker', township: other })).toEqual([null, null]);
  });
});
