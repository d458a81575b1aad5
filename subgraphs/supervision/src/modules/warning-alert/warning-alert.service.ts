import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import {
  assertCanWrite, auditedWrite, badInput, clockToday, forbidden, idempotent, lockedRecord, mayWriteSome, updateLocked, type Locked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { WarningAlert, type StoredEvidence } from './warning-alert.entity';
import { DEPARTMENT, EvidenceCode, WarningAlertStatus, type WarningRuleCode, type WarningSeverity } from './warning-alert.enums';
import type { AssignWarningAlertInput, DismissWarningAlertInput, ResolveWarningAlertInput, WarningAlertChangeInput } from './warning-alert.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const S = WarningAlertStatus;

/** The operations that change an alert's handling. */
export type AlertOperation = 'assign' | 'resolve' | 'dismiss';

/** 处理流程 The legal transitions; everything else is CONFLICT ILLEGAL_TRANSITION and changes nothing. */
export const ALERT_EDGES: readonly { op: AlertOperation; from: WarningAlertStatus; to: WarningAlertStatus }[] = [
  { op: 'assign', from: S.OPEN, to: S.ASSIGNED },
  { op: 'assign', from: S.ASSIGNED, to: S.ASSIGNED },
  { op: 'resolve', from: S.OPEN, to: S.RESOLVED },
  { op: 'resolve', from: S.ASSIGNED, to: S.RESOLVED },
  { op: 'dismiss', from: S.OPEN, to: S.DISMISSED },
  { op: 'dismiss', from: S.ASSIGNED, to: S.DISMISSED },
];

function illegalTransition(from: WarningAlertStatus, to: WarningAlertStatus): GraphQLError {
  return new GraphQLError(`an alert that is ${from} cannot become ${to}; nothing was changed`, { extensions: { code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from, to } });
}

function checkText(value: string | null | undefined, field: string, max: number, required = false): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (required) throw badInput(`\`${field}\` is required`, field, 'REQUIRED');
    return null;
  }
  if (Array.from(text).length > max) throw badInput(`\`${field}\` is longer than ${max} characters`, field, 'TOO_LONG');
  return text;
}

/** FORBIDDEN unless the caller may handle alerts: supervision officers (市社会救助监管) only. */
function authorize(ctx: SubgraphContext): void {
  if (!mayWriteSome(ctx.identity, DEPARTMENT)) throw forbidden('only supervision officers (SUPERVISION) handle alerts');
}

/**
 * The one way an alert's handling changes: check the input, lock the alert, check the version (CONFLICT STALE_VERSION)
 * and the transition (CONFLICT ILLEGAL_TRANSITION), write the change with version + 1 and its audit entry, in one
 * transaction; a retry with the same idempotencyKey returns the alert as it is now.
 */
async function changeAlert(
  ctx: SubgraphContext,
  operation: string,
  input: WarningAlertChangeInput,
  op: AlertOperation,
  to: WarningAlertStatus,
  patchOf: (alert: Locked<WarningAlert>) => Partial<WarningAlert>,
): Promise<WarningAlert> {
  authorize(ctx);
  if (!UUID.test(input.id)) throw badInput('`id` is not an alert id (a UUID)', 'id', 'BAD_ID');
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) throw badInput('`expectedVersion` must be 1 or more', 'expectedVersion', 'TOO_SMALL');
  const note = checkText(input.note, 'note', 2000);
  const id = input.id.toLowerCase();
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, operation, input, {
      authorize: () => authorize(ctx),
      reload: (rid) => tx.getRepository(WarningAlert).findOneBy({ id: rid }),
      create: async () => {
        const alert = await lockedRecord(tx, WarningAlert, { id }, { notFound: 'no alert has this id' });
        assertCanWrite(ctx.identity, DEPARTMENT, alert.townshipCode);
        if (alert.version !== input.expectedVersion)
          throw new GraphQLError(`the alert changed since version ${input.expectedVersion} (it is at version ${alert.version}): reload it; nothing was changed`, {
            extensions: { code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: input.expectedVersion, currentVersion: alert.version },
          });
        if (!ALERT_EDGES.some((e) => e.op === op && e.from === alert.status && e.to === to)) throw illegalTransition(alert.status, to);
        const patch: Partial<WarningAlert> = { ...patchOf(alert), status: to, note, version: alert.version + 1 };
        const changes: Record<string, [unknown, unknown]> = {};
        for (const [k, v] of Object.entries(patch)) {
          const old = (alert as unknown as Record<string, unknown>)[k];
          if ((old ?? null) !== (v ?? null)) changes[k] = [old ?? null, k === 'note' ? (v ? 'written' : null) : v ?? null];
        }
        const updated = await updateLocked(tx, WarningAlert, alert, patch);
        ctx.audit.noteWrite({ entity: 'WarningAlert', key: updated.id, personId: updated.personId, action: 'update', changes });
        return updated;
      },
    }),
  );
}

