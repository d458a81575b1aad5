import crypto from 'node:crypto';
import {
  assertCanWrite, badInput, idempotent, isVillageCode, lockedRecord, updateLocked, type SubgraphContext,
  assertPersonsInRegistry, checkAmountAtMost, checkDateInWindow, checkUuid,
} from '@aidgraph/subgraph-kit';
import { DilapidatedHouseRenovation } from './dilapidated-house-renovation.entity';
import { DilapidatedHouseRenovationStatus } from './dilapidated-house-renovation.enums';
import type { CorrectDilapidatedHouseRenovationInput, RecordDilapidatedHouseRenovationInput } from './dilapidated-house-renovation.input';
import { HOUSING, checkPositiveYuan, checkTownship } from '../common/checks';
import { housingWrite } from '../common/transaction';
import { assertRenovationFits } from '../housing-assistance/exclusion.rules';
import { earliestRenovationDate, renovationSubsidyLimit } from '../common/housing-limits';

/** Upper bound of a renovation subsidy: a guard against typing errors (subsidies are tens of thousands of yuan). */
const MAX_SUBSIDY = '100000.00';

/**
 * 农村危房改造 is for rural households. Civil affairs owns the household's urban/rural standing, which this subgraph
 * cannot see; what it can check is the village code given for the house: by the National Bureau of Statistics' coding
 * rules (统计用区划代码编制规则) the last three digits of a village-level code are 001-199 for a residents' committee
 * (居民委员会, urban community), 200-399 for a village committee (村民委员会), 400-499 and 500-599 for units like them.
 */
export function isRuralVillageCode(code: string): boolean {
  const n = Number(code.slice(9));
  return (n >= 200 && n <= 399) || (n >= 500 && n <= 599);
}

function checkVillage(villageCode: string, townshipCode: string): string {
  if (!isVillageCode(villageCode) || villageCode.slice(0, 9) !== townshipCode)
    throw badInput('`villageCode` must be the 12-digit code of a village of the township', 'villageCode', 'UNKNOWN_VILLAGE');
  if (!isRuralVillageCode(villageCode))
    throw badInput('dilapidated-house renovation is for rural households: this is an urban community\'s code, not a village committee\'s', 'villageCode', 'NOT_RURAL');
  return villageCode;
}

/** The completion date goes with status COMPLETED, and the works end on or after the assessment. */
function checkCompletion(status: DilapidatedHouseRenovationStatus, assessedOn: string, completedOn: string | null): void {
  if (status === DilapidatedHouseRenovationStatus.COMPLETED && !completedOn)
    throw badInput('a completed renovation needs its completion date', 'completedOn', 'COMPLETION_DATE_REQUIRED');
  if (status !== DilapidatedHouseRenovationStatus.COMPLETED && completedOn)
    throw badInput('a completion date goes with status COMPLETED', 'completedOn', 'NOT_COMPLETED');
  if (completedOn && completedOn < assessedOn) throw badInput('the works cannot be completed before the assessment', 'completedOn', 'PERIOD_OUT_OF_ORDER');
}

/** The assessment date: a calendar date, not before the renovation limits table's first entry, not in the future. */
function checkAssessedOn(value: string): string {
  return checkDateInWindow(value, 'assessedOn', { earliest: earliestRenovationDate(), earliestWhat: 'the first entry of the renovation subsidy limits table' });
}

/** AMOUNT_ABOVE_LIMIT when the subsidy is above the grade's limit in force on the assessment date (renovation-subsidy-limits.json). */
function checkSubsidyLimit(grade: 'C' | 'D', assessedOn: string, subsidy: string): void {
  const limit = renovationSubsidyLimit(grade, assessedOn);
  if (limit) checkAmountAtMost(subsidy, 'subsidy', limit);
}

