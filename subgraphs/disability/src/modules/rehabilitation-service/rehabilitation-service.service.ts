import crypto from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import {
  Decimal, ageOn, assertCanWrite, auditedWrite, badInput, conflict, idempotent, lockedRecord, updateLocked,
  type SubgraphContext, assertPersonsInRegistry, checkAmountAtMost, lockPersonForWrite, checkUuid,
} from '@aidgraph/subgraph-kit';
import { RehabilitationService } from './rehabilitation-service.entity';
import { CHILD_PROGRAMMES, PROGRAMME_KINDS, RehabilitationProgramme, RehabilitationServiceStatus } from './rehabilitation-service.enums';
import type { CorrectRehabilitationServiceInput, RecordRehabilitationServiceInput } from './rehabilitation-service.input';
import { DEPARTMENT } from '../disability-certificate/disability-certificate.entity';
import { birthDateFromCertificates } from '../disability-certificate/disability-certificate.service';
import { checkDate, checkTownship } from '../common/validation';

/** An input sanity bound (not a policy cap): no single service record above this. */
const MAX_AMOUNT = new Decimal('100000');

function checkAmount(amount: string): string {
  const a = new Decimal(amount);
  if (!a.greaterThan(0)) throw badInput('the amount must be above 0 yuan', 'amount', 'BAD_AMOUNT');
  checkAmountAtMost(a, 'amount', { max: MAX_AMOUNT, what: 'the most one rehabilitation service record may cost' });
  return a.toFixed(2);
}

/** Days ahead a service may start (approved services start within the coming quarter); an end up to two years ahead. */
const START_DAYS_AHEAD = 92;
const END_DAYS_AHEAD = 2 * 366;

function checkProvider(provider: string): string {
  const p = provider.trim();
  if (p.length < 1 || p.length > 100) throw badInput('the provider needs 1-100 characters', 'provider', 'BAD_LENGTH');
  return p;
}

function checkPeriod(startDate: string, endDate: string | null, status: RehabilitationServiceStatus): void {
  if (endDate && endDate < startDate) throw badInput('a service cannot end before it starts', 'endDate', 'BEFORE_START');
  if (status === RehabilitationServiceStatus.COMPLETED && !endDate) throw badInput('a completed service needs its last day', 'endDate', 'REQUIRED_WHEN_COMPLETED');
}

/** Children's programmes are for persons under 18 on the start date, the adult programme for 18 and over (where the birth date is known). */
async function checkAge(tx: EntityManager, personId: string, programme: RehabilitationProgramme, startDate: string): Promise<void> {
  const birthDate = await birthDateFromCertificates(tx, personId);
  if (!birthDate) return;
  const age = ageOn(birthDate, startDate);
  if (CHILD_PROGRAMMES.includes(programme) && age >= 18)
    throw badInput('the children\'s programmes are for persons under 18 on the start date', 'programme', 'CHILD_PROGRAMME_AGE');
  if (programme === RehabilitationProgramme.ADULT_REHABILITATION && age < 18)
    throw badInput('the adult programme is for persons 18 and over; use a children\'s programme', 'programme', 'ADULT_PROGRAMME_AGE');
}

/** Record a rehabilitation service in one transaction (federation officers); the person's records are locked before the duplicate check. */
export async function recordRehabilitationService(ctx: SubgraphContext, input: RecordRehabilitationServiceInput): Promise<RehabilitationService> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const personId = checkUuid(input.personId, 'personId');
  if (!PROGRAMME_KINDS[input.programme].includes(input.kind))
    throw badInput('this programme does not pay for this kind of service', 'kind', 'KIND_NOT_IN_PROGRAMME');
  const provider = checkProvider(input.provider);
  const startDate = checkDate(input.startDate, 'startDate', { maxFutureDays: START_DAYS_AHEAD });
  const endDate = input.endDate != null ? checkDate(input.endDate, 'endDate', { maxFutureDays: END_DAYS_AHEAD }) : null;
  const status = input.status ?? RehabilitationServiceStatus.APPROVED;
  checkPeriod(startDate, endDate, status);
  const amount = checkAmount(input.amount);
  const townshipCode = checkTownship(input.townshipCode);
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'personId' }], { active: true });
  return auditedWrite(ctx, (tx) => idempotent(ctx, tx, 'recordRehabilitationService', input, {
    authorize: () => assertCanWrite(ctx.identity, DEPARTMENT),
    create: async () => {
    await lockPersonForWrite(tx, personId);
    await checkAge(tx, personId, input.programme, startDate);
    const repo = tx.getRepository(RehabilitationService);
    const dup = await repo.findOneBy({ personId, programme: input.programme, kind: input.kind, startDate, status: Not(RehabilitationServiceStatus.CANCELLED) });
    if (dup) throw conflict('this service is already recorded for the person', 'DUPLICATE_SERVICE');
    const s = repo.create({ id: crypto.randomUUID(), personId, programme: input.programme, kind: input.kind, provider, startDate, endDate, amount, status, townshipCode });
    await repo.insert(s);
    ctx.audit.noteWrite({
      entity: 'RehabilitationService', key: s.id, personId, action: 'create',
      changes: { programme: [null, s.programme], kind: [null, s.kind], amount: [null, amount], startDate: [null, startDate] },
    });
    return s;
    },
    reload: (id) => tx.getRepository(RehabilitationService).findOneBy({ id }),
  }));
}

/** Correct or update a rehabilitation service in one transaction (federation officers); only the given fields change. */
export async function correctRehabilitationService(ctx: SubgraphContext, input: CorrectRehabilitationServiceInput): Promise<RehabilitationService> {
  assertCanWrite(ctx.identity, DEPARTMENT);
  const id = checkUuid(input.id, 'id');
  const provider = input.provider != null ? checkProvider(input.provider) : undefined;
  if (input.startDate != null) checkDate(input.startDate, 'startDate', { maxFutureDays: START_DAYS_AHEAD });
  if (input.endDate != null) checkDate(input.endDate, 'endDate', { maxFutureDays: END_DAYS_AHEAD });
  const amount = input.amount != null ? checkAmount(input.amount) : undefined;
  return auditedWrite(ctx, async (tx) => {
    // locked until the transaction ends: concurrent corrections run one after the other, each on the one before it
    const s = await lockedRecord(tx, RehabilitationService, { id }, { notFound: 'no rehabilitation service has this id' });
    const next = {
      provider: provider ?? s.provider, startDate: input.startDate ?? s.startDate, endDate: input.endDate ?? s.endDate,
      amount: amount ?? s.amount, status: input.status ?? s.status,
    };
    checkPeriod(next.startDate, next.endDate, next.status);
    if (next.startDate !== s.startDate) await checkAge(tx, s.personId, s.programme, next.startDate);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(next) as [keyof typeof next, string | null][]) if (s[k] !== v) changes[k] = [s[k], v];
    if (Object.keys(changes).length) {
      await updateLocked(tx, RehabilitationService, s, next);
      ctx.audit.noteWrite({ entity: 'RehabilitationService', key: s.id, personId: s.personId, action: 'update', changes });
    }
    return s;
  });
}
