import crypto from 'node:crypto';
import { TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '@aidgraph/subgraph-kit/testing';
import { serviceCentre } from '../../subgraph';
import { AssistanceApplication } from '../application/application.entity';
import { addDays } from './calendar';
import { deadlineDetail } from './deadline';
import { setTodayForTests } from './today';

/**
 * The overdue list on a fixed clock, on every test database: applications inserted directly, the SQL condition
 * (overdue.ts) against deadlineOf in JavaScript over a grid of steps, dates, flags and programmes around the 2026
 * National Day holiday (10-01..07) and its adjusted working days (Sunday 09-20, Saturday 10-10).
 */

const T1 = TOWNSHIPS[0].code;
const T2 = TOWNSHIPS[1].code;
const STEPS = ['SUBMITTED', 'INVESTIGATION', 'VERIFICATION', 'PRELIMINARY_REVIEW', 'PUBLIC_NOTICE', 'CONFIRMED', 'NOT_ACCEPTED', 'REFUSED', 'CLOSED'];
const PROGRAMME_SETS = [['DIBAO'], ['TEMPORARY'], ['DIBAO', 'EDUCATION', 'MEDICAL'], ['TEKUN']];
const CENTRE = { role: 'department_officer' as const, department: 'SOCIAL_ASSISTANCE_CENTRE' };
const LIST = `query($f: OverdueApplicationFilter, $first: Int, $after: String) {
  overdueApplications(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id submittedOn step dueOn overdue workingDaysLeft timeLimit { kind workingDays countsFrom basis source programme urgent effectiveFrom } } }
  }
}`;

interface Row {
  id: string;
  townshipCode: string;
  villageCode: string | null;
  programmes: string[];
  step: string;
  urgent: boolean;
  specialCase: boolean;
  submittedOn: string;
  acceptedOn: string | null;
  stepEnteredOn: string;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
}

/** A deterministic grid of applications (ids from a counter, so the order by id is fixed too). */
function grid(): Row[] {
  const rows: Row[] = [];
  let n = 0;
  const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  for (let i = 0; i < 220; i++) {
    const step = STEPS[i % STEPS.length];
    const enteredOn = addDays('2026-10-12', -((i * 7) % 45));
    const acceptedOn = step === 'SUBMITTED' || step === 'NOT_ACCEPTED' ? null : addDays(enteredOn, -((i * 11) % 25));
    const submittedOn = addDays(acceptedOn ?? enteredOn, -(i % 3));
    const programmes = PROGRAMME_SETS[i % PROGRAMME_SETS.length];
    const notice = step === 'PUBLIC_NOTICE' && i % 4 !== 1; // some notices without their dates (fallback from stepEnteredOn)
    rows.push({
      id: id(),
      townshipCode: i % 5 === 0 ? T2 : T1,
      villageCode: null,
      programmes,
      step,
      urgent: programmes.includes('TEMPORARY') && i % 2 === 0,
      specialCase: i % 6 === 0,
      submittedOn,
      acceptedOn,
      stepEnteredOn: enteredOn,
      noticeStartsOn: notice ? enteredOn : null,
      noticeEndsOn: notice ? addDays(enteredOn, 6) : null,
    });
  }
  return rows;
}

function expectedOverdue(rows: Row[], today: string): Row[] {
  return rows
    .filter((r) => deadlineDetail({ ...r }, today).overdue)
    .sort((a, b) => a.submittedOn.localeCompare(b.submittedOn) || a.id.localeCompare(b.id));
}

describe.each(testDatabaseKinds())('overdueApplications on %s', (kind) => {
  let h: SubgraphHarness;
  const rows = grid();
  // named cases: submitted Wednesday 09-30, acceptance due Saturday 10-10 (an adjusted working day)
  const dueSaturday: Row = { ...rows[0], id: 'aaaaaaaa-0000-4000-8000-000000000001', townshipCode: T1, programmes: ['DIBAO'], step: 'SUBMITTED', urgent: false, specialCase: false, submittedOn: '2026-09-30', acceptedOn: null, stepEnteredOn: '2026-09-30', noticeStartsOn: null, noticeEndsOn: null };
  // investigation entered on 10-09 (its own limit far away), accepted 09-07 (Mid-Autumn 09-25..27 and National Day off): the whole process (due Saturday 10-10) is what runs out
  const wholeOnly: Row = { ...dueSaturday, id: 'aaaaaaaa-0000-4000-8000-000000000002', step: 'INVESTIGATION', submittedOn: '2026-09-04', acceptedOn: '2026-09-07', stepEnteredOn: '2026-10-09' };
  const wholeSpecial: Row = { ...wholeOnly, id: 'aaaaaaaa-0000-4000-8000-000000000003', specialCase: true };
  const all = [...rows, dueSaturday, wholeOnly, wholeSpecial];

  beforeAll(async () => {
    h = await startSubgraphHarness(serviceCentre, kind, {});
    const repo = h.db.getRepository(AssistanceApplication);
    for (let i = 0; i < all.length; i += 50)
      await repo.insert(all.slice(i, i + 50).map((r) => repo.create({
        ...r,
        applicantId: crypto.randomUUID(),
        householdId: null,
        channel: 'WINDOW',
        takenBy: 'test-caseworker',
        version: 1,
      } as Partial<AssistanceApplication>)));
  });
  afterAll(async () => {
    setTodayForTests(null);
    await h?.close();
  });

  async function list(as: Parameters<SubgraphHarness['request']>[2], f: Record<string, unknown> | null = null, pageSize = 40) {
    const out: any[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 50; page++) {
      const r: any = await h.request(LIST, { f, first: pageSize, after }, as);
      if (r.errors) return { errors: r.errors, nodes: out, total };
      total = r.data.overdueApplications.totalCount;
      out.push(...r.data.overdueApplications.edges.map((e: any) => e.node));
      if (!r.data.overdueApplications.pageInfo.hasNextPage) break;
      after = r.data.overdueApplications.pageInfo.endCursor;
    }
    return { errors: undefined, nodes: out, total };
  }

  it('the named cases: due on an adjusted working day (not overdue that day, overdue the next), the whole process vs a special case', () => {
    expect(deadlineDetail(dueSaturday, '2026-10-10')).toMatchObject({ dueOn: '2026-10-10', overdue: false, workingDaysLeft: 0 });
    expect(deadlineDetail(dueSaturday, '2026-10-11')).toMatchObject({ overdue: true, workingDaysLeft: -1 });
    const whole = deadlineDetail(wholeOnly, '2026-10-12');
    expect(whole).toMatchObject({ dueOn: '2026-10-10', overdue: true, limit: 'WHOLE_PROCESS' });
    expect(whole.stepLimit!.dueOn > '2026-10-12').toBe(true);
    // a special case: 30 working days (due 10-23), so the step's own limit (7 from 10-09: 10-19) comes first
    const special = deadlineDetail(wholeSpecial, '2026-10-12');
    expect(special).toMatchObject({ dueOn: '2026-10-19', overdue: false, limit: 'STEP' });
    expect(special.wholeProcess).toMatchObject({ dueOn: '2026-10-23', kind: 'WHOLE_PROCESS_SPECIAL_CASE', workingDays: 30 });
  });

  it.each(['2026-10-10', '2026-10-11', '2026-10-12', '2026-09-21', '2026-11-02'])('lists exactly the overdue applications, oldest first, on %s', async (today) => {
    setTodayForTests(today);
    const want = expectedOverdue(all, today);
    expect(want.length).toBeGreaterThan(5);
    const got = await list({ role: 'auditor' });
    expect(got.errors).toBeUndefined();
    expect(got.total).toBe(want.length);
    expect(got.nodes.map((n) => n.id)).toEqual(want.map((r) => r.id));
    for (const n of got.nodes) {
      const d = deadlineDetail(all.find((r) => r.id === n.id)!, today);
      expect(n).toMatchObject({ overdue: true, dueOn: d.dueOn, workingDaysLeft: d.workingDaysLeft });
      expect(n.workingDaysLeft).toBeLessThan(0);
      expect(n.timeLimit).toMatchObject({ kind: d.limit, workingDays: d.applied!.workingDays, basis: d.applied!.basis });
    }
    const ids = new Set(got.nodes.map((n) => n.id));
    expect(ids.has(dueSaturday.id)).toBe(today > '2026-10-10');
    if (today === '2026-10-12') {
      expect(ids.has(wholeOnly.id)).toBe(true);
      expect(ids.has(wholeSpecial.id)).toBe(false);
    }
  });

  it('filters by township, step and programme; staff of a township see their own only', async () => {
    setTodayForTests('2026-10-12');
    const want = expectedOverdue(all, '2026-10-12');
    const t2 = await list({ role: 'auditor' }, { township: T2 });
    expect(t2.nodes.map((n) => n.id)).toEqual(want.filter((r) => r.townshipCode === T2).map((r) => r.id));
    const inv = await list(CENTRE, { step: 'INVESTIGATION', programme: 'EDUCATION' });
    expect(inv.errors).toBeUndefined();
    const invWant = want.filter((r) => r.step === 'INVESTIGATION' && r.programmes.includes('EDUCATION'));
    expect(invWant.length).toBeGreaterThan(0);
    expect(inv.nodes.map((n) => n.id)).toEqual(invWant.map((r) => r.id));
    for (const role of ['caseworker', 'township_approver'] as const) {
      const own = await list({ role, township: T1 }, null, 25);
      expect(own.nodes.map((n) => n.id)).toEqual(want.filter((r) => r.townshipCode === T1).map((r) => r.id));
      const other = await list({ role, township: T1 }, { township: T2 });
      expect(other.nodes).toEqual([]);
    }
  });

  it('shows the time-limit fields on any application; none in a finished step', async () => {
    setTodayForTests('2026-10-12');
    const q = `query($f: OverdueApplicationFilter) { overdueApplications(filter: $f, first: 1) { edges { node { id dueOn overdue workingDaysLeft timeLimit { kind countsFrom source } } } } }`;
    const r = await h.request(q, { f: { step: 'PUBLIC_NOTICE' } }, { role: 'auditor' });
    expect(r.errors).toBeUndefined();
    const node = r.data.overdueApplications.edges[0].node;
    expect(['NOTICE_CONFIRMATION', 'WHOLE_PROCESS', 'WHOLE_PROCESS_SPECIAL_CASE']).toContain(node.timeLimit.kind);
    const finished = await h.request(LIST, { f: { step: 'CONFIRMED' } }, { role: 'auditor' });
    expect(finished.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.step', reason: 'FINISHED_STEP' });
  });

  it('refuses other roles and bad filters with clear codes', async () => {
    setTodayForTests('2026-10-12');
    for (const who of [{ role: 'analyst' as const }, { role: 'department_officer' as const, department: 'EDUCATION' }, { role: 'village_assistant' as const, village: `${T1}001` }]) {
      const r = await h.request(LIST, { f: null, first: 5 }, who);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.data?.overdueApplications ?? null).toBeNull();
    }
    const bad = await h.request(LIST, { f: { township: '370281999' } }, { role: 'auditor' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.township', reason: 'UNKNOWN_TOWNSHIP' });
    const prog = await h.request(LIST, { f: { programme: 'NOPE' } }, { role: 'auditor' });
    expect(prog.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.programme', reason: 'UNKNOWN_PROGRAMME' });
    // a cursor given to the auditor is refused to a caseworker (sealed, bound to the caller)
    const first = await h.request(LIST, { f: null, first: 1 }, { role: 'auditor' });
    const stolen = await h.request(LIST, { f: null, first: 1, after: first.data.overdueApplications.pageInfo.endCursor }, { role: 'caseworker', township: T1 });
    expect(stolen.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_CURSOR' });
  });
});