/** Validate and record a renovation (one transaction). Housing officers only. */
export async function recordDilapidatedHouseRenovation(ctx: SubgraphContext, input: RecordDilapidatedHouseRenovationInput): Promise<DilapidatedHouseRenovation> {
  assertCanWrite(ctx.identity, HOUSING);
  const householdId = checkUuid(input.householdId, 'householdId');
  const personId = checkUuid(input.applicantId, 'applicantId');
  const townshipCode = checkTownship(input.townshipCode, 'townshipCode');
  const villageCode = checkVillage(input.villageCode, townshipCode);
  const subsidy = checkPositiveYuan(input.subsidy, MAX_SUBSIDY, 'subsidy');
  const assessedOn = checkAssessedOn(input.assessedOn);
  const completedOn = input.completedOn != null ? checkDateInWindow(input.completedOn, 'completedOn') : null;
  checkSubsidyLimit(input.grade, assessedOn, subsidy);
  await assertPersonsInRegistry(ctx, [{ id: personId, field: 'applicantId' }], { active: true });
  const status = completedOn ? DilapidatedHouseRenovationStatus.COMPLETED : DilapidatedHouseRenovationStatus.APPROVED;
  checkCompletion(status, assessedOn, completedOn);
  return housingWrite(ctx, (tx) => idempotent(ctx, tx, 'recordDilapidatedHouseRenovation', input, {
    authorize: () => assertCanWrite(ctx.identity, HOUSING),
    create: async () => {
    const repo = tx.getRepository(DilapidatedHouseRenovation);
    const rec = repo.create({
      id: crypto.randomUUID(), householdId, personId, villageCode, grade: input.grade, subsidy, assessedOn, completedOn, status, townshipCode,
    });
    await assertRenovationFits(tx, rec);
    await repo.insert(rec);
    ctx.audit.noteWrite({
      entity: 'DilapidatedHouseRenovation', key: rec.id, personId, action: 'create',
      changes: { grade: [null, rec.grade], subsidy: [null, subsidy], assessedOn: [null, assessedOn], completedOn: [null, completedOn], status: [null, status] },
    });
    return rec;
    },
    reload: (id) => tx.getRepository(DilapidatedHouseRenovation).findOneBy({ id }),
  }));
}

/** Correct a renovation; only the given fields change, and the result must pass the rules of a new record. */
export async function correctDilapidatedHouseRenovation(
  ctx: SubgraphContext,
  input: CorrectDilapidatedHouseRenovationInput,
): Promise<DilapidatedHouseRenovation> {
  assertCanWrite(ctx.identity, HOUSING);
  const id = checkUuid(input.id, 'id');
  const subsidy = input.subsidy != null ? checkPositiveYuan(input.subsidy, MAX_SUBSIDY, 'subsidy') : undefined;
  const assessedOn = input.assessedOn != null ? checkAssessedOn(input.assessedOn) : undefined;
  const completedOn = input.completedOn != null ? checkDateInWindow(input.completedOn, 'completedOn') : undefined;
  return housingWrite(ctx, async (tx) => {
    // locked until the transaction ends: concurrent corrections run one after the other, each on the one before it
    const rec = await lockedRecord(tx, DilapidatedHouseRenovation, { id }, { notFound: 'no dilapidated-house renovation has this id' });
    const status = input.status ?? rec.status;
    const next = {
      grade: input.grade ?? rec.grade,
      subsidy: subsidy ?? rec.subsidy,
      assessedOn: assessedOn ?? rec.assessedOn,
      status,
      // leaving COMPLETED clears the completion date; a date given with another status is refused by checkCompletion
      completedOn: completedOn ?? (status === DilapidatedHouseRenovationStatus.COMPLETED ? rec.completedOn : null),
    };
    checkCompletion(next.status, next.assessedOn, next.completedOn);
    if (subsidy !== undefined || input.grade != null || assessedOn !== undefined) checkSubsidyLimit(next.grade, next.assessedOn, next.subsidy);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] !== rec[k]) changes[k] = [rec[k], next[k]];
    if (!Object.keys(changes).length) return rec;
    await assertRenovationFits(tx, { ...rec, ...next, id: rec.id });
    await updateLocked(tx, DilapidatedHouseRenovation, rec, next);
    ctx.audit.noteWrite({ entity: 'DilapidatedHouseRenovation', key: rec.id, personId: rec.personId, action: 'update', changes });
    return rec;
  });
}
