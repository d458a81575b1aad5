import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addCalendarDays, todayInChina } from '@aidgraph/subgraph-kit';
import { generatePopulation } from '@aidgraph/population';
import {
  expectRefusedUnchanged, startSubgraphHarness, tableSnapshot, testDatabaseKinds, type SubgraphHarness,
} from '@aidgraph/subgraph-kit/testing';
import { civilAffairs } from '../src/subgraph';

/**
 * Issue 14, item 11: "a caseworker can enrol a household in dibao at 9,999,999,999,999.99 a month from 1900-01-01".
 * Enrolment amounts are checked against the dibao standard for the person's area in force on the day the amount is
 * paid (the start date, or today once a monthly enrolment runs; the bundled table: 1150.00 from 2025-07-01), TEKUN
 * against 1.3 x it, a one-off TEMPORARY aid against 6 x the standard of its date;
 * dates against the standards table's first date and a window ahead. Each refusal changes nothing.
 */
const SEED = 'civil-affairs-plausibility';
const SIZE = 300;
const households = generatePopulation({ seed: SEED, size: SIZE }).households;
/** active people of households with no enrolment at all: any programme may be recorded for them */
const free = households.filter((h) => h.category === 'NONE').flatMap((h) => h.members).filter((m) => m.status === 'ACTIVE' && !m.enrolments.length);
const RECORD = `mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id amount startDate } }`;
const END = `mutation($i: EndEnrolmentInput!) { endEnrolment(input: $i) { id status endDate } }`;

