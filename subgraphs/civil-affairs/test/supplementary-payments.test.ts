import { civilAffairs } from '../src/subgraph';
import { PaymentBatch, PaymentLine } from '../src/modules/fund/fund.entity';
import { inForceForMonth, personPaidForMonth } from '../src/modules/fund/fund.rules';
import { monthsUpTo } from '../src/seed/payments';
import { makeIdNumber, TOWNSHIPS } from '@aidgraph/subgraph-kit';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * The payment batches as the one source of what civil affairs paid (issue 10 item 4): the seeded demo's regular batches
 * follow the rule; a supplementary batch (补发) pays exactly who the month's batches left out, once; the public fund use,
 * the spending and an enrolment's paidSince are the lines. On the seeded population (kept), with crafted late enrolments.
 */
const SEED = 'civil-affairs-supplementary';
const SIZE = 400;
const TODAY = '2026-11-30';
const CA: TokenAs = { role: 'department_officer', department: 'CIVIL_AFFAIRS' };
const AUDITOR: TokenAs = { role: 'auditor' };
const isoDate = (v: any): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60000).toISOString().slice(0, 10));
const fen = (y: string | number) => Math.round(Number(y) * 100);
const yuan = (f: number) => (f / 100).toFixed(2);

const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id members { id name } } }`;
const ENROL = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`;
const BATCH = `mutation($i: GeneratePaymentBatchInput!) { generatePaymentBatch(input: $i) { id kind sequence month lineCount totalAmount } }`;
const SUPPLEMENT = `mutation($i: GeneratePaymentBatchInput!) { generateSupplementaryPaymentBatch(input: $i) { id kind sequence month lineCount totalAmount } }`;
const FUND_USE = `{ civilAffairsFundUse(year: 2026) { exact cells { programme township month recipients amount suppressed } } }`;
const SPENDING = `query($t: String) { fundSpending(year: 2026, programme: DIBAO, townshipCode: $t) { paid months { month paid recipients } } }`;
const PAID_SINCE = `query($id: ID!, $d: String!) { person(id: $id) { enrolments { programme paidSince(date: $d) } } }`;

const answers: Record<string, unknown[]> = {};

