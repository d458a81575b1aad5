import { startWithCraftedEnrolments } from './support/crafted-enrolments';
import { Enrolment } from '../src/modules/enrolment/enrolment.entity';
import { EXCLUSIVE_PROGRAMMES } from '../src/modules/enrolment/enrolment.service';
import { PaymentLine } from '../src/modules/fund/fund.entity';
import { bornByMonth, EXCLUSIVE_MONTHLY } from '../src/modules/fund/fund.rules';
import { makeIdNumber, periodsOverlap } from '@aidgraph/subgraph-kit';
import { generatePopulation, generateVillages } from '@aidgraph/population';
import { testDatabaseKinds, type SubgraphHarness, type TokenAs } from '@aidgraph/subgraph-kit/testing';

/**
 * Enrolment periods (review findings): an enrolment may not overlap, in its dates, another enrolment of the same person
 * in the same programme (ALREADY_ENROLLED) or the exclusive one (EXCLUSIVE_PROGRAMMES: DIBAO vs TEKUN), whatever runs
 * today; it may not start before the person's birth (BEFORE_BIRTH); and the payment batches, as defence in depth, pay no
 * month before the birth and no DIBAO and TEKUN line of one person for one month. Crafted enrolments only (the seeded
 * ones and the demo batches are removed); legacy rows the writes now refuse are made with SQL.
 */
const SEED = 'civil-affairs-enrolment-periods';
const SIZE = 20;
const seeded = generatePopulation({ seed: SEED, size: SIZE }).households.flatMap((h) => h.members);
const T = seeded[0].townshipCode;
const V = generateVillages(SEED).find((v) => v.townshipCode === T)!.code;
const TODAY = '2026-11-30';
const CW: TokenAs = { role: 'caseworker', township: T };
const CA: TokenAs = { role: 'department_officer', department: 'CIVIL_AFFAIRS' };