describe.each(testDatabaseKinds())('civil-affairs enrolments are plausible on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(civilAffairs, kind, { seedSize: SIZE, seed: SEED });
  });
  afterAll(() => h?.close());
  const snapshot = () => tableSnapshot(h, ['enrolment'])();
  const caseworker = (p: (typeof free)[number]) => ({ role: 'caseworker' as const, township: p.townshipCode });
  const enrol = (p: (typeof free)[number], programme: string, startDate: string, amount: string) => ({ i: { personId: p.id, programme, startDate, amount } });

  it('refuses the issue\'s dibao (9,999,999,999,999.99 a month from 1900-01-01) and every other implausible enrolment, changing nothing', async () => {
    const p = free[0];
    await expectRefusedUnchanged(h, {
      mutation: RECORD, as: caseworker(p), snapshot,
      cases: [
        { name: 'the issue\'s example', variables: enrol(p, 'DIBAO', '1900-01-01', '9999999999999.99'), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'its amount alone', variables: enrol(p, 'DIBAO', '2025-07-01', '9999999999999.99'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'dibao one fen above the standard', variables: enrol(p, 'DIBAO', '2025-07-01', '1150.01'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'tekun above 1.3 x the standard', variables: enrol(p, 'TEKUN', '2025-07-01', '1495.01'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'temporary above 6 x the standard', variables: enrol(p, 'TEMPORARY', '2025-07-01', '6900.01'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        { name: 'marginal with an amount', variables: enrol(p, 'MARGINAL', '2025-07-01', '1'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'BAD_AMOUNT' },
        { name: 'before the first standard', variables: enrol(p, 'DIBAO', '2020-06-30', '100'), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'BEFORE_PROGRAMME' },
        { name: 'far in the future', variables: enrol(p, 'DIBAO', '2999-01-01', '100'), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'temporary aid in the future', variables: enrol(p, 'TEMPORARY', '2999-01-01', '100'), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'not a calendar date', variables: enrol(p, 'DIBAO', '2025-02-29', '100'), code: 'BAD_USER_INPUT', field: 'input.startDate', reason: 'BAD_DATE' },
        { name: 'a person not in the registry', variables: { i: { ...enrol(p, 'DIBAO', '2025-07-01', '100').i, personId: '00000000-0000-4000-8000-00000000dead' } }, code: 'NOT_FOUND' },
      ],
    });
  });

  it('answers peopleByIds (the departments\' registry lookup) in order, null for unknown or out-of-scope ids, at most 500', async () => {
    const all = households.flatMap((x) => x.members);
    const inTownship = all[0];
    const elsewhere = all.find((m) => m.townshipCode !== inTownship.townshipCode)!;
    const unknown = '00000000-0000-4000-8000-00000000dead';
    const q = `query($ids: [ID!]!) { peopleByIds(ids: $ids) { id status township { code } } }`;
    const officer = { role: 'department_officer' as const, department: 'EDUCATION' };
    const r = await h.request(q, { ids: [elsewhere.id, unknown, inTownship.id.toUpperCase()] }, officer);
    expect(r.errors).toBeUndefined();
    expect(r.data.peopleByIds).toEqual([
      { id: elsewhere.id, status: elsewhere.status, township: { code: elsewhere.townshipCode } },
      null,
      { id: inTownship.id, status: inTownship.status, township: { code: inTownship.townshipCode } },
    ]);
    const scoped = await h.request(q, { ids: [elsewhere.id, inTownship.id] }, { role: 'caseworker', township: inTownship.townshipCode });
    expect(scoped.data.peopleByIds.map((p: any) => p?.id ?? null)).toEqual([null, inTownship.id]);
    const bad = await h.request(q, { ids: [inTownship.id, 'x'] }, officer);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[1]' });
    const many = await h.request(q, { ids: Array.from({ length: 501 }, () => inTownship.id) }, officer);
    expect(many.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY' });
    // the lookup leaves a read entry of the two persons found in civil affairs' audit log (the entry's format is the audit log's)
    const entries: { kind: string; detail: string; personIds: string }[] = await h.db.query(`SELECT kind, detail, "personIds" FROM audit_log WHERE subject = 'test-department_officer'`);
    expect(entries.filter((e) => e.kind === 'read' && String(e.detail).includes('registryLookup')).map((e) => String(e.personIds).split(/[ ,"\[\]]+/).filter(Boolean).length)).toEqual([2]);
  });

  it('takes the standard in force on the day the amount is paid: a new standard from its effective date, not a day before', async () => {
    const day = (n: number) => addCalendarDays(todayInChina(), n);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dibao-standards-')), 'standards.json');
    fs.writeFileSync(file, JSON.stringify({
      standards: [{ effectiveFrom: '2020-07-01', urban: '1150.00', rural: '1150.00' }, { effectiveFrom: day(10), urban: '1300.00', rural: '1300.00' }],
      marginalMultiple: '1.5',
    }));
    process.env.DIBAO_STANDARDS_FILE = file;
    try {
      await expectRefusedUnchanged(h, {
        mutation: RECORD, as: caseworker(free[4]), snapshot,
        cases: [
          { name: 'the new standard a day early', variables: enrol(free[4], 'DIBAO', day(9), '1150.01'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
          { name: 'one fen above the new standard', variables: enrol(free[4], 'DIBAO', day(10), '1300.01'), code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'AMOUNT_ABOVE_LIMIT' },
        ],
      });
      const ok = await h.request(RECORD, enrol(free[4], 'DIBAO', day(10), '1300.00'), caseworker(free[4]));
      expect(ok.errors).toBeUndefined();
      expect(ok.data.recordEnrolment).toMatchObject({ amount: '1300.00', startDate: day(10) });
    } finally {
      delete process.env.DIBAO_STANDARDS_FILE;
    }
  });

  it('accepts exactly the limits, and refuses an implausible end date', async () => {
    const before = await h.request(RECORD, enrol(free[1], 'DIBAO', '2025-06-30', '1106.00'), caseworker(free[1]));
    expect(before.errors).toBeUndefined();
    expect(before.data.recordEnrolment.amount).toBe('1106.00');
    const after = await h.request(RECORD, enrol(free[2], 'DIBAO', '2025-07-01', '1150.00'), caseworker(free[2]));
    expect(after.errors).toBeUndefined();
    const tekun = await h.request(RECORD, enrol(free[3], 'TEKUN', '2025-07-01', '1495.00'), caseworker(free[3]));
    expect(tekun.errors).toBeUndefined();
    const temporary = await h.request(RECORD, enrol(free[3], 'TEMPORARY', '2025-07-01', '6900.00'), caseworker(free[3]));
    expect(temporary.errors).toBeUndefined();

    const id = before.data.recordEnrolment.id;
    await expectRefusedUnchanged(h, {
      mutation: END, as: caseworker(free[1]), snapshot,
      cases: [
        { name: 'ended in 1900', variables: { i: { enrolmentId: id, endDate: '1900-01-01' } }, code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'DATE_OUT_OF_RANGE' },
        { name: 'ended far ahead', variables: { i: { enrolmentId: id, endDate: '2999-12-31' } }, code: 'BAD_USER_INPUT', field: 'input.endDate', reason: 'DATE_OUT_OF_RANGE' },
      ],
    });
    const ended = await h.request(END, { i: { enrolmentId: id, endDate: '2025-12-31' } }, caseworker(free[1]));
    expect(ended.data.endEnrolment).toMatchObject({ status: 'ENDED', endDate: '2025-12-31' });
  });
});