describe.each(testDatabaseKinds())('payment batches as the source of what was paid, on %s', (kind) => {
  let h: SubgraphHarness;
  const saved = process.env.AIDGRAPH_TODAY;
  const out: unknown[] = [];
  answers[kind] = out;
  let T: string;
  let V: string;
  let seq = 100;

  beforeAll(async () => {
    process.env.AIDGRAPH_TODAY = TODAY;
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
    // the township with the most DIBAO lines in October, and one of its villages
    const [top] = await h.db.query(`SELECT "townshipCode" AS t, COUNT(*) AS n FROM payment_line WHERE "programme" = 'DIBAO' AND "month" = '2026-10' GROUP BY "townshipCode" ORDER BY COUNT(*) DESC, "townshipCode" LIMIT 1`);
    T = top.t;
    V = (await h.db.query(`SELECT "code" FROM village WHERE "townshipCode" = '${T}' ORDER BY "code" LIMIT 1`))[0].code;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AIDGRAPH_TODAY;
    else process.env.AIDGRAPH_TODAY = saved;
    await h?.close();
  });

  /** A new household in T whose members are enrolled in DIBAO from the given dates; the person ids. */
  async function lateEnrolments(enrolments: { start: string; amount: string }[]): Promise<string[]> {
    const r = await h.request(REGISTER, {
      i: { townshipCode: T, villageCode: V, reason: '申请低保', members: enrolments.map((_, i) => ({ name: `补发${seq}${'甲乙丙丁'[i]}`, idNumber: makeIdNumber('370281', `1960-0${i + 1}-11`, 2 * seq++ + 1), relationToHead: i === 0 ? 'HEAD' : 'OTHER' })) },
    }, { role: 'caseworker', township: T });
    expect(r.errors).toBeUndefined();
    const ids: string[] = r.data.registerHousehold.members.map((m: any) => m.id);
    for (const [i, e] of enrolments.entries()) {
      const x = await h.request(ENROL, { i: { personId: ids[i], programme: 'DIBAO', startDate: e.start, amount: e.amount } }, { role: 'caseworker', township: T });
      expect(x.errors).toBeUndefined();
    }
    return ids;
  }

  const lineKeys = async () => (await h.db.query('SELECT "programme", "month", "personId" FROM payment_line')).map((l: any) => `${l.programme}/${l.month}/${l.personId}`);
  const fundUse = async () => {
    const r = await h.request(FUND_USE, undefined, AUDITOR);
    expect(r.errors).toBeUndefined();
    expect(r.data.civilAffairsFundUse.exact).toBe(true);
    return new Map<string, { recipients: number; amount: string }>(r.data.civilAffairsFundUse.cells.map((c: any) => [`${c.programme}/${c.township}/${c.month}`, { recipients: c.recipients, amount: c.amount }]));
  };
  const spending = async () => {
    const r = await h.request(SPENDING, { t: T }, CA);
    expect(r.errors).toBeUndefined();
    return r.data.fundSpending[0] as { paid: string; months: { month: string; paid: string; recipients: number }[] };
  };

  it('the demo seed makes the regular batches of the 12 months up to the clock, their lines by the rule, and the fund use is the lines', async () => {
    const months = monthsUpTo(TODAY, 12);
    expect(months[0]).toBe('2025-12');
    expect(months[11]).toBe('2026-11');
    const batches = await h.db.getRepository(PaymentBatch).find({ order: { programme: 'ASC', month: 'ASC' } });
    expect(batches.map((b) => `${b.programme}/${b.month}/${b.kind}/${b.sequence}`)).toEqual(
      ['DIBAO', 'TEKUN'].flatMap((p) => months.map((m) => `${p}/${m}/REGULAR/1`)),
    );
    // the rule (fund.rules.ts), from the seeded rows: the latest-starting enrolment in force on the first day, person alive on it
    const persons = new Map<string, { status: string; statusDate: string | null }>(
      (await h.db.query('SELECT "id", "status", "statusDate" FROM person')).map((p: any) => [p.id, { status: p.status, statusDate: isoDate(p.statusDate) }]),
    );
    const enrolments = (await h.db.query(`SELECT "id", "personId", "programme", "status", "startDate", "endDate", "amount", "townshipCode" FROM enrolment WHERE "programme" IN ('DIBAO', 'TEKUN') AND "amountPeriod" = 'MONTHLY' AND "status" <> 'SUSPENDED'`))
      .map((e: any) => ({ ...e, startDate: isoDate(e.startDate)!, endDate: isoDate(e.endDate) }));
    const expected = new Set<string>();
    for (const programme of ['DIBAO', 'TEKUN'])
      for (const month of months) {
        const best = new Map<string, any>();
        for (const e of enrolments) {
          if (e.programme !== programme || !inForceForMonth(e.startDate, e.endDate, month)) continue;
          const p = persons.get(e.personId)!;
          if (!personPaidForMonth(p.status, p.statusDate, month)) continue;
          const b = best.get(e.personId);
          if (!b || e.startDate > b.startDate || (e.startDate === b.startDate && e.id < b.id)) best.set(e.personId, e);
        }
        // (the raw column is in fen)
        for (const e of best.values()) expected.add(`${programme}/${month}/${e.personId}/${e.id}/${e.townshipCode}/${Number(e.amount)}`);
      }
    const lines = await h.db.getRepository(PaymentLine).find();
    const got = lines.map((l) => `${l.programme}/${l.month}/${l.personId}/${l.enrolmentId}/${l.townshipCode}/${fen(l.amount)}`);
    expect(got.length).toBeGreaterThan(12 * 10);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(expected);
    // each batch's totals are its lines'
    for (const b of batches) {
      const own = lines.filter((l) => l.batchId === b.id);
      expect({ b: b.id, n: b.lineCount, total: b.totalAmount }).toEqual({ b: b.id, n: own.length, total: yuan(own.reduce((s, l) => s + fen(l.amount), 0)) });
    }
    // the exact fund use of DIBAO and TEKUN is the lines, cell by cell (months of 2026 up to November)
    const use = await fundUse();
    const byCell = new Map<string, { people: Set<string>; fen: number }>();
    for (const l of lines) {
      if (!l.month.startsWith('2026')) continue;
      const k = `${l.programme}/${l.townshipCode}/${l.month}`;
      const c = byCell.get(k) ?? { people: new Set<string>(), fen: 0 };
      c.people.add(l.personId);
      c.fen += fen(l.amount);
      byCell.set(k, c);
    }
    // the full grid: every township and month of DIBAO and TEKUN is a cell, 0 where no line paid anyone
    const monthly = [...use.entries()].filter(([k]) => k.startsWith('DIBAO/') || k.startsWith('TEKUN/'));
    expect(monthly).toHaveLength(2 * TOWNSHIPS.length * 11);
    expect(new Map(monthly.filter(([, c]) => c.recipients > 0))).toEqual(new Map([...byCell].map(([k, c]) => [k, { recipients: c.people.size, amount: yuan(c.fen) }])));
    expect(monthly.filter(([k]) => !byCell.has(k)).every(([, c]) => c.recipients === 0 && c.amount === '0.00')).toBe(true);
    out.push(lines.length, batches.map((b) => b.totalAmount));
  });

  it('a supplementary batch pays exactly the late enrolments; fund use and spending change by exactly it; re-runs change nothing; paidSince is the lines', async () => {
    const [a, b] = await lateEnrolments([{ start: '2026-09-01', amount: '456.78' }, { start: '2026-10-15', amount: '321.09' }]);
    const useBefore = await fundUse();
    const spendBefore = await spending();
    const linesBefore = await h.db.getRepository(PaymentLine).count();

    // the regular batch of October, re-run: the seeded one, unchanged (it does not pay the late enrolment)
    const october = (await h.db.getRepository(PaymentBatch).findOneByOrFail({ programme: 'DIBAO' as never, month: '2026-10', sequence: 1 }));
    const rerun = await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-10', idempotencyKey: 'regular-october-rerun' } }, CA);
    expect(rerun.data.generatePaymentBatch).toEqual({ id: october.id, kind: 'REGULAR', sequence: 1, month: '2026-10', lineCount: october.lineCount, totalAmount: october.totalAmount });
    expect(await h.db.getRepository(PaymentLine).count()).toBe(linesBefore);

    // refusals, nothing written: other roles FORBIDDEN, a month without a regular batch CONFLICT, TEMPORARY NOT_MONTHLY
    for (const as of [{ role: 'caseworker', township: T } as TokenAs, AUDITOR, { role: 'department_officer', department: 'EDUCATION' } as TokenAs])
      expect((await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-10' } }, as)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2025-11' } }, CA)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_REGULAR_BATCH' });
    expect((await h.request(SUPPLEMENT, { i: { programme: 'TEMPORARY', month: '2026-10' } }, CA)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_MONTHLY' });
    expect((await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-12' } }, CA)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_OUT_OF_RANGE' });
    expect(await h.db.getRepository(PaymentLine).count()).toBe(linesBefore);
    expect(await h.db.getRepository(PaymentBatch).count()).toBe(24);

    // 补发 October: a alone (b starts on the 15th: from November)
    const supp = await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-10', idempotencyKey: 'supplement-october-1' } }, CA);
    expect(supp.errors).toBeUndefined();
    const batch = supp.data.generateSupplementaryPaymentBatch;
    expect(batch).toMatchObject({ kind: 'SUPPLEMENTARY', sequence: 2, month: '2026-10', lineCount: 1, totalAmount: '456.78' });
    expect((await h.db.getRepository(PaymentLine).findBy({ batchId: batch.id })).map((l) => [l.personId, l.amount, l.townshipCode])).toEqual([[a, '456.78', T]]);
    // the retry answers the same batch; another call finds nobody due: null, nothing written
    expect((await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-10', idempotencyKey: 'supplement-october-1' } }, CA)).data.generateSupplementaryPaymentBatch).toEqual(batch);
    const seqBefore = Number((await h.db.query('SELECT MAX(seq) AS s FROM audit_log'))[0].s);
    const none = await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-10', idempotencyKey: 'supplement-october-2' } }, CA);
    expect(none.errors).toBeUndefined();
    expect(none.data.generateSupplementaryPaymentBatch).toBeNull();
    expect(Number((await h.db.query(`SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'write' AND seq > ${seqBefore}`))[0].n)).toBe(0);
    expect(await h.db.getRepository(PaymentBatch).countBy({ programme: 'DIBAO' as never, month: '2026-10' })).toBe(2);
    expect(await h.db.getRepository(PaymentLine).count()).toBe(linesBefore + 1);
    // the regular batch re-run still changes nothing
    expect((await h.request(BATCH, { i: { programme: 'DIBAO', month: '2026-10' } }, CA)).data.generatePaymentBatch.id).toBe(october.id);

    // fund use and spending: October's DIBAO cell of T grows by exactly a's line; every other cell is unchanged
    const useAfter = await fundUse();
    const k = `DIBAO/${T}/2026-10`;
    const was = useBefore.get(k)!;
    expect(useAfter.get(k)).toEqual({ recipients: was.recipients + 1, amount: yuan(fen(was.amount) + 45678) });
    expect(new Map([...useAfter].filter(([x]) => x !== k))).toEqual(new Map([...useBefore].filter(([x]) => x !== k)));
    const spendAfter = await spending();
    expect(fen(spendAfter.paid) - fen(spendBefore.paid)).toBe(45678);
    const oct = (s: typeof spendAfter) => s.months.find((m) => m.month === '2026-10')!;
    expect(oct(spendAfter)).toEqual({ month: '2026-10', paid: yuan(fen(oct(spendBefore).paid) + 45678), recipients: oct(spendBefore).recipients + 1 });
    expect(oct(spendAfter)).toEqual({ month: '2026-10', paid: useAfter.get(k)!.amount, recipients: useAfter.get(k)!.recipients });

    // September and November: a in both, b in November
    const sep = (await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-09', idempotencyKey: 'supplement-september-1' } }, CA)).data.generateSupplementaryPaymentBatch;
    expect(sep).toMatchObject({ sequence: 2, lineCount: 1, totalAmount: '456.78' });
    const nov = (await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-11', idempotencyKey: 'supplement-november-1' } }, CA)).data.generateSupplementaryPaymentBatch;
    expect(nov).toMatchObject({ sequence: 2, lineCount: 2, totalAmount: '777.87' });
    // a supplementary batch is seen by the caseworkers of the townships it pays in, not by another township's (it would
    // tell that someone there was paid late that month); regular batches by all
    const other = { role: 'caseworker', township: T === '370281001' ? '370281004' : '370281001' } as TokenAs;
    const BATCH_BY_ID = `query($id: ID!) { paymentBatch(id: $id) { id kind } }`;
    const LIST = `query { paymentBatches(programme: DIBAO, year: 2026, first: 100) { edges { node { id kind month } } } }`;
    expect((await h.request(BATCH_BY_ID, { id: nov.id }, { role: 'caseworker', township: T })).data.paymentBatch).toEqual({ id: nov.id, kind: 'SUPPLEMENTARY' });
    expect((await h.request(BATCH_BY_ID, { id: nov.id }, other)).data.paymentBatch).toBeNull();
    expect((await h.request(BATCH_BY_ID, { id: october.id }, other)).data.paymentBatch).toEqual({ id: october.id, kind: 'REGULAR' });
    const listed = async (as: TokenAs) => (await h.request(LIST, undefined, as)).data.paymentBatches.edges.map((e: any) => e.node);
    expect((await listed(other)).filter((b: any) => b.kind === 'SUPPLEMENTARY')).toEqual([]);
    expect((await listed(other)).filter((b: any) => b.kind === 'REGULAR')).toEqual((await listed(CA)).filter((b: any) => b.kind === 'REGULAR'));
    expect((await listed(CA)).filter((b: any) => b.kind === 'REGULAR')).toHaveLength(11);
    expect((await listed({ role: 'caseworker', township: T })).filter((b: any) => b.kind === 'SUPPLEMENTARY').map((b: any) => b.month).sort()).toEqual(['2026-09', '2026-10', '2026-11']);
    expect((await listed(CA)).filter((b: any) => b.kind === 'SUPPLEMENTARY')).toHaveLength(3);

    // a person is never paid twice for a month: the lines' (programme, month, person) are distinct
    const keys = await lineKeys();
    expect(new Set(keys).size).toBe(keys.length);
    await expect(h.db.getRepository(PaymentLine).insert({ id: '00000000-0000-4000-8000-0000000000aa', batchId: nov.id, programme: 'DIBAO' as never, month: '2026-11', personId: a, enrolmentId: a, townshipCode: T, amount: '1.00' })).rejects.toThrow();

    // paidSince: the lines of the months after the date's month (a: September, October, November)
    const paidSince = async (id: string, d: string, as: TokenAs = CA) => {
      const r = await h.request(PAID_SINCE, { id, d }, as);
      return r.errors ? r.errors[0].extensions?.code : r.data.person.enrolments.map((e: any) => e.paidSince);
    };
    expect(await paidSince(a, '2026-08-31')).toEqual(['1370.34']);
    expect(await paidSince(a, '2026-09-01')).toEqual(['913.56']);
    expect(await paidSince(a, '2026-10-31')).toEqual(['456.78']);
    expect(await paidSince(a, '2026-11-01')).toEqual(['0.00']);
    expect(await paidSince(b, '2026-01-01', { role: 'caseworker', township: T })).toEqual(['321.09']);
    expect(await paidSince(a, '2026-13-01')).toBe('BAD_USER_INPUT');
    // a month that is not one: the same reason in fund use and in the batches
    expect((await h.request(`{ civilAffairsFundUse(month: "2026-13") { months } }`, undefined, CA)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_MONTH' });
    expect((await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-13' } }, CA)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_MONTH' });
    // class income: FORBIDDEN to other departments' officers
    expect(await paidSince(a, '2026-08-31', { role: 'department_officer', department: 'EDUCATION' })).toBe('FORBIDDEN');
    out.push(batch.totalAmount, nov.totalAmount, fen(spendAfter.paid) - fen(spendBefore.paid));
  });

  it('concurrent supplementary calls for one month make one batch; a person is paid once', async () => {
    const [c] = await lateEnrolments([{ start: '2026-06-01', amount: '288.00' }]);
    const calls = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-07', idempotencyKey: `concurrent-july-${i}` } }, CA)));
    for (const r of calls) expect(r.errors).toBeUndefined();
    const made = calls.map((r) => r.data.generateSupplementaryPaymentBatch).filter((x) => x !== null);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ kind: 'SUPPLEMENTARY', sequence: 2, lineCount: 1, totalAmount: '288.00' });
    expect(await h.db.getRepository(PaymentBatch).countBy({ programme: 'DIBAO' as never, month: '2026-07' })).toBe(2);
    expect((await h.db.getRepository(PaymentLine).findBy({ programme: 'DIBAO' as never, month: '2026-07', personId: c })).length).toBe(1);
    // a second supplementary batch of the month once another late enrolment is recorded: sequence 3
    await lateEnrolments([{ start: '2026-07-01', amount: '100.50' }]);
    // the retry of a call that paid nobody answers null again, though someone is due now (the key's first answer)
    const emptyKey = calls.findIndex((r) => r.data.generateSupplementaryPaymentBatch === null);
    const retried = await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-07', idempotencyKey: `concurrent-july-${emptyKey}` } }, CA);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.generateSupplementaryPaymentBatch).toBeNull();
    expect(await h.db.getRepository(PaymentBatch).countBy({ programme: 'DIBAO' as never, month: '2026-07' })).toBe(2);
    const third = (await h.request(SUPPLEMENT, { i: { programme: 'DIBAO', month: '2026-07' } }, CA)).data.generateSupplementaryPaymentBatch;
    expect(third).toMatchObject({ sequence: 3, lineCount: 1, totalAmount: '100.50' });
    const keys = await lineKeys();
    expect(new Set(keys).size).toBe(keys.length);
  });
});

afterAll(() => {
  const kinds = Object.keys(answers);
  for (const k of kinds.slice(1)) expect(answers[k]).toEqual(answers[kinds[0]]);
});
