import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, auditedWrite, badInput, conflict, idempotent, isTownshipCode, lockedRecord, updateLocked,
  type SubgraphContext, assertPersonsInRegistry, checkAmountAtMost, checkDateInWindow, lockPersonForWrite,
} from '@aidgraph/subgraph-kit';
import { EducationAid } from './education-aid.entity';
import { EducationAidStatus, EducationAidType, SchoolStage } from './education-aid.enums';
import type { CorrectEducationAidInput, RecordEducationAidInput } from './education-aid.input';
import { academicYearStart, earliestAcademicYearStart, educationAidLimit } from './education-aid.limits';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An input sanity bound above every limit of the table (AMOUNT_ABOVE_LIMIT): the table's limit is checked with the record's stage and kind. */
const MAX_AMOUNT = new Decimal('20000');
/** National student grants (国家助学金) exist from senior secondary school up. */
const GRANT_STAGES = [SchoolStage.SENIOR_SECONDARY, SchoolStage.VOCATIONAL, SchoolStage.UNIVERSITY];

/** AMOUNT_ABOVE_LIMIT when `amount` is above the table's limit for the stage, kind and academic year (education-aid.limits.ts). */
function checkTableLimit(stage: SchoolStage, type: EducationAidType, academicYear: string, amount: string): void {
  const limit = educationAidLimit(stage, type, academicYear);
  if (limit) checkAmountAtMost(amount, 'amount', limit);
}

function checkAmount(amount: string): string {
  const a = new Decimal(amount);
  if (!a.greaterThan(0)) throw badInput('the amount must be above 0 yuan', 'amount', 'BAD_AMOUNT');
  checkAmountAtMost(a, 'amount', { max: MAX_AMOUNT, what: 'the most any education aid may be' });
  return a.toFixed(2);
}

/**
 * Validate and record an education aid (one transaction). Education officers only. The person's education records are
 * locked before the duplicate check, so concurrent identical requests record one aid (the others get DUPLICATE_AID).
 */
export async function recordEducationAid(ctx: SubgraphContext, input: RecordEducationAidInput): Promise<EducationAid> {
  // the registry is asked before the write transaction (recordEducationAidIn's own check is then answered from it)
  assertCanWrite(ctx.identity, 'EDUCATION');
  if (UUID.test(input.personId)) await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordEducationAid', input, {
      authorize: () => assertCanWrite(ctx.identity, 'EDUCATION'),
      create: () => recordEducationAidIn(ctx, tx, input),
      reload: (id) => tx.getRepository(EducationAid).findOneBy({ id }),
    }),
  );
}

/** `recordEducationAid` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordEducationAidIn(ctx: SubgraphContext, tx: EntityManager, input: RecordEducationAidInput): Promise<EducationAid> {
  assertCanWrite(ctx.identity, 'EDUCATION');
  if (!UUID.test(input.personId)) throw badInput('`personId` is not a registry id', 'personId', 'BAD_ID');
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  const [y1, y2] = input.academicYear.split('-').map(Number);
  if (y2 !== y1 + 1) throw badInput('an academic year spans two consecutive years, e.g. 2025-2026', 'academicYear', 'BAD_ACADEMIC_YEAR');
  const earliest = earliestAcademicYearStart();
  checkDateInWindow(academicYearStart(input.academicYear), 'academicYear', {
    earliest, earliestWhat: 'the first academic year of the education aid limits table', maxFutureDays: 366,
  });
  checkDateInWindow(input.approvedOn, 'approvedOn', { earliest: `${y1 - 1}-01-01`, earliestWhat: 'long before the academic year' });
  if (input.aidType === EducationAidType.GRANT && !GRANT_STAGES.includes(input.schoolStage))
    throw badInput('student grants exist from senior secondary school up', 'aidType', 'AID_NOT_FOR_STAGE');
  const amount = checkAmount(input.amount);
  checkTableLimit(input.schoolStage, input.aidType, input.academicYear, amount);
  await assertPersonsInRegistry(ctx, [{ id: input.personId, field: 'personId' }], { active: true });
  const repo = tx.getRepository(EducationAid);
  const personId = input.personId.toLowerCase();
  await lockPersonForWrite(tx, personId);
  const dup = await repo.findOneBy({ personId, academicYear: input.academicYear, aidType: input.aidType, status: Not(EducationAidStatus.REVOKED) });
  if (dup) throw conflict('this person already has this aid for this academic year', 'DUPLICATE_AID');
  const rec = repo.create({
    id: crypto.randomUUID(), personId, schoolStage: input.schoolStage, school: input.school.trim(), aidType: input.aidType,
    academicYear: input.academicYear, amount, status: EducationAidStatus.APPROVED, approvedOn: input.approvedOn,
    townshipCode: input.townshipCode,
  });
  await repo.insert(rec);
  ctx.audit.noteWrite({ entity: 'EducationAid', key: rec.id, personId, action: 'create', changes: { aidType: [null, rec.aidType], amount: [null, amount], academicYear: [null, rec.academicYear] } });
  return rec;
}

/**
 * Correct an education aid record; only the given fields change. Education officers only. Reinstating a REVOKED record
 * is refused (CONFLICT DUPLICATE_AID) while the person has another non-revoked aid of that kind for that year.
 */
export async function correctEducationAid(ctx: SubgraphContext, input: CorrectEducationAidInput): Promise<EducationAid> {
  return auditedWrite(ctx, (tx) => correctEducationAidIn(ctx, tx, input));
}

/** `correctEducationAid` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function correctEducationAidIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectEducationAidInput): Promise<EducationAid> {
  assertCanWrite(ctx.identity, 'EDUCATION');
  if (!UUID.test(input.id)) throw badInput('`id` is not a record id', 'id', 'BAD_ID');
  const amount = input.amount != null ? checkAmount(input.amount) : undefined;
  const repo = tx.getRepository(EducationAid);
  // the person's records first (a reinstatement checks for a duplicate), then the record itself, read under its lock
  const rec = await lockedRecord(tx, EducationAid, { id: input.id.toLowerCase() }, {
    notFound: 'no education aid record has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (amount !== undefined) checkTableLimit(rec.schoolStage, rec.aidType, rec.academicYear, amount);
  if (rec.status === EducationAidStatus.REVOKED && input.status != null && input.status !== EducationAidStatus.REVOKED) {
    const dup = await repo.findOneBy({
      id: Not(rec.id), personId: rec.personId, academicYear: rec.academicYear, aidType: rec.aidType, status: Not(EducationAidStatus.REVOKED),
    });
    if (dup) throw conflict('this person already has this aid for this academic year', 'DUPLICATE_AID');
  }
  const changes: Record<string, [unknown, unknown]> = {};
  const patch: Partial<EducationAid> = {};
  if (input.school != null && input.school.trim() !== rec.school) (patch.school = input.school.trim()), (changes.school = [rec.school, patch.school]);
  if (amount !== undefined && amount !== rec.amount) (patch.amount = amount), (changes.amount = [rec.amount, amount]);
  if (input.status != null && input.status !== rec.status) (patch.status = input.status), (changes.status = [rec.status, input.status]);
  if (Object.keys(patch).length) {
    await updateLocked(tx, EducationAid, rec, patch);
    ctx.audit.noteWrite({ entity: 'EducationAid', key: rec.id, personId: rec.personId, action: 'update', changes });
  }
  return rec;
}
