import crypto from 'node:crypto';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { clockToday, fenToYuan, yuanToFen } from '@aidgraph/subgraph-kit';
import { CivilAffairsProgramme } from '../modules/common/enums';
import { PaymentBatch, PaymentBatchKind, PaymentLine } from '../modules/fund/fund.entity';
import { inForceForMonth, personPaidForMonth } from '../modules/fund/fund.rules';

/** Receives the rows made (the population seeder's sink). */
type RowSink = (entity: EntityTarget<ObjectLiteral>, row: ObjectLiteral) => void;

/** The programmes paid in monthly batches. */
const PAID = [CivilAffairsProgramme.DIBAO, CivilAffairsProgramme.TEKUN] as const;
/** How many months of regular batches the demo has: the 12 up to the clock's month. */
export const SEEDED_PAYMENT_MONTHS = 12;
/** Who generated the demo's batches (a staff subject, as a token's). */
export const SEED_BATCH_GENERATOR = 'seed-civil-affairs-officer';

/** The `n` months (YYYY-MM) up to and including the month of `today`, oldest first. */
export function monthsUpTo(today: string, n: number): string[] {
  const last = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1;
  return Array.from({ length: n }, (_, i) => {
    const m = last - n + 1 + i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/** A UUID (version 4 layout) derived from `text`: the demo's batch and line ids, the same for the same seed on every machine. */
function uuidOf(text: string): string {
  const h = crypto.createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What the payment seeder needs of an enrolment as the civil-affairs seeder writes it. */
export interface SeededEnrolment {
  id: string;
  personId: string;
  programme: string;
  status: string;
  startDate: string;
  endDate: string | null;
  amount: string;
  townshipCode: string;
}

/**
 * 发放批次 The demo's payment batches: the REGULAR batch of DIBAO and TEKUN for each of the SEEDED_PAYMENT_MONTHS months up
 * to the clock's month (clockToday, AIDGRAPH_TODAY, at seeding), with their lines by the rule of fund.rules.ts exactly as
 * generatePaymentBatch pays (an enrolment in force on the month's first day, ACTIVE, PHASING_OUT or ENDED, its person not
 * dead or gone before that day, the latest-starting enrolment per person, ties by the smallest id; the amount on record),
 * so that the fund use and the spending have figures on a fresh clone. Lines are made person by person (`person`, in
 * the population's stream: nothing is kept but the batches' totals), the batches with their totals at the end
 * (`finish`). Ids are derived from the seed (the same population gives the same ids).
 */
export function paymentSeeder(seed: string, today = clockToday()) {
  const months = monthsUpTo(today, SEEDED_PAYMENT_MONTHS);
  const batchId = (programme: string, month: string) => uuidOf(`${seed}:civil-affairs:payment-batch:${programme}:${month}:1`);
  const totals = new Map<string, { lines: number; fen: bigint }>();
  for (const p of PAID) for (const m of months) totals.set(`${p}:${m}`, { lines: 0, fen: 0n });
  return {
    months,
    /** The lines of one person's enrolments (all of the person's, any programme). */
    person(p: { id: string; status: string; statusDate: string | null }, enrolments: readonly SeededEnrolment[], put: RowSink): void {
      for (const programme of PAID) {
        const own = enrolments.filter((e) => e.programme === programme && e.status !== 'SUSPENDED');
        if (!own.length) continue;
        for (const month of months) {
          if (!personPaidForMonth(p.status, p.statusDate, month)) continue;
          let best: SeededEnrolment | null = null;
          for (const e of own)
            if (inForceForMonth(e.startDate, e.endDate, month) && (!best || e.startDate > best.startDate || (e.startDate === best.startDate && e.id < best.id))) best = e;
          if (!best) continue;
          const t = totals.get(`${programme}:${month}`)!;
          t.lines += 1;
          t.fen += BigInt(yuanToFen(best.amount));
          put(PaymentLine, {
            id: uuidOf(`${seed}:civil-affairs:payment-line:${programme}:${month}:${p.id}`), batchId: batchId(programme, month), programme, month,
            personId: p.id, enrolmentId: best.id, townshipCode: best.townshipCode, amount: best.amount,
          });
        }
      }
    },
    /** The batches, with their totals. */
    finish(put: RowSink): void {
      for (const programme of PAID)
        for (const month of months) {
          const t = totals.get(`${programme}:${month}`)!;
          put(PaymentBatch, {
            id: batchId(programme, month), programme, month, kind: PaymentBatchKind.REGULAR, sequence: 1, generatedOn: `${month}-01`,
            generatedBy: SEED_BATCH_GENERATOR, lineCount: t.lines, totalAmount: fenToYuan(t.fen),
          });
        }
    },
  };
}