const REGISTER = `mutation($i: RegisterHouseholdInput!) { registerHousehold(input: $i) { id members { id name } } }`;
const ENROL = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id programme status startDate endDate } }`;
const END = `mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate version } }`;
const BATCH = `mutation($i: GeneratePaymentBatchInput!) { generatePaymentBatch(input: $i) { id lineCount } }`;
const SUPPLEMENT = `mutation($i: GeneratePaymentBatchInput!) { generateSupplementaryPaymentBatch(input: $i) { id lineCount } }`;

let seq = 350;
const answers: Record<string, unknown[]> = {};

describe('enrolment period rules (pure)', () => {
  it('overlap is inclusive and an open end is unbounded; DIBAO and TEKUN exclude each other, MARGINAL and TEMPORARY nothing else', () => {
    expect(periodsOverlap({ startDate: '2025-09-15', endDate: null }, { startDate: '2022-01-01', endDate: '2025-09-15' })).toBe(true);
    expect(periodsOverlap({ startDate: '2025-09-16', endDate: null }, { startDate: '2022-01-01', endDate: '2025-09-15' })).toBe(false);
    expect(periodsOverlap({ startDate: '2025-08-01', endDate: '2025-08-31' }, { startDate: '2022-01-01', endDate: null })).toBe(true);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2021-12-31' }, { startDate: '2022-01-01', endDate: null })).toBe(false);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: null }, { startDate: '2030-01-01', endDate: null })).toBe(true);
    expect(EXCLUSIVE_PROGRAMMES).toEqual({ DIBAO: ['TEKUN'], TEKUN: ['DIBAO'], MARGINAL: [], TEMPORARY: [] });
    expect(EXCLUSIVE_MONTHLY).toEqual({ DIBAO: ['TEKUN'], TEKUN: ['DIBAO'] });
    expect(bornByMonth('2025-08-10', '2025-08')).toBe(false);
    expect(bornByMonth('2025-08-10', '2025-09')).toBe(true);
    expect(bornByMonth('2025-08-01', '2025-08')).toBe(true);
  });
});

describe.each(testDatabaseKinds())('enrolment periods and the batches on %s', (kind) => {
  let h: SubgraphHarness;
  let close: () => Promise<void>;
  const out: unknown[] = [];
  answers[kind] = out;
  const p: Record<string, string> = {};

  async function person(name: string, birth: string): Promise<string> {
    const r = await h.request(REGISTER, {
      i: { townshipCode: T, villageCode: V, reason: '申请救助', members: [{ name, idNumber: makeIdNumber('370281', birth, 2 * seq++ + 1), relationToHead: 'HEAD' }] },
    }, CW);
    expect(r.errors).toBeUndefined();
    return r.data.registerHousehold.members[0].id;
  }
  const enrol = (personId: string, programme: string, startDate: string, amount: string) =>
    h.request(ENROL, { i: { personId, programme, startDate, amount } }, CW);
  async function enrolOk(personId: string, programme: string, startDate: string, amount: string) {
    const r = await enrol(personId, programme, startDate, amount);
    expect(r.errors).toBeUndefined();
    return r.data.recordEnrolment as { id: string };
  }
  const count = async (personId: string) => h.db.getRepository(Enrolment).countBy({ personId });
  const reason = (r: any) => ({ code: r.errors?.[0]?.extensions?.code, reason: r.errors?.[0]?.extensions?.reason, data: r.data?.recordEnrolment ?? r.data?.endEnrolment ?? null });
  const lines = async (personId: string) =>
    (await h.db.getRepository(PaymentLine).find({ where: { personId }, order: { month: 'ASC', programme: 'ASC' } })).map((l) => `${l.programme}/${l.month}`);

  beforeAll(async () => {
    // crafted enrolments only: the seeded population's enrolments and the demo's payment batches and lines are removed
    // (a batch then pays exactly what the tests enrol)
    ({ h, close } = await startWithCraftedEnrolments(kind, { seed: SEED, size: SIZE, today: TODAY }));
  });
  afterAll(async () => {
    await close?.();
  });

  it('refuses a DIBAO enrolment overlapping an ended TEKUN one (the reviewer\'s repro), and a TEKUN or DIBAO one overlapping its own kind', async () => {
    p.tekun = await person('张特困', '1950-03-03');
    const tekun = await enrolOk(p.tekun, 'TEKUN', '2022-01-01', '1000.00');
    const end = await h.request(END, { i: { enrolmentId: tekun.id, endDate: '2025-09-15' } }, CW);
    expect(end.errors).toBeUndefined();
    // TEKUN is no longer running today, but its period covers August and September 2025
    expect(reason(await enrol(p.tekun, 'DIBAO', '2025-08-01', '500.00'))).toEqual({ code: 'CONFLICT', reason: 'EXCLUSIVE_PROGRAMMES', data: null });
    // inclusive: its last day counts
    expect(reason(await enrol(p.tekun, 'DIBAO', '2025-09-15', '500.00'))).toEqual({ code: 'CONFLICT', reason: 'EXCLUSIVE_PROGRAMMES', data: null });
    // a second TEKUN in the ended one's period: the same programme
    expect(reason(await enrol(p.tekun, 'TEKUN', '2025-06-01', '1000.00'))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED', data: null });
    // nothing was written by the refused ones
    expect(await count(p.tekun)).toBe(1);
    // the day after its end: accepted
    const dibao = await enrolOk(p.tekun, 'DIBAO', '2025-09-16', '500.00');
    // and now the open DIBAO blocks a TEKUN starting later, or one that would have run into it
    expect(reason(await enrol(p.tekun, 'TEKUN', '2026-10-01', '1000.00'))).toEqual({ code: 'CONFLICT', reason: 'EXCLUSIVE_PROGRAMMES', data: null });
    expect(reason(await enrol(p.tekun, 'DIBAO', '2026-10-01', '500.00'))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED', data: null });
    // an enrolment ending before the other's start does not overlap it: a DIBAO ended, then a TEKUN after it
    const end2 = await h.request(END, { i: { enrolmentId: dibao.id, endDate: '2026-03-31' } }, CW);
    expect(end2.errors).toBeUndefined();
    expect(reason(await enrol(p.tekun, 'DIBAO', '2026-03-31', '500.00'))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED', data: null });
    await enrolOk(p.tekun, 'TEKUN', '2026-04-01', '1000.00');
    expect(await count(p.tekun)).toBe(3);
    out.push(await count(p.tekun));
  });

  it('keeps MARGINAL and TEMPORARY as they were: MARGINAL beside DIBAO (单人保), not two MARGINAL at once, TEMPORARY any time', async () => {
    p.single = await person('李单保', '1960-04-04');
    await enrolOk(p.single, 'DIBAO', '2026-01-01', '500.00');
    await enrolOk(p.single, 'MARGINAL', '2026-01-01', '0.00');
    expect(reason(await enrol(p.single, 'MARGINAL', '2026-06-01', '0.00'))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED', data: null });
    await enrolOk(p.single, 'TEMPORARY', '2026-05-01', '300.00');
    await enrolOk(p.single, 'TEMPORARY', '2026-05-01', '200.00');
    expect(await count(p.single)).toBe(4);
  });

  it('refuses an end date that lengthens a phase-out into an exclusive enrolment; a shorter one is taken', async () => {
    p.phase = await person('王渐退', '1970-05-05');
    const dibao = await enrolOk(p.phase, 'DIBAO', '2026-01-01', '500.00');
    // as a PHASE_OUT review leaves it: PHASING_OUT to the end of December
    await h.db.query(`UPDATE enrolment SET "status" = 'PHASING_OUT', "endDate" = '2026-12-31', "nextReviewDate" = NULL WHERE "id" = '${dibao.id}'`);
    expect(reason(await enrol(p.phase, 'TEKUN', '2026-12-31', '1000.00'))).toEqual({ code: 'CONFLICT', reason: 'EXCLUSIVE_PROGRAMMES', data: null });
    await enrolOk(p.phase, 'TEKUN', '2027-01-01', '1000.00');
    const longer = await h.request(END, { i: { enrolmentId: dibao.id, endDate: '2027-01-15' } }, CW);
    expect(reason(longer)).toEqual({ code: 'CONFLICT', reason: 'EXCLUSIVE_PROGRAMMES', data: null });
    const row = await h.db.getRepository(Enrolment).findOneByOrFail({ id: dibao.id });
    expect({ status: row.status, end: String(row.endDate).slice(0, 10), version: row.version }).toEqual({ status: 'PHASING_OUT', end: '2026-12-31', version: 1 });
    const shorter = await h.request(END, { i: { enrolmentId: dibao.id, endDate: '2026-12-15' } }, CW);
    expect(shorter.errors).toBeUndefined();
    expect(shorter.data.endEnrolment).toMatchObject({ status: 'ENDED', endDate: '2026-12-15', version: 2 });
  });

  it('refuses a start before the person\'s birth date (BEFORE_BIRTH) for every programme; the birth date itself is taken', async () => {
    p.baby = await person('赵婴', '2025-08-10');
    for (const [programme, amount] of [['DIBAO', '300.00'], ['TEKUN', '300.00'], ['MARGINAL', '0.00'], ['TEMPORARY', '300.00']]) {
      const r = await enrol(p.baby, programme, '2025-08-09', amount);
      expect({ ...reason(r), field: r.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', reason: 'BEFORE_BIRTH', data: null, field: 'input.startDate' });
    }
    expect(await count(p.baby)).toBe(0);
    const e = await enrolOk(p.baby, 'DIBAO', '2025-08-10', '300.00');
    // a legacy row starting before the birth (written before the check): the batch must not pay the months before it
    await h.db.query(`UPDATE enrolment SET "startDate" = '2025-07-01' WHERE "id" = '${e.id}'`);
  });

  it('the batches pay each month once across DIBAO and TEKUN and no month before the birth, legacy overlaps included', async () => {
    // a legacy overlap: DIBAO and TEKUN of one person from 2025-01-01 (the TEKUN row made for another person, then moved)
    p.legacy = await person('孙重叠', '1945-06-06');
    const other = await person('孙借用', '1946-07-07');
    await enrolOk(p.legacy, 'DIBAO', '2025-01-01', '500.00');
    const t = await enrolOk(other, 'TEKUN', '2025-01-01', '1000.00');
    await h.db.query(`UPDATE enrolment SET "personId" = '${p.legacy}' WHERE "id" = '${t.id}'`);

    const gen = async (q: string, programme: string, month: string) => {
      const r = await h.request(q, { i: { programme, month, idempotencyKey: `${kind}-${q === BATCH ? 'r' : 's'}-${programme}-${month}` } }, CA);
      expect(r.errors).toBeUndefined();
      return r.data;
    };
    // August: DIBAO first; September: TEKUN first (whichever is generated first pays a legacy overlap); October, November
    await gen(BATCH, 'DIBAO', '2025-08');
    await gen(BATCH, 'TEKUN', '2025-08');
    await gen(BATCH, 'TEKUN', '2025-09');
    await gen(BATCH, 'DIBAO', '2025-09');
    for (const m of ['2025-10', '2025-11']) for (const prog of ['DIBAO', 'TEKUN']) await gen(BATCH, prog, m);
    // a supplementary batch leaves the legacy overlap to the programme already paid
    expect((await gen(SUPPLEMENT, 'DIBAO', '2025-09')).generateSupplementaryPaymentBatch).toBeNull();
    expect((await gen(SUPPLEMENT, 'TEKUN', '2025-08')).generateSupplementaryPaymentBatch).toBeNull();

    // the reviewer's person: TEKUN to 2025-09-15 (paid August and September), DIBAO from 2025-09-16 (paid from October)
    expect(await lines(p.tekun)).toEqual(['TEKUN/2025-08', 'TEKUN/2025-09', 'DIBAO/2025-10', 'DIBAO/2025-11']);
    expect(await lines(p.legacy)).toEqual(['DIBAO/2025-08', 'TEKUN/2025-09', 'DIBAO/2025-10', 'DIBAO/2025-11']);
    // born 2025-08-10: not August (its first day is before the birth), from September
    expect(await lines(p.baby)).toEqual(['DIBAO/2025-09', 'DIBAO/2025-10', 'DIBAO/2025-11']);
    // no person has two lines of a month, whatever the programme
    const all = (await h.db.getRepository(PaymentLine).find()).map((l) => `${l.personId}/${l.month}`);
    expect(new Set(all).size).toBe(all.length);
    out.push(await lines(p.tekun), await lines(p.legacy), await lines(p.baby), all.length);
  });
});

describe('the same answers on every database', () => {
  it('compares', () => {
    const kinds = Object.keys(answers);
    for (const k of kinds.slice(1)) expect(answers[k]).toEqual(answers[kinds[0]]);
  });
});
