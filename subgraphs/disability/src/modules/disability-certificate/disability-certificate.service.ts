import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  ID_NUMBER_PROBLEM_MESSAGES, assertCanWrite, auditedWrite, badInput, conflict, idempotent, lockedRecord,
  lockedRecords, parseIdNumber, updateLocked, type SubgraphContext, assertPersonsInRegistry, lockPersonForWrite, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DEPARTMENT, DisabilityCertificate } from './disability-certificate.entity';
import {
  DisabilityCertificateRevocationReason, DisabilityCertificateStatus, isSevereGrade, type DisabilityCategory, type DisabilityGrade,
} from './disability-certificate.enums';
import type {
  CorrectDisabilityCertificateInput, IssueDisabilityCertificateInput, RevokeDisabilityCertificateInput,
} from './disability-certificate.input';
import {
  CERTIFICATE_NUMBER_PROBLEM_MESSAGES, certificateMatchesIdNumber, maskCertificateNumber, parseCertificateNumber,
  type CertificateNumberParts,
} from './certificate-number';
import { endActiveSubsidiesOf, hasActiveNursingSubsidy } from '../disability-subsidy/disability-subsidy.service';
import { DisabilitySubsidyEndReason } from '../disability-subsidy/disability-subsidy.enums';
import { checkDate, checkTownship, today } from '../common/validation';

/**
 * The number must agree with itself (a valid ID part; its category and grade digits equal the fields) and, when the
 * holder's ID number is at hand, with it (certificateMatchesIdNumber). BAD_USER_INPUT naming the field otherwise.
 */
function checkNumber(
  raw: string,
  category: DisabilityCategory,
  grade: DisabilityGrade,
  holderIdNumber: string | null | undefined,
): CertificateNumberParts {
  const parsed = parseCertificateNumber(raw);
  if (!parsed.ok) {
    const detail = parsed.idProblem ? `: ${ID_NUMBER_PROBLEM_MESSAGES[parsed.idProblem]}` : '';
    throw badInput(CERTIFICATE_NUMBER_PROBLEM_MESSAGES[parsed.problem] + detail, 'number', parsed.problem === 'ID_NUMBER' ? `ID_NUMBER_${parsed.idProblem}` : parsed.problem);
  }
  if (parsed.value.category !== category)
    throw badInput('the number\'s 19th character (category digit) does not match `category`', 'category', 'CATEGORY_MISMATCH');
  if (parsed.value.grade !== grade)
    throw badInput('the number\'s 20th character (grade digit) does not match `grade`', 'grade', 'GRADE_MISMATCH');
  if (holderIdNumber != null) {
    const id = parseIdNumber(holderIdNumber);
    if (!id.ok) throw badInput(ID_NUMBER_PROBLEM_MESSAGES[id.problem], 'holderIdNumber', id.problem);
    if (!certificateMatchesIdNumber(parsed.value.canonical, id.value.canonical))
      throw badInput('the number\'s first 18 characters are not the holder\'s ID number', 'number', 'NOT_THE_HOLDERS_ID_NUMBER');
  }
  return parsed.value;
}

function checkValidity(issuedOn: string, expiresOn: string, birthDate: string): void {
  if (issuedOn > today()) throw badInput('a certificate cannot be issued in the future', 'issuedOn', 'IN_FUTURE');
  if (issuedOn < birthDate) throw badInput('a certificate cannot be issued before its holder\'s birth date', 'issuedOn', 'BEFORE_BIRTH');
  if (expiresOn <= issuedOn) throw badInput('a certificate expires after its date of issue', 'expiresOn', 'NOT_AFTER_ISSUE');
}

/**
 * The number must fit what is stored: the holder's other certificates carry the same ID part, no other person's
 * certificate carries it, and no other certificate has this number. CONFLICT otherwise.
 */
async function checkAgainstStored(tx: EntityManager, personId: string, parts: CertificateNumberParts, self?: string): Promise<void> {
  const repo = tx.getRepository(DisabilityCertificate);
  const own = await repo.findBy({ personId });
  if (own.some((c) => c.id !== self && c.number.slice(0, 18) !== parts.idNumber))
    throw conflict('the person\'s other certificates carry a different ID number', 'HOLDER_ID_NUMBER_DIFFERS');
  const sameId = await repo
    .createQueryBuilder('c')
    .select(['c.id', 'c.personId', 'c.number'])
    .where('c.number LIKE :prefix', { prefix: `${parts.idNumber}%` })
    .getMany();
  if (sameId.some((c) => c.personId !== personId)) throw conflict('another person\'s certificate carries this ID number', 'ID_NUMBER_OF_ANOTHER_PERSON');
  if (sameId.some((c) => c.id !== self && c.number === parts.canonical)) throw conflict('a certificate with this number exists', 'DUPLICATE_NUMBER');
}

