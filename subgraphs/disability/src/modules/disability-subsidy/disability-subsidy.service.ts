import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  assertCanWrite, auditedWrite, badInput, conflict, idempotent, lockedRecord, lockedRecords, updateLocked, type Locked,
  type SubgraphContext, assertPersonsInRegistry, earliestEffective, lockPersonForWrite, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DisabilitySubsidy } from './disability-subsidy.entity';
import { DisabilitySubsidyEndReason, DisabilitySubsidyKind, DisabilitySubsidyStatus } from './disability-subsidy.enums';
import type { EndDisabilitySubsidyInput, GrantDisabilitySubsidyInput } from './disability-subsidy.input';
import { subsidyRateOn, subsidyRates } from './disability-subsidy.rates';
import { DEPARTMENT, DisabilityCertificate } from '../disability-certificate/disability-certificate.entity';
import { DisabilityCertificateStatus, isSevereGrade } from '../disability-certificate/disability-certificate.enums';
import { checkDate, checkTownship, laterOf, today } from '../common/validation';

/** Days ahead a subsidy may start or end: payments are approved for the coming quarter. */
const DAYS_AHEAD = 92;

/**
 * Grant a disability subsidy in one transaction (federation officers). Rules (国发〔2015〕52号): the person holds a VALID
 * certificate in force on the start date; the nursing subsidy (护理补贴) needs grade 1 or 2; the living subsidy (生活补贴)
 * rests on a difficulty (dibao, 特困, marginal or other); at most one ACTIVE grant of each kind per person. The person's
 * records are locked before the checks: concurrent grants (and a concurrent revocation) run one after the other.
 */
export async function grantDisabilitySubsidy(ctx: SubgraphContext, input: GrantDisabilitySubsidyInput): Promise<DisabilitySubsidy> {
  // the registry is asked before the write transaction (grantDisabilitySubsidyIn's own check is then answered from it)
  assertCanWrite(ctx.identity, DEPARTMENT);
  await assertPersonsInRegistry(ctx, [{ id: checkUuid(input.personId, 'personId'), field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'grantDisabilitySubsidy', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => grantDisabilitySubsidyIn(ctx, tx, input),
      reload: (id) => tx.getRepository(DisabilitySubsidy).findOneBy({ id }),
    }),
  );
}

/**
 * `grantDisabilitySubsidy` inside the caller's transaction `tx` (the roster import runs one per row). The monthly
 * amount is the rate in force on the day it is paid: the later of the start date and today for a running grant;
 * `endDate`, when the caller ends the grant in the same transaction (a roster row of an ended grant), for one that
 * has ended — the rate it was last paid at, not today's (as the demo population's seed records it).
 */
export async function grantDisabilitySubsidyIn(ctx: SubgraphContext, tx: EntityManager, input: GrantDisabilitySubsidyInput, endDate?: string): Promise<DisabilitySubsidy> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const personId = checkUuid(input.personId, 'personId');
  const startDate = checkDate(input.startDate, 'startDate', {
    earliest: earliestEffective(subsidyRates().rates), earliestWhat: 'the first row of the subsidy rate table', maxFutureDays: DAYS_AHEAD,
  });
  const townshipCode = checkTownship(input.townshipCode);
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true });
  if (input.kind === DisabilitySubsidyKind.LIVING && !input.difficulty)
    throw badInput('a living subsidy needs the difficulty it rests on', 'difficulty', 'REQUIRED_FOR_LIVING');
  if (input.kind === DisabilitySubsidyKind.NURSING && input.difficulty)
    throw badInput('the nursing subsidy does not rest on a difficulty; leave `difficulty` out', 'difficulty', 'NOT_FOR_NURSING');
  await lockPersonForWrite(tx, personId);
  const cert = await tx.getRepository(DisabilityCertificate).findOneBy({ personId, status: DisabilityCertificateStatus.VALID });
  if (!cert) throw badInput('the person holds no valid disability certificate', 'personId', 'NO_VALID_CERTIFICATE');
  if (startDate < cert.issuedOn || startDate > cert.expiresOn)
    throw badInput('the subsidy must start while the certificate is in force', 'startDate', 'OUTSIDE_CERTIFICATE_VALIDITY');
  if (input.kind === DisabilitySubsidyKind.NURSING && !isSevereGrade(cert.grade))
    throw badInput('the nursing subsidy needs a grade 1 or 2 certificate of the same person', 'kind', 'NURSING_NEEDS_SEVERE_GRADE');
  const paidOn = endDate ? laterOf(startDate, endDate) : laterOf(startDate, today());
  const rate = subsidyRateOn(subsidyRates(), input.kind, cert.grade, paidOn);
  if (!rate) throw badInput('no subsidy rate is configured for that date', 'startDate', 'NO_RATE');
  const repo = tx.getRepository(DisabilitySubsidy);
  if (await repo.findOneBy({ personId, kind: input.kind, status: DisabilitySubsidyStatus.ACTIVE }))
    throw conflict('the person already receives this subsidy', 'ALREADY_GRANTED');
  const s = repo.create({
    id: crypto.randomUUID(), personId, kind: input.kind, difficulty: input.difficulty ?? null, monthlyAmount: rate.monthlyAmount,
    startDate, endDate: null, status: DisabilitySubsidyStatus.ACTIVE, endReason: null, townshipCode,
  });
  await repo.insert(s);
  ctx.audit.noteWrite({
    entity: 'DisabilitySubsidy', key: s.id, personId, action: 'create',
    changes: { kind: [null, s.kind], monthlyAmount: [null, s.monthlyAmount], startDate: [null, s.startDate] },
  });
  return s;
}

