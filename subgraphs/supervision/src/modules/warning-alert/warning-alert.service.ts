import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, type EntityManager } from 'typeorm';
import {
  assertCanWrite, auditedWrite, badInput, checkOptionalText, checkUuid, clockToday, forbidden, idempotent, lockedRecord, mayWriteSome, updateLocked, type Locked, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { WarningAlert, type StoredEvidence } from './warning-alert.entity';
import { DEPARTMENT, EvidenceCode, WarningAlertStatus, type WarningRuleCode, type WarningSeverity } from './warning-alert.enums';
import { impliedClasses, type ClassRef } from './access';
import type { AssignWarningAlertInput, DismissWarningAlertInput, ResolveWarningAlertInput, WarningAlertChangeInput } from './warning-alert.input';

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

/** The longest note of an alert's change (characters, code points). */
export const ALERT_NOTE_MAX = 2000;

/** A staff account as a token names it (the JWT `sub`): 1-128 printable ASCII characters, no white space. */
const STAFF_SUBJECT = /^[\x21-\x7e]{1,128}$/;

/**
 * 分派规则 The assignee of an alert: a staff account of the supervision office (市社会救助监管), named by its token subject
 * (1-128 printable ASCII characters without white space: BAD_USER_INPUT BAD_FORMAT otherwise). Only supervision officers
 * assign (authorize), and an alert is handled within the office that raised it: the departments it concerns are told by
 * its `departments` and read it under their own rules, they are not its assignees. Reassigning to the one it is assigned
 * to is BAD_USER_INPUT SAME_ASSIGNEE (nothing would change).
 */
function checkAssignee(value: string): string {
  const assignee = checkOptionalText(value, 'assignee', { required: true, max: 128 })!;
  if (!STAFF_SUBJECT.test(assignee)) throw badInput('`assignee` is a staff account\'s token subject: printable ASCII characters without white space', 'assignee', 'BAD_FORMAT');
  return assignee;
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
  const id = checkUuid(input.id, 'id');
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) throw badInput('`expectedVersion` must be 1 or more', 'expectedVersion', 'TOO_SMALL');
  // a resolution or a dismissal says why in words too (the reason code is the category): required there, optional on assignment
  const note = checkOptionalText(input.note, 'note', { required: op !== 'assign', max: ALERT_NOTE_MAX });
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
        // RESOLVED and DISMISSED are final: the alert is no longer the person's open finding of its rule
        const updated = await updateLocked(tx, WarningAlert, alert, to === S.ASSIGNED ? patch : { ...patch, openKey: null });
        ctx.audit.noteWrite({ entity: 'WarningAlert', key: updated.id, personId: updated.personId, action: 'update', changes });
        return updated;
      },
    }),
  );
}

export function assignWarningAlert(ctx: SubgraphContext, input: AssignWarningAlertInput): Promise<WarningAlert> {
  const assignee = checkAssignee(input.assignee);
  return changeAlert(ctx, 'assignWarningAlert', input, 'assign', S.ASSIGNED, (alert) => {
    if (alert.assignedTo === assignee) throw badInput('the alert is assigned to this account already: nothing was changed', 'assignee', 'SAME_ASSIGNEE');
    return { assignedTo: assignee };
  });
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
  /** classes this finding implies beyond its rule's and its items' (single-person coverage behind a MARGINAL category) */
  implies?: ClassRef[];
}

/** An evidence item's identity: its record and code; a missed review also by its due date (a new date is a new record to check). */
function itemKey(e: StoredEvidence): string {
  return `${e.department}:${e.recordType}:${e.recordId}:${e.code}${e.code === EvidenceCode.REVIEW_OVERDUE ? `:${e.since}` : ''}`;
}

/** The evidence digest: sha256 of the rule, the person and the evidence's items (sorted), never of amounts or dates. */
export function evidenceDigestOf(f: Pick<Finding, 'rule' | 'personId' | 'evidence'>): string {
  const items = [...new Set(f.evidence.map(itemKey))].sort();
  return crypto.createHash('sha256').update(JSON.stringify([f.rule, f.personId.toLowerCase(), items])).digest('hex');
}

/** The key of the one open alert of a rule about a person. */
export const openKeyOf = (rule: WarningRuleCode, personId: string): string => `${rule}:${personId.toLowerCase()}`;

/** The departments of a finding's evidence, each once, in the order found. */
export function departmentsOf(evidence: StoredEvidence[]): string[] {
  return [...new Set(evidence.map((e) => e.department))];
}

/** Two evidence lists as one: each item once (by itemKey), the later one's amounts and dates winning. */
function mergeEvidence(a: StoredEvidence[], b: StoredEvidence[]): StoredEvidence[] {
  const byKey = new Map<string, StoredEvidence>();
  for (const e of [...a, ...b]) byKey.set(itemKey(e), e);
  return [...byKey.values()];
}

