import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  assertCanWrite, badInput, conflict, idempotent, lockedRecord, updateLocked, auditedWrite, type Locked, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { CharityProject } from './charity-project.entity';
import { CharityProjectTargetGroup } from './charity-project-target-group.entity';
import { CharityProjectStatus, CharityTargetGroup } from './charity-project.enums';
import type { CloseCharityProjectInput, CreateCharityProjectInput, UpdateCharityProjectInput } from './charity-project.input';
import { CharityDonation } from '../charity-donation/charity-donation.entity';
import { CharityGrant } from '../charity-grant/charity-grant.entity';
import { checkAmount, checkDate, checkText } from '../common/validation';

/** The department that writes charity records (programmes.json). */
export const CHARITY_FEDERATION = 'CHARITY_FEDERATION';
const MAX_BUDGET = '100000000.00';

/**
 * Lock a project row until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one writer at a
 * time) and return it: every write that changes a project's totals goes through here first, so two writes racing for
 * the same balance run one after the other. NOT_FOUND for an unknown id; CONFLICT PROJECT_CLOSED when `open` is asked
 * and the project is closed.
 */
export async function lockProject(tx: EntityManager, id: string, open = true): Promise<Locked<CharityProject>> {
  const project = await lockedRecord(tx, CharityProject, { id }, { notFound: 'no charity project has this id' });
  if (open && project.status === CharityProjectStatus.CLOSED)
    throw conflict('the charity project is closed: its records can no longer change', 'PROJECT_CLOSED');
  return project;
}

/** The earliest and latest date of any record of a project (donations, refunds, grants, withdrawals), as ISO strings. */
async function recordDates(tx: EntityManager, projectId: string): Promise<{ first: string | null; last: string | null }> {
  // dates are cast to text in SQL: the pg driver would otherwise turn a raw date into a local-time Date
  const d = await tx
    .getRepository(CharityDonation)
    .createQueryBuilder('d')
    .select('CAST(MIN(d.receivedOn) AS VARCHAR(10))', 'first')
    .addSelect('CAST(MAX(d.receivedOn) AS VARCHAR(10))', 'last')
    .addSelect('CAST(MAX(d.refundedOn) AS VARCHAR(10))', 'lastUndo')
    .where({ projectId })
    .getRawOne<{ first: string | null; last: string | null; lastUndo: string | null }>();
  const g = await tx
    .getRepository(CharityGrant)
    .createQueryBuilder('g')
    .select('CAST(MIN(g.grantedOn) AS VARCHAR(10))', 'first')
    .addSelect('CAST(MAX(g.grantedOn) AS VARCHAR(10))', 'last')
    .addSelect('CAST(MAX(g.withdrawnOn) AS VARCHAR(10))', 'lastUndo')
    .where({ projectId })
    .getRawOne<{ first: string | null; last: string | null; lastUndo: string | null }>();
  const dates = (xs: (string | null | undefined)[]) => xs.filter((x): x is string => !!x).sort();
  const firsts = dates([d?.first, g?.first]);
  const lasts = dates([d?.last, d?.lastUndo, g?.last, g?.lastUndo]);
  return { first: firsts[0] ?? null, last: lasts[lasts.length - 1] ?? null };
}

function checkTargetGroups(groups: CharityTargetGroup[], field: string): CharityTargetGroup[] {
  if (!groups.length) throw badInput('a charity project needs at least one target group', field, 'EMPTY');
  if (new Set(groups).size !== groups.length) throw badInput('a target group is listed twice', field, 'DUPLICATE');
  return groups;
}

function checkPeriod(startDate: string, endDate: string): void {
  if (endDate < startDate) throw badInput('the end date is before the start date', 'endDate', 'END_BEFORE_START');
}

