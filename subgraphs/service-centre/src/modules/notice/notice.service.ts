import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addCalendarDays, badInput, conflict, parseYuan, yuanToFen, type Yuan } from '@aidgraph/subgraph-kit';
import { NOTICE_DAYS } from '../application/application.enums';
import { PublicNotice, type NoticeEndReason } from './notice.entity';

/**
 * 公示 The programmes whose applications are noticed on the village board with an amount (../shared/domain/README.md:
 * dibao — name, household size, amount; tekun; temporary assistance — township reviews, public notice). Other programmes
 * an application requests (medical aid, education, ...) are decided by their departments and not noticed here.
 */
export const NOTICED_PROGRAMMES: readonly string[] = ['DIBAO', 'TEKUN', 'TEMPORARY'];

/** The largest proposed amount accepted (yuan): far above any monthly dibao or one-off temporary assistance. */
export const MAX_NOTICE_AMOUNT_FEN = 100_000_000; // 1,000,000.00 yuan

/** One proposed amount as given at the preliminary approval. */
export interface NoticeAmount {
  programme: string;
  amount: string;
}

/**
 * The proposed amounts of a preliminary approval, checked against the application's noticed programmes: exactly one
 * per noticed programme requested (REQUIRED at `noticeAmounts` when one is missing), none for another programme
 * (NOT_NOTICED) or twice (DUPLICATE), each a positive exact amount (BAD_AMOUNT, TOO_SMALL, TOO_LARGE). Returns the
 * amounts by programme, in the application's order.
 */
export function checkNoticeAmounts(programmes: readonly string[], given: readonly NoticeAmount[] | null | undefined): Map<string, Yuan> {
  const noticed = programmes.filter((p) => NOTICED_PROGRAMMES.includes(p));
  const out = new Map<string, Yuan>();
  (given ?? []).forEach((a, i) => {
    const at = `noticeAmounts[${i}]`;
    if (!noticed.includes(a.programme))
      throw badInput(`only the noticed programmes the application requests (${noticed.join(', ') || 'none'}) take an amount`, `${at}.programme`, 'NOT_NOTICED');
    if (out.has(a.programme)) throw badInput('a programme is given an amount twice', `${at}.programme`, 'DUPLICATE');
    const y = parseYuan(String(a.amount));
    if (y === null) throw badInput('not an exact amount in yuan (at most 2 decimals)', `${at}.amount`, 'BAD_AMOUNT');
    const fen = yuanToFen(y);
    if (fen <= 0) throw badInput('the proposed amount must be more than 0', `${at}.amount`, 'TOO_SMALL');
    if (fen > MAX_NOTICE_AMOUNT_FEN) throw badInput('the proposed amount is larger than 1,000,000.00 yuan', `${at}.amount`, 'TOO_LARGE');
    out.set(a.programme, y);
  });
  const missing = noticed.filter((p) => !out.has(p));
  if (missing.length)
    throw badInput(`the public notice (公示) shows the proposed amount: give one for ${missing.join(', ')}`, 'noticeAmounts', 'REQUIRED');
  return new Map(noticed.map((p) => [p, out.get(p)!]));
}

/** Create the notices of an application entering PUBLIC_NOTICE on `on` (7 calendar days), one per noticed programme. */
export async function createNotices(
  tx: EntityManager,
  app: { id: string; applicantId: string; townshipCode: string; villageCode: string | null },
  amounts: Map<string, Yuan>,
  on: string,
): Promise<void> {
  if (!amounts.size) return;
  if (!app.villageCode) throw conflict('the application has no village: a public notice is shown on the applicant\'s village board', 'NO_VILLAGE');
  const endsOn = addCalendarDays(on, NOTICE_DAYS - 1);
  for (const [programme, amount] of amounts)
    await tx.getRepository(PublicNotice).insert({
      id: crypto.randomUUID(), applicationId: app.id, applicantId: app.applicantId, programme, townshipCode: app.townshipCode, villageCode: app.villageCode,
      startsOn: on, endsOn, amount, endedOn: null, endedBecause: null,
    });
}

/**
 * End the notices of an application still running on `on` (an objection sends the case back):
 * from that day on they are no longer in force. Notices already past their last day are left as they are.
 */
export async function endNotices(tx: EntityManager, applicationId: string, on: string, because: NoticeEndReason): Promise<void> {
  await tx
    .getRepository(PublicNotice)
    .createQueryBuilder()
    .update()
    .set({ endedOn: on, endedBecause: because })
    .where('"applicationId" = :applicationId AND "endedOn" IS NULL AND "endsOn" >= :on', { applicationId, on })
    .execute();
}
