import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  Decimal, assertCanWrite, auditedWrite, badInput, conflict, idempotent, isTownshipCode, lockedRecord, parseYuan,
  updateLocked, type SubgraphContext, type Yuan, EARLIEST_RECORD_DATE, assertPersonsInRegistry, checkAmountAtMost,
  checkCalendarDate, checkDateInWindow, earliestEffective, lockPersonForWrite,
} from '@aidgraph/subgraph-kit';
import { MedicalClaim } from './medical-claim.entity';
import { MedicalCareType, MedicalClaimStatus } from './medical-claim.enums';
import type { CorrectMedicalClaimInput, RecordMedicalClaimInput, WithdrawMedicalClaimInput } from './medical-claim.input';
import { medicalPolicy } from '../medical-assistance/medical-policy';
import { totalCostLimit } from './medical-claim.limits';

export const DEPARTMENT = 'MEDICAL_SECURITY';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOTAL = new Decimal('10000000');
const EARLIEST = EARLIEST_RECORD_DATE;

/** Today's date in China (Asia/Shanghai), ISO: discharge dates may not be later; withdrawals are dated with it. */
export function todayInChina(now = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

function checkId(id: string, field: string): string {
  if (!UUID.test(id)) throw badInput(`\`${field}\` is not a valid id (a UUID)`, field, 'BAD_ID');
  return id.toLowerCase();
}

function checkText(value: string, field: string, max: number): string {
  const v = value.trim();
  if (v.length < 1 || v.length > max) throw badInput(`\`${field}\` must have 1 to ${max} characters`, field, 'BAD_LENGTH');
  return v;
}

function checkDate(value: string, field: string): string {
  checkCalendarDate(value, field);
  if (value < EARLIEST) throw badInput(`\`${field}\` is before ${EARLIEST}`, field, 'DATE_OUT_OF_RANGE');
  return value;
}

function checkTownship(code: string, field: string): string {
  if (!isTownshipCode(code)) throw badInput(`\`${field}\` is not a Jiaozhou township code`, field, 'UNKNOWN_TOWNSHIP');
  return code;
}

function amount(value: Yuan | null | undefined, field: string): Decimal {
  const v = value == null ? null : parseYuan(value);
  if (v === null) throw badInput(`\`${field}\` is not an amount of yuan`, field, 'BAD_AMOUNT');
  const d = new Decimal(v);
  if (d.isNegative()) throw badInput(`\`${field}\` cannot be negative`, field, 'NEGATIVE_AMOUNT');
  return d;
}

type Figures = Pick<MedicalClaim,
  'townshipCode' | 'hospital' | 'diagnosis' | 'careType' | 'admissionDate' | 'dischargeDate' | 'totalCost' |
  'basicInsurancePaid' | 'criticalIllnessInsurancePaid' | 'eligibleSelfPay'>;

/**
 * Validate a claim's fields as a whole and return them in canonical form. Rules: a known township; hospital and
 * diagnosis of 1-100 characters; real dates, admission not after discharge, discharge not in the future; amounts
 * non-negative, total above 0 and at most 10,000,000.00; both insurance parts together at most the total; the eligible
 * remainder at most total - insurance parts.
 */
export function validateClaim(f: Figures, today = todayInChina()): Figures {
  const townshipCode = checkTownship(f.townshipCode, 'townshipCode');
  const hospital = checkText(f.hospital, 'hospital', 100);
  const diagnosis = checkText(f.diagnosis, 'diagnosis', 100);
  if (!Object.values(MedicalCareType).includes(f.careType)) throw badInput('`careType` is not a kind of care', 'careType', 'BAD_CARE_TYPE');
  const admissionDate = checkDate(f.admissionDate, 'admissionDate');
  const dischargeDate = checkDate(f.dischargeDate, 'dischargeDate');
  if (dischargeDate < admissionDate) throw badInput('the discharge date is before the admission date', 'dischargeDate', 'DISCHARGE_BEFORE_ADMISSION');
  if (dischargeDate > today) throw badInput('the discharge date is in the future: record a claim once it is settled', 'dischargeDate', 'FUTURE_DATE');
  // medical aid is computed with the policy table in force on the discharge date: none before its first entry
  checkDateInWindow(dischargeDate, 'dischargeDate', {
    earliest: earliestEffective(medicalPolicy().medicalAid), earliestWhat: 'the first entry of the medical policy table', maxFutureDays: 0, today,
  });
  const total = amount(f.totalCost, 'totalCost');
  if (!total.greaterThan(0)) throw badInput('the total cost must be above 0 yuan', 'totalCost', 'BAD_AMOUNT');
  // the plausible maximum of the limits table in force on the discharge date (MAX_TOTAL where it has none)
  checkAmountAtMost(total, 'totalCost', totalCostLimit(f.careType, dischargeDate) ?? { max: MAX_TOTAL, what: 'the most any claim may cost' });
  const basic = amount(f.basicInsurancePaid, 'basicInsurancePaid');
  const critical = amount(f.criticalIllnessInsurancePaid, 'criticalIllnessInsurancePaid');
  const eligible = amount(f.eligibleSelfPay, 'eligibleSelfPay');
  if (basic.greaterThan(total)) throw badInput('the basic insurance part exceeds the total cost', 'basicInsurancePaid', 'INSURANCE_ABOVE_TOTAL');
  if (basic.plus(critical).greaterThan(total))
    throw badInput('the two insurance parts together exceed the total cost', 'criticalIllnessInsurancePaid', 'INSURANCE_ABOVE_TOTAL');
  if (eligible.greaterThan(total.minus(basic).minus(critical)))
    throw badInput('the eligible remainder exceeds what the insurances leave of the total cost', 'eligibleSelfPay', 'ELIGIBLE_ABOVE_REMAINDER');
  return {
    townshipCode, hospital, diagnosis, careType: f.careType, admissionDate, dischargeDate,
    totalCost: total.toFixed(2), basicInsurancePaid: basic.toFixed(2), criticalIllnessInsurancePaid: critical.toFixed(2),
    eligibleSelfPay: eligible.toFixed(2),
  };
}

/** Fields whose values may go into the audit log's change list; the diagnosis is noted as changed, never in clear. */
function auditValue(field: string, value: unknown): unknown {
  return field === 'diagnosis' && value != null ? '(sensitive)' : value;
}

/**
 * Record a claim (medical security officers), in one transaction with its audit entry. CONFLICT when the person already has a recorded claim
 * for the same hospital, kind of care and admission date. The person's claims are locked before that check, so
 * concurrent identical requests record one claim.
 */
export async function recordMedicalClaim(ctx: SubgraphContext, input: RecordMedicalClaimInput): Promise<MedicalClaim> {
  // the registry is asked before the write transaction (recordMedicalClaimIn's own check is then answered from it)
  assertCanWrite(ctx.identity, DEPARTMENT);
  await assertPersonsInRegistry(ctx, [{ id: checkId(input.personId, 'personId'), field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, 'recordMedicalClaim', input, {
      authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
      create: () => recordMedicalClaimIn(ctx, tx, input),
      reload: (id) => tx.getRepository(MedicalClaim).findOneBy({ id }),
    }),
  );
}

/** `recordMedicalClaim` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function recordMedicalClaimIn(ctx: SubgraphContext, tx: EntityManager, input: RecordMedicalClaimInput): Promise<MedicalClaim> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const personId = checkId(input.personId, 'personId');
  const f = validateClaim({ ...input, criticalIllnessInsurancePaid: input.criticalIllnessInsurancePaid ?? '0' });
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true });
  const repo = tx.getRepository(MedicalClaim);
  await lockPersonForWrite(tx, personId);
  await assertNoDuplicate(tx, personId, f);
  const claim = repo.create({ id: crypto.randomUUID(), personId, ...f, status: MedicalClaimStatus.RECORDED, withdrawnOn: null, withdrawalReason: null });
  await repo.insert(claim);
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(f)) changes[k] = [null, auditValue(k, v)];
  ctx.audit.noteWrite({ entity: 'MedicalClaim', key: claim.id, personId, action: 'create', changes });
  return claim;
}

/** CONFLICT DUPLICATE_CLAIM when the person has another RECORDED claim for the same hospital, kind of care and admission date. */
async function assertNoDuplicate(tx: EntityManager, personId: string, f: Figures, self?: string): Promise<void> {
  const dup = await tx.getRepository(MedicalClaim).findOneBy({
    ...(self ? { id: Not(self) } : {}),
    personId, hospital: f.hospital, careType: f.careType, admissionDate: f.admissionDate, status: MedicalClaimStatus.RECORDED,
  });
  if (dup) throw conflict('this person already has a recorded claim for this hospital, kind of care and admission date', 'DUPLICATE_CLAIM');
}

const CORRECTABLE = [
  'townshipCode', 'hospital', 'diagnosis', 'careType', 'admissionDate', 'dischargeDate', 'totalCost', 'basicInsurancePaid',
  'criticalIllnessInsurancePaid', 'eligibleSelfPay',
] as const;

/** Correct a recorded claim; only the given fields change, the result is validated as a whole. */
export async function correctMedicalClaim(ctx: SubgraphContext, input: CorrectMedicalClaimInput): Promise<MedicalClaim> {
  return auditedWrite(ctx, (tx) => correctMedicalClaimIn(ctx, tx, input));
}

/** `correctMedicalClaim` inside the caller's transaction `tx` (the roster import runs one per row). */
export async function correctMedicalClaimIn(ctx: SubgraphContext, tx: EntityManager, input: CorrectMedicalClaimInput): Promise<MedicalClaim> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkId(input.id, 'id');
  // the person first (as a new claim does), then the claim: a correction must not create a duplicate either
  const claim = await lockedRecord(tx, MedicalClaim, { id }, {
    notFound: 'no medical claim has this id',
    before: (found) => lockPersonForWrite(tx, found.personId),
  });
  if (claim.status === MedicalClaimStatus.WITHDRAWN) throw conflict('a withdrawn claim cannot be corrected', 'CLAIM_WITHDRAWN');
  const merged = { ...claim } as Figures;
  for (const k of CORRECTABLE) if (input[k] != null) (merged as Record<string, unknown>)[k] = input[k];
  const f = validateClaim(merged);
  if (f.hospital !== claim.hospital || f.careType !== claim.careType || f.admissionDate !== claim.admissionDate)
    await assertNoDuplicate(tx, claim.personId, f, claim.id);
  const patch: Partial<MedicalClaim> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of CORRECTABLE)
    if (f[k] !== claim[k]) {
      (patch as Record<string, unknown>)[k] = f[k];
      changes[k] = [auditValue(k, claim[k]), auditValue(k, f[k])];
    }
  if (Object.keys(patch).length) {
    await updateLocked(tx, MedicalClaim, claim, patch);
    ctx.audit.noteWrite({ entity: 'MedicalClaim', key: id, personId: claim.personId, action: 'update', changes });
  }
  return claim;
}

/** Withdraw a recorded claim (dated today in China); it stays on record and counts for nothing. */
export async function withdrawMedicalClaim(ctx: SubgraphContext, input: WithdrawMedicalClaimInput): Promise<MedicalClaim> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkId(input.id, 'id');
  const reason = checkText(input.reason, 'reason', 200);
  return auditedWrite(ctx, async (tx) => {
    const claim = await lockedRecord(tx, MedicalClaim, { id }, { notFound: 'no medical claim has this id' });
    if (claim.status === MedicalClaimStatus.WITHDRAWN) throw conflict('the claim is already withdrawn', 'ALREADY_WITHDRAWN');
    const patch = { status: MedicalClaimStatus.WITHDRAWN, withdrawnOn: todayInChina(), withdrawalReason: reason };
    ctx.audit.noteWrite({
      entity: 'MedicalClaim', key: id, personId: claim.personId, action: 'update',
      changes: { status: [claim.status, patch.status], withdrawnOn: [null, patch.withdrawnOn], withdrawalReason: [null, reason] },
    });
    return updateLocked(tx, MedicalClaim, claim, patch);
  });
}