/** What a run has counted so far (the alerts it raised or saw: each counted once however many pages find it). */
export interface RunTally {
  counted: Set<string>;
}

/**
 * Store one page of findings of run `runId` in the transaction `tx`, the findings of one rule about one person as one
 * (their evidence merged). For each (rule, person):
 * - an alert OPEN or ASSIGNED (openKey): its evidence becomes the finding's — items added and removed, amounts and dates
 *   refreshed (merged with what earlier pages of the same run found) — with its departments, classes and digest, and
 *   lastSeenOn / lastRunId; its handling and version are untouched (seen);
 * - else a DISMISSED alert whose evidence already holds every item of the finding: left as it was (seen) — a dismissed
 *   false positive is not raised again while its evidence brings nothing new;
 * - else a new alert (OPEN, version 1, audited as a write of the run's caller): raised. A RESOLVED alert stays as it was.
 * `implies` are the rule's classes (WarningRule.implies). Returns how many were raised and seen.
 */
export async function storeFindings(
  ctx: SubgraphContext, tx: EntityManager, runId: string, findings: Finding[], implies: readonly ClassRef[] = [], tally: RunTally = { counted: new Set() },
): Promise<{ raised: number; seen: number }> {
  if (!findings.length) return { raised: 0, seen: 0 };
  const today = clockToday();
  const groups = new Map<string, Finding>();
  for (const f of findings) {
    const key = openKeyOf(f.rule, f.personId);
    const g = groups.get(key);
    if (g) groups.set(key, { ...g, townshipCode: f.townshipCode, evidence: mergeEvidence(g.evidence, f.evidence), implies: [...(g.implies ?? []), ...(f.implies ?? [])] });
    else groups.set(key, { ...f, personId: f.personId.toLowerCase() });
  }
  const repo = tx.getRepository(WarningAlert);
  const open = new Map((await repo.find({ where: { openKey: In([...groups.keys()]) } })).map((a) => [a.openKey!, a]));
  const rules = [...new Set([...groups.values()].map((g) => g.rule))];
  const closedPersons = [...groups.entries()].filter(([k]) => !open.has(k)).map(([, g]) => g.personId);
  const dismissed = closedPersons.length
    ? await repo.find({ where: { status: S.DISMISSED, rule: In(rules), personId: In(closedPersons) } })
    : [];
  const fresh: WarningAlert[] = [];
  let seen = 0;
  const count = (id: string): void => {
    if (!tally.counted.has(id)) seen++;
    tally.counted.add(id);
  };
  for (const [key, g] of groups) {
    const a = open.get(key);
    if (a) {
      // a later page of the same run adds to what the run found; a new run's finding replaces the last
      const sameRun = a.lastRunId === runId;
      const evidence = sameRun ? mergeEvidence(a.evidence, g.evidence) : g.evidence;
      const classes = [...new Set([...(sameRun ? a.classes : []), ...impliedClasses(implies, evidence, g.implies)])].sort();
      const digest = evidenceDigestOf({ rule: g.rule, personId: g.personId, evidence });
      const departments = departmentsOf(evidence);
      // only while still open: a dismissal committed meanwhile leaves the dismissed alert as it was
      await repo.update({ id: a.id, openKey: key }, { evidence, departments, classes, evidenceDigest: digest, lastSeenOn: today, lastRunId: runId });
      if (digest !== a.evidenceDigest)
        ctx.audit.noteWrite({ entity: 'WarningAlert', key: a.id, personId: a.personId, action: 'update', changes: { departments: [a.departments.join(','), departments.join(',')], evidence: [a.evidence.length, evidence.length] } });
      count(a.id);
      continue;
    }
    const keys = g.evidence.map(itemKey);
    const old = dismissed.find((d) => d.rule === g.rule && d.personId === g.personId && keys.every((k) => d.evidence.some((e) => itemKey(e) === k)));
    if (old) {
      count(old.id);
      continue;
    }
    const alert = repo.create({
      id: crypto.randomUUID(), openKey: key, evidenceDigest: evidenceDigestOf(g), classes: impliedClasses(implies, g.evidence, g.implies), rule: g.rule, severity: g.severity,
      personId: g.personId, townshipCode: g.townshipCode, departments: departmentsOf(g.evidence), evidence: g.evidence, status: S.OPEN, assignedTo: null,
      resolutionReason: null, dismissalReason: null, note: null, raisedOn: today, lastSeenOn: today, lastRunId: runId, version: 1,
    });
    fresh.push(alert);
  }
  // the page's new alerts in one statement (a rule's first run over the city raises thousands)
  if (fresh.length) await repo.insert(fresh);
  for (const alert of fresh) {
    tally.counted.add(alert.id);
    ctx.audit.noteWrite({ entity: 'WarningAlert', key: alert.id, personId: alert.personId, action: 'create', changes: { rule: [null, alert.rule], status: [null, alert.status], departments: [null, alert.departments.join(',')] } });
  }
  return { raised: fresh.length, seen };
}