/** Create a charity project, OPEN, with its target groups (one transaction). Charity federation staff only. */
export async function createCharityProject(ctx: SubgraphContext, input: CreateCharityProjectInput): Promise<CharityProject> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const name = checkText(input.name, 'name', 1, 100);
  const purpose = checkText(input.purpose, 'purpose', 1, 500);
  const groups = checkTargetGroups(input.targetGroups, 'targetGroups');
  const budget = checkAmount(input.budget, 'budget', MAX_BUDGET, true);
  const startDate = checkDate(input.startDate, 'startDate');
  const endDate = checkDate(input.endDate, 'endDate');
  checkPeriod(startDate, endDate);
  return auditedWrite(ctx, (tx) => idempotent(ctx, tx, 'createCharityProject', input, {
    authorize: () => assertCanWrite(ctx.identity, CHARITY_FEDERATION),
    create: async () => {
    const project = tx.getRepository(CharityProject).create({
      id: crypto.randomUUID(), name, purpose, budget, startDate, endDate, status: CharityProjectStatus.OPEN, closedOn: null,
    });
    await tx.getRepository(CharityProject).insert(project);
    await tx.getRepository(CharityProjectTargetGroup).insert(groups.map((targetGroup) => ({ projectId: project.id, targetGroup })));
    ctx.audit.noteWrite({
      entity: 'CharityProject', key: project.id, action: 'create',
      changes: { name: [null, name], budget: [null, budget], startDate: [null, startDate], endDate: [null, endDate], targetGroups: [null, groups] },
    });
    return project;
    },
    reload: (projectId) => tx.getRepository(CharityProject).findOneBy({ id: projectId }),
  }));
}

/** Correct an OPEN project: only the given fields change; new dates must still cover its records. */
export async function updateCharityProject(ctx: SubgraphContext, input: UpdateCharityProjectInput): Promise<CharityProject> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const name = input.name != null ? checkText(input.name, 'name', 1, 100) : undefined;
  const purpose = input.purpose != null ? checkText(input.purpose, 'purpose', 1, 500) : undefined;
  const groups = input.targetGroups != null ? checkTargetGroups(input.targetGroups, 'targetGroups') : undefined;
  const budget = input.budget != null ? checkAmount(input.budget, 'budget', MAX_BUDGET, true) : undefined;
  const startDate = input.startDate != null ? checkDate(input.startDate, 'startDate') : undefined;
  const endDate = input.endDate != null ? checkDate(input.endDate, 'endDate') : undefined;
  return auditedWrite(ctx, async (tx) => {
    const project = await lockProject(tx, id);
    const patch: Partial<CharityProject> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    const set = <K extends keyof CharityProject>(k: K, v: CharityProject[K] | undefined) => {
      if (v !== undefined && v !== project[k]) {
        patch[k] = v;
        changes[k] = [project[k], v];
      }
    };
    set('name', name);
    set('purpose', purpose);
    set('budget', budget);
    set('startDate', startDate);
    set('endDate', endDate);
    const start = patch.startDate ?? project.startDate;
    const end = patch.endDate ?? project.endDate;
    checkPeriod(start, end);
    if (patch.startDate || patch.endDate) {
      const { first, last } = await recordDates(tx, id);
      if ((first && first < start) || (last && last > end))
        throw conflict('the new period would leave donations or grants of the project outside it', 'RECORDS_OUTSIDE_PERIOD');
    }
    await updateLocked(tx, CharityProject, project, patch);
    if (groups) {
      const repo = tx.getRepository(CharityProjectTargetGroup);
      const before = (await repo.findBy({ projectId: id })).map((g) => g.targetGroup).sort();
      const after = [...groups].sort();
      if (before.join() !== after.join()) {
        await repo.delete({ projectId: id });
        await repo.insert(groups.map((targetGroup) => ({ projectId: id, targetGroup })));
        changes.targetGroups = [before, after];
      }
    }
    if (Object.keys(changes).length) ctx.audit.noteWrite({ entity: 'CharityProject', key: id, action: 'update', changes });
    return project;
  });
}

/** Close (结项) an OPEN project on `closedOn`, not before its start nor before any of its records. */
export async function closeCharityProject(ctx: SubgraphContext, input: CloseCharityProjectInput): Promise<CharityProject> {
  assertCanWrite(ctx.identity, CHARITY_FEDERATION);
  const id = checkUuid(input.id, 'id');
  const closedOn = checkDate(input.closedOn, 'closedOn');
  return auditedWrite(ctx, async (tx) => {
    const project = await lockProject(tx, id, false);
    if (project.status === CharityProjectStatus.CLOSED) throw conflict('the charity project is already closed', 'ALREADY_CLOSED');
    if (closedOn < project.startDate) throw badInput('a project cannot close before it starts', 'closedOn', 'BEFORE_START');
    const { last } = await recordDates(tx, id);
    if (last && closedOn < last) throw badInput('a project cannot close before the date of one of its records', 'closedOn', 'BEFORE_LAST_RECORD');
    ctx.audit.noteWrite({
      entity: 'CharityProject', key: id, action: 'update',
      changes: { status: [project.status, CharityProjectStatus.CLOSED], closedOn: [null, closedOn] },
    });
    return updateLocked(tx, CharityProject, project, { status: CharityProjectStatus.CLOSED, closedOn });
  });
}