/** Audit changes of a certificate: the number (an identifier) only masked. */
function auditNumber(before: string | null, after: string | null): [unknown, unknown] {
  return [before && maskCertificateNumber(before), after && maskCertificateNumber(after)];
}

/**
 * Issue a certificate in one transaction (federation officers). A person holds at most one VALID certificate: a new
 * one for a holder of a VALID certificate must name it in `replacesCertificateId` (it becomes REPLACED). A replacement
 * of grade 3-4 is refused while the person receives the nursing subsidy (end that first, GRADE_REASSESSED).
 * The person's records are locked before the checks: concurrent issues for one person run one after the other.
 */
export async function issueDisabilityCertificate(ctx: SubgraphContext, input: IssueDisabilityCertificateInput): Promise<DisabilityCertificate> {
  // the registry is asked before the write transaction (issueDisabilityCertificateIn's own check is then answered from it)
  assertCanWrite(ctx.identity, DEPARTMENT);
  await assertPersonsInRegistry(ctx, [{ id: checkUuid(input.personId, 'personId'), field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'issueDisabilityCertificate', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => issueDisabilityCertificateIn(ctx, tx, input),
      reload: (id) => tx.getRepository(DisabilityCertificate).findOneBy({ id }),
    }),
  );
}

/** `issueDisabilityCertificate` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function issueDisabilityCertificateIn(ctx: SubgraphContext, tx: EntityManager, input: IssueDisabilityCertificateInput): Promise<DisabilityCertificate> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const personId = checkUuid(input.personId, 'personId');
  const parts = checkNumber(input.number, input.category, input.grade, input.holderIdNumber);
  const issuedOn = checkDate(input.issuedOn, 'issuedOn');
  const expiresOn = checkDate(input.expiresOn, 'expiresOn');
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true });
  checkValidity(issuedOn, expiresOn, parts.birthDate);
  const townshipCode = checkTownship(input.townshipCode);
  const replaces = input.replacesCertificateId != null ? checkUuid(input.replacesCertificateId, 'replacesCertificateId') : null;
  const repo = tx.getRepository(DisabilityCertificate);
  await lockPersonForWrite(tx, personId);
  const [current] = await lockedRecords(tx, DisabilityCertificate, { personId, status: DisabilityCertificateStatus.VALID });
  if (current && !replaces)
    throw conflict('the person already holds a valid certificate; name it in `replacesCertificateId` to supersede it', 'ALREADY_HOLDS_VALID_CERTIFICATE');
  if (replaces && current?.id !== replaces)
    throw badInput('`replacesCertificateId` is not the person\'s valid certificate', 'replacesCertificateId', 'NOT_THE_VALID_CERTIFICATE');
  if (current && issuedOn < current.issuedOn)
    throw badInput('a replacement cannot be issued before the certificate it replaces', 'issuedOn', 'BEFORE_REPLACED');
  await checkAgainstStored(tx, personId, parts);
  if (current && !isSevereGrade(parts.grade) && (await hasActiveNursingSubsidy(tx, personId)))
    throw conflict('the person receives the nursing subsidy, which needs grade 1 or 2: end it first', 'NURSING_SUBSIDY_NEEDS_SEVERE_GRADE');
  if (current) {
    ctx.audit.noteWrite({ entity: 'DisabilityCertificate', key: current.id, personId, action: 'update', changes: { status: [current.status, DisabilityCertificateStatus.REPLACED] } });
    await updateLocked(tx, DisabilityCertificate, current, { status: DisabilityCertificateStatus.REPLACED });
  }
  const c = repo.create({
    id: crypto.randomUUID(), personId, number: parts.canonical, category: parts.category, grade: parts.grade, issuedOn, expiresOn,
    status: DisabilityCertificateStatus.VALID, revokedOn: null, revocationReason: null, townshipCode,
  });
  await repo.insert(c);
  ctx.audit.noteWrite({
    entity: 'DisabilityCertificate', key: c.id, personId, action: 'create',
    changes: { number: auditNumber(null, c.number), category: [null, c.category], grade: [null, c.grade], issuedOn: [null, issuedOn] },
  });
  return c;
}

/**
 * Correct a certificate record in one transaction (federation officers): only the given fields change; the result
 * must agree with itself, with the holder's other certificates, and must not leave an active nursing subsidy on a
 * grade 3-4 certificate.
 */
export async function correctDisabilityCertificate(ctx: SubgraphContext, input: CorrectDisabilityCertificateInput): Promise<DisabilityCertificate> {
  return auditedWrite(ctx, (tx) => correctDisabilityCertificateIn(ctx, tx, input));
}

