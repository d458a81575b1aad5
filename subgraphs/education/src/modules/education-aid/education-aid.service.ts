import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import { Decimal, assertCanWrite, auditedWrite, badInput, conflict, isTownshipCode, notFound, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { EducationAid } from './education-aid.entity';
import { EducationAidStatus, EducationAidType, SchoolStage } from './education-aid.enums';
import type { CorrectEducationAidInput, RecordEducationAidInput } from './education-aid.input';
import { lockPersonForWrite } from '@aidgraph/subgraph-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_AMOUNT = new Decimal('20000');
/** National student grants (国家助学金) exist from senior secondary school up. */
const GRANT_STAGES = [SchoolStage.SENIOR_SECONDARY, SchoolStage.VOCATIONAL, SchoolStage.UNIVERSITY];

function checkAmount(amount: string): string {
  const a = new Decimal(amount);
  if (!a.greaterThan(0) || a.greaterThan(MAX_AMOUNT)) throw badInput('the amount must be above 0 and at most 20000.00 yuan', 'amount', 'BAD_AMOUNT');
  return a.toFixed(2);
}

/**
 * Validate and record an education aid (one transaction). Education officers only. The person's education records are
 * locked before the duplicate check, so concurrent identical requests record one aid (the others get DUPLICATE_AID).
 */
export async function recordEducationAid(ctx: SubgraphContext, input: RecordEducationAidInput): Promise<EducationAid> {
  return auditedWrite(ctx, (tx) => recordEducationAidIn(ctx, tx, input));
}

/** `recordEducationAid` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordEducationAidIn(ctx: SubgraphContext, tx: EntityManager, input: RecordEducationAidInput): Promise<EducationAid> {
  assertCanWrite(ctx.identity, 'EDUCATION');
  if (!UUID.test(input.personId)) throw badInput('`personId` is not a registry id', 'personId', 'BAD_ID');
  if (!isTownshipCode(input.townshipCode)) throw badInput('`townshipCode` is not a Jiaozhou township code', 'townshipCode', 'UNKNOWN_TOWNSHIP');
  const [y1, y2] = input.academicYear.split('-').map(Number);
  if (y2 !== y1 + 1) throw badInput('an academic year spans two consecutive years, e.g. 2025-2026', 'academicYear', 'BAD_ACADEMIC_YEAR');
  const approved = new Date(`${input.approvedOn}T00:00:00Z`);
  if (Number.isNaN(approved.getTime()) || approved.toISOString().slice(0, 10) !== input.approvedOn)
    throw badInput('`approvedOn` is not a calendar date', 'approvedOn', 'BAD_DATE');
  if (input.aidType === EducationAidType.GRANT && !GRANT_STAGES.includes(input.schoolStage))
    throw badInput('student grants exist from senior secondary school up', 'aidType', 'AID_NOT_FOR_STAGE');
  const amount = checkAmount(input.amount);
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
  const found = await repo.findOneBy({ id: input.id.toLowerCase() });
  if (!found) throw notFound('no education aid record has this id');
  await lockPersonForWrite(tx, found.personId);
  const rec = (await repo.findOneBy({ id: found.id }))!;
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
    await repo.update({ id: rec.id }, patch);
    ctx.audit.noteWrite({ entity: 'EducationAid', key: rec.id, personId: rec.personId, action: 'update', changes });
  }
  return Object.assign(rec, patch);
}