export function assignWarningAlert(ctx: SubgraphContext, input: AssignWarningAlertInput): Promise<WarningAlert> {
  const assignee = checkText(input.assignee, 'assignee', 128, true)!;
  return changeAlert(ctx, 'assignWarningAlert', input, 'assign', S.ASSIGNED, () => ({ assignedTo: assignee }));
}

export function resolveWarningAlert(ctx: SubgraphContext, input: ResolveWarningAlertInput): Promise<WarningAlert> {
  return changeAlert(ctx, 'resolveWarningAlert', input, 'resolve', S.RESOLVED, () => ({ resolutionReason: input.reason }));
}

export function dismissWarningAlert(ctx: SubgraphContext, input: DismissWarningAlertInput): Promise<WarningAlert> {
  return changeAlert(ctx, 'dismissWarningAlert', input, 'dismiss', S.DISMISSED, () => ({ dismissalReason: input.reason }));
}

// ---------------------------------------------------------------------------------------------------------------------
// findings of a rule run

/** One finding of a rule about one person (the rule engine's output). */
export interface Finding {
  rule: WarningRuleCode;
  severity: WarningSeverity;
  personId: string;
  townshipCode: string;
  evidence: StoredEvidence[];
}

/** The unique key of a finding: sha256 of the rule, the person and the evidence's records (sorted), never of amounts or dates. */
export function findingKeyOf(f: Pick<Finding, 'rule' | 'personId' | 'evidence'>): string {
  // a missed review is identified by its due date too: each review date missed is a finding of its own
  const records = f.evidence.map((e) => `${e.department}:${e.recordType}:${e.recordId}${e.code === EvidenceCode.REVIEW_OVERDUE ? `:${e.since}` : ''}`).sort();
  return crypto.createHash('sha256').update(JSON.stringify([f.rule, f.personId.toLowerCase(), [...new Set(records)]])).digest('hex');
}

/** The departments of a finding's evidence, each once, in the order found. */
export function departmentsOf(evidence: StoredEvidence[]): string[] {
  return [...new Set(evidence.map((e) => e.department))];
}

/**
 * Store one page of findings of run `runId` in the transaction `tx`: a new finding is raised (OPEN, version 1, audited
 * as a write of the run's caller); one already raised (by its key, whatever its status) gets lastSeenOn and lastRunId
 * only. Returns how many were raised and seen.
 */
export async function storeFindings(ctx: SubgraphContext, tx: EntityManager, runId: string, findings: Finding[]): Promise<{ raised: number; seen: number }> {
  if (!findings.length) return { raised: 0, seen: 0 };
  const today = clockToday();
  const byKey = new Map<string, Finding>();
  for (const f of findings) byKey.set(findingKeyOf(f), f);
  const repo = tx.getRepository(WarningAlert);
  const keys = [...byKey.keys()];
  const existing = await repo.find({ where: { findingKey: In(keys) }, select: { id: true, findingKey: true } });
  const known = new Set(existing.map((e) => e.findingKey));
  if (existing.length) await repo.update({ id: In(existing.map((e) => e.id)) }, { lastSeenOn: today, lastRunId: runId });
  const fresh = keys.filter((k) => !known.has(k)).map((k) => {
    const f = byKey.get(k)!;
    return repo.create({
      id: crypto.randomUUID(), findingKey: k, rule: f.rule, severity: f.severity, personId: f.personId.toLowerCase(), townshipCode: f.townshipCode,
      departments: departmentsOf(f.evidence), evidence: f.evidence, status: S.OPEN, assignedTo: null, resolutionReason: null, dismissalReason: null,
      note: null, raisedOn: today, lastSeenOn: today, lastRunId: runId, version: 1,
    });
  });
  if (fresh.length) await repo.insert(fresh);
  for (const a of fresh)
    ctx.audit.noteWrite({ entity: 'WarningAlert', key: a.id, personId: a.personId, action: 'create', changes: { rule: [null, a.rule], status: [null, a.status], departments: [null, a.departments.join(',')] } });
  return { raised: fresh.length, seen: existing.length };
}