/** `correctDisabilityCertificate` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function correctDisabilityCertificateIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectDisabilityCertificateInput): Promise<DisabilityCertificate> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  if (input.issuedOn != null) checkDate(input.issuedOn, 'issuedOn');
  if (input.expiresOn != null) checkDate(input.expiresOn, 'expiresOn');
  if (input.townshipCode != null) checkTownship(input.townshipCode);
  const c = await lockedRecord(tx, DisabilityCertificate, { id }, {
    notFound: 'no disability certificate has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  const parts = checkNumber(input.number ?? c.number, input.category ?? c.category, input.grade ?? c.grade, input.holderIdNumber);
  const next = {
    number: parts.canonical, category: parts.category, grade: parts.grade, issuedOn: input.issuedOn ?? c.issuedOn,
    expiresOn: input.expiresOn ?? c.expiresOn, townshipCode: input.townshipCode ?? c.townshipCode,
  };
  checkValidity(next.issuedOn, next.expiresOn, parts.birthDate);
  if (c.revokedOn && c.revokedOn < next.issuedOn) throw badInput('the certificate was revoked before that date of issue', 'issuedOn', 'AFTER_REVOCATION');
  await checkAgainstStored(tx, c.personId, parts, c.id);
  if (c.status === DisabilityCertificateStatus.VALID && !isSevereGrade(next.grade) && (await hasActiveNursingSubsidy(tx, c.personId)))
    throw conflict('the person receives the nursing subsidy, which needs grade 1 or 2: end it first', 'NURSING_SUBSIDY_NEEDS_SEVERE_GRADE');
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(next) as [keyof typeof next, string | number][])
    if (c[k] !== v) changes[k] = k === 'number' ? auditNumber(c.number, String(v)) : [c[k], v];
  if (Object.keys(changes).length) {
    await updateLocked(tx, DisabilityCertificate, c, next);
    ctx.audit.noteWrite({ entity: 'DisabilityCertificate', key: c.id, personId: c.personId, action: 'update', changes });
  }
  return Object.assign(c, next);
}

const SUBSIDY_END_REASON: Partial<Record<DisabilityCertificateRevocationReason, DisabilitySubsidyEndReason>> = {
  DECEASED: DisabilitySubsidyEndReason.DECEASED,
  MOVED_AWAY: DisabilitySubsidyEndReason.MOVED_AWAY,
};

/**
 * Revoke (注销) a VALID certificate in one transaction (federation officers). The holder's ACTIVE subsidies rest on it
 * and end on the same date (reason DECEASED / MOVED_AWAY when that is why, else CERTIFICATE_REVOKED).
 */
export async function revokeDisabilityCertificate(ctx: SubgraphContext, input: RevokeDisabilityCertificateInput): Promise<DisabilityCertificate> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  const revokedOn = checkDate(input.revokedOn, 'revokedOn');
  if (revokedOn > today()) throw badInput('a certificate cannot be revoked in the future', 'revokedOn', 'IN_FUTURE');
  return auditedWrite(ctx, async (tx) => {
    // the holder's records first (their subsidies end with it), then the certificate, read under its lock
    const c = await lockedRecord(tx, DisabilityCertificate, { id }, {
      notFound: 'no disability certificate has this id',
      before: (found) => lockPersonForWrite(tx, found.personId),
    });
    if (c.status !== DisabilityCertificateStatus.VALID) throw conflict('only a valid certificate can be revoked', 'NOT_VALID');
    if (revokedOn < c.issuedOn) throw badInput('a certificate cannot be revoked before its date of issue', 'revokedOn', 'BEFORE_ISSUE');
    const patch = { status: DisabilityCertificateStatus.REVOKED, revokedOn, revocationReason: input.reason };
    ctx.audit.noteWrite({
      entity: 'DisabilityCertificate', key: c.id, personId: c.personId, action: 'update',
      changes: { status: [c.status, patch.status], revokedOn: [null, revokedOn], revocationReason: [null, input.reason] },
    });
    await updateLocked(tx, DisabilityCertificate, c, patch);
    await endActiveSubsidiesOf(tx, ctx, c.personId, revokedOn, SUBSIDY_END_REASON[input.reason] ?? DisabilitySubsidyEndReason.CERTIFICATE_REVOKED);
    return c;
  });
}

/**
 * The holder's birth date (ISO) from the ID part of their stored certificates (all of a person's certificates carry
 * the same ID part), or null when the person has none.
 */
export async function birthDateFromCertificates(tx: EntityManager, personId: string): Promise<string | null> {
  const c = await tx.getRepository(DisabilityCertificate).findOne({ where: { personId }, order: { id: 'ASC' } });
  return c ? `${c.number.slice(6, 10)}-${c.number.slice(10, 12)}-${c.number.slice(12, 14)}` : null;
}