/** End an ACTIVE subsidy (停发) in one transaction (federation officers). */
export async function endDisabilitySubsidy(ctx: SubgraphContext, input: EndDisabilitySubsidyInput): Promise<DisabilitySubsidy> {
  return auditedWrite(ctx, (tx) => endDisabilitySubsidyIn(ctx, tx, input));
}

/** `endDisabilitySubsidy` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function endDisabilitySubsidyIn(ctx: SubgraphContext, tx: EntityManager, input: EndDisabilitySubsidyInput): Promise<DisabilitySubsidy> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  const endDate = checkDate(input.endDate, 'endDate', { maxFutureDays: DAYS_AHEAD });
  // the person's records first (as a grant or a revocation locks them), then the subsidy, read under its lock: of
  // concurrent callers ending it, one ends it and the others get ALREADY_ENDED
  const s = await lockedRecord(tx, DisabilitySubsidy, { id }, {
    notFound: 'no disability subsidy has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (s.status !== DisabilitySubsidyStatus.ACTIVE) throw conflict('this subsidy has already ended', 'ALREADY_ENDED');
  if (endDate < s.startDate) throw badInput('a subsidy cannot end before it starts', 'endDate', 'BEFORE_START');
  const [ended] = await endSubsidies(tx, ctx, [s], endDate, input.reason);
  return ended;
}

/**
 * End the person's ACTIVE subsidies (of `kind`, or all) on `date` for `reason`, inside the caller's transaction;
 * a grant starting after `date` ends on its start day. Used when a certificate is revoked.
 */
export async function endActiveSubsidiesOf(
  tx: EntityManager,
  ctx: SubgraphContext,
  personId: string,
  date: string,
  reason: DisabilitySubsidyEndReason,
): Promise<DisabilitySubsidy[]> {
  const active = await lockedRecords(tx, DisabilitySubsidy, { personId, status: DisabilitySubsidyStatus.ACTIVE });
  return endSubsidies(tx, ctx, active, date, reason);
}

/** True when the person has an ACTIVE nursing subsidy (a certificate change that leaves grades 1-2 must not orphan it). */
export async function hasActiveNursingSubsidy(tx: EntityManager, personId: string): Promise<boolean> {
  return !!(await tx.getRepository(DisabilitySubsidy).findOneBy({ personId, kind: DisabilitySubsidyKind.NURSING, status: DisabilitySubsidyStatus.ACTIVE }));
}

async function endSubsidies(
  tx: EntityManager,
  ctx: SubgraphContext,
  subsidies: Locked<DisabilitySubsidy>[],
  date: string,
  reason: DisabilitySubsidyEndReason,
): Promise<DisabilitySubsidy[]> {
  for (const s of subsidies) {
    const patch = { status: DisabilitySubsidyStatus.ENDED, endDate: laterOf(date, s.startDate), endReason: reason };
    ctx.audit.noteWrite({
      entity: 'DisabilitySubsidy', key: s.id, personId: s.personId, action: 'update',
      changes: { status: [s.status, patch.status], endDate: [s.endDate, patch.endDate], endReason: [s.endReason, reason] },
    });
    await updateLocked(tx, DisabilitySubsidy, s, patch);
  }
  return subsidies;
}
