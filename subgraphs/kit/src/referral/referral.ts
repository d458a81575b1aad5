import { clockToday } from '../clock';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root, getMetadataStorage, registerEnumType } from 'type-graphql';
import { Column, Entity, In, Index, PrimaryColumn, Table, TableIndex, type EntityManager, type QueryRunner } from 'typeorm';
import { badInput, conflict, notFound } from '../errors';
import { Protected, assertCanWrite, inScope, rowScope } from '../access/policy';
import { outcomeFor, type DataClass } from '../access/classification';
import { ACCESS_EXTENSION, type AccessDeclaration } from '../access/declarations';
import { defineLoader, groupedByKey, inKeyOrder, type SubgraphContext } from '../context';
import { auditedWrite } from '../audit/chain';
import { IdempotencyKeyField, idempotent } from '../db/idempotency';
import { lockPersonForWrite } from '../db/transaction';
import { uuidType } from '../db/migration-types';
import { todayInChina } from '../domain/plausibility';
import { assertHouseholdInRegistry } from '../registry/registry-lookup';
import { verifyReferralTicket } from './ticket';

/**
 * 协同办理 The department side of referrals, built once for every department subgraph (`defineReferralDecisions`).
 *
 * The service centre owns the entity `Referral` (@key id): one per requested programme that another department runs,
 * created when the application is accepted, with a signed `ticket` (ticket.ts). A department decides a referral in its
 * own subgraph with `decide<Name>Referral(input: { ticket, outcome, reason, note, recordId, idempotencyKey })`: accepted
 * with the record it created (e.g. an education aid), or refused with a reason code (ReferralRefusalReason); the
 * department's own words go in `note`, under its records class (referralNoteClass), which the service centre does not see. The decision is a row of the department's
 * own database (table `referral_decision`, one per referral), and the department adds it to the entity as
 * `Referral.<name>Decision`, so that one query through the gateway shows every department's decision on an application.
 */

/** The service centre's description of Referral, word for word (each department's stub repeats it for composition). */
export const REFERRAL_DESCRIPTION =
  '协同办理 A referral of an accepted application (一窗受理) to the department that runs one of its requested programmes: made when ' +
  'the application is accepted, decided by that department in its own subgraph (each department adds its decision as a field).';
/** The description of Referral.id, word for word in every subgraph. */
export const REFERRAL_ID_DESCRIPTION = 'Opaque, stable identifier (a UUID v5 of the application id and the programme: referralIdOf).';

/** 协同办理结果 What a department decided on a referral. Registered once, the same in every subgraph that uses it. */
export enum ReferralOutcome {
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
}
registerEnumType(ReferralOutcome, {
  name: 'ReferralOutcome',
  description: '协同办理结果 What a department decided on a referral.',
  valuesConfig: {
    ACCEPTED: { description: '受理 Accepted: the department granted the assistance and names the record it created.' },
    REFUSED: { description: '不予受理 Refused, with the reason code.' },
  },
});

/**
 * 不予受理原因 Why a department refused a referral: a code, never free text, because the service centre and the
 * township's staff read it and a text would carry health details ("确诊HIV"). The department's own words go in the
 * decision's `note`, under the department's records class.
 */
export enum ReferralRefusalReason {
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  ALREADY_ASSISTED = 'ALREADY_ASSISTED',
  DOCUMENTS_INSUFFICIENT = 'DOCUMENTS_INSUFFICIENT',
  OUT_OF_JURISDICTION = 'OUT_OF_JURISDICTION',
  WITHDRAWN = 'WITHDRAWN',
  OTHER = 'OTHER',
}
registerEnumType(ReferralRefusalReason, {
  name: 'ReferralRefusalReason',
  description: '不予受理原因 Why a department refused a referral (a code: the service centre sees it; the department\'s own words are its `note`).',
  valuesConfig: {
    NOT_ELIGIBLE: { description: '不符合救助条件 The applicant does not meet the programme\'s conditions.' },
    ALREADY_ASSISTED: { description: '已享受同类救助 The applicant already receives the same kind of assistance (no double assistance).' },
    DOCUMENTS_INSUFFICIENT: { description: '材料不全 The documents required are still missing after the one-time notice (一次性告知).' },
    OUT_OF_JURISDICTION: { description: '不属本部门管辖 The matter is not this department\'s (another office, another place).' },
    WITHDRAWN: { description: '申请人撤回 The applicant withdrew the request.' },
    OTHER: { description: '其他 Another reason (the department\'s note, in its own records, says which).' },
  },
});

/** The class of a department's note on a decision: its own records' class (health for the health departments). */
export function referralNoteClass(department: string): { class: DataClass; owner: string } {
  const health: Record<string, DataClass> = { MEDICAL_SECURITY: 'health.medical', DISABLED_PERSONS_FEDERATION: 'health.disability', CHARITY_FEDERATION: 'health.charity' };
  return { class: health[department] ?? 'department.record', owner: department };
}

/**
 * 协同办理决定 One department's decision on one referral, in that department's database. `id` is the referral's id (one
 * decision per referral); the referral's facts come from its verified ticket.
 */
@Entity('referral_decision')
@Index('referral_decision_person_idx', ['personId'])
@Index('referral_decision_application_idx', ['applicationId'])
export class ReferralDecision {
  /** the referral's id (Referral.id in the service centre) */
  @PrimaryColumn('uuid')
  id: string;

  /** the application referred (AssistanceApplication.id in the service centre) */
  @Column('uuid')
  applicationId: string;

  /** the deciding department (the ticket's) */
  @Column('varchar', { length: 32 })
  department: string;

  /** the programme requested */
  @Column('varchar', { length: 32 })
  programme: string;

  /** the applicant, a registry person (named personId: the audit log links the row to the person by it) */
  @Column('uuid')
  personId: string;

  /** the township that took the application: its caseworkers and approvers see the decision */
  @Column('varchar', { length: 9 })
  townshipCode: string;

  /** the day the referral was made */
  @Column('date')
  referredOn: string;

  @Column('varchar', { length: 8 })
  outcome: ReferralOutcome;

  /** why it was refused (a ReferralRefusalReason code: required when REFUSED, null when ACCEPTED) */
  @Column('varchar', { length: 32, nullable: true })
  reason: ReferralRefusalReason | null;

  /** the department's own words on the decision (its records class: referralNoteClass), at most 500 characters */
  @Column('varchar', { length: 500, nullable: true })
  note: string | null;

  /** the record the department created (required when ACCEPTED) */
  @Column('uuid', { nullable: true })
  recordId: string | null;

  @Column('date')
  decidedOn: string;

  /** the token subject of the officer who decided */
  @Column('varchar', { length: 128 })
  decidedBy: string;
}

/** Create the table `referral_decision` (a department's migration calls it: exactly what ReferralDecision declares). */
export async function createReferralDecisionTable(q: QueryRunner): Promise<void> {
  await q.createTable(
    new Table({
      name: 'referral_decision',
      columns: [
        { name: 'id', type: uuidType(q), isPrimary: true },
        { name: 'applicationId', type: uuidType(q) },
        { name: 'department', type: 'varchar', length: '32' },
        { name: 'programme', type: 'varchar', length: '32' },
        { name: 'personId', type: uuidType(q) },
        { name: 'townshipCode', type: 'varchar', length: '9' },
        { name: 'referredOn', type: 'date' },
        { name: 'outcome', type: 'varchar', length: '8' },
        { name: 'reason', type: 'varchar', length: '32', isNullable: true },
        { name: 'note', type: 'varchar', length: '500', isNullable: true },
        { name: 'recordId', type: uuidType(q), isNullable: true },
        { name: 'decidedOn', type: 'date' },
        { name: 'decidedBy', type: 'varchar', length: '128' },
      ],
      indices: [
        new TableIndex({ name: 'referral_decision_person_idx', columnNames: ['personId'] }),
        new TableIndex({ name: 'referral_decision_application_idx', columnNames: ['applicationId'] }),
      ],
    }),
  );
}

/** Drop the table `referral_decision` (the migration's `down`). */
export async function dropReferralDecisionTable(q: QueryRunner): Promise<void> {
  await q.dropTable('referral_decision');
}

@InputType('DecideReferralInput', { description: '协同办理决定 A department\'s decision on a referral it received (the same input in every department).' })
export class DecideReferralInput {
  @Field(() => String, { description: '协同办理凭证 The referral\'s ticket, as the service centre gives it (Referral.ticket): it names the referral, the application, the applicant and the department, signed.' })
  ticket: string;

  @Field(() => ReferralOutcome, { description: '结果 ACCEPTED (with recordId, no reason) or REFUSED (with a reason code).' })
  outcome: ReferralOutcome;

  @Field(() => ReferralRefusalReason, { nullable: true, description: '不予受理原因 Why it was refused, a code (required when REFUSED; none when ACCEPTED): the service centre and the township\'s staff see it.' })
  reason?: ReferralRefusalReason | null;

  @Field(() => String, {
    nullable: true,
    description: '备注 The department\'s own words on the decision (at most 500 characters), kept under its records class (health data for the medical, disability and charity departments): not shown to the service centre.',
  })
  note?: string | null;

  @Field(() => ID, { nullable: true, description: '记录 The department\'s record created for it, of the applicant or of a member of the household the application names (required when ACCEPTED; none when REFUSED).' })
  recordId?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

/**
 * The service centre's Referral as a department's subgraph sees it: only the key. Each subgraph
 * defines its own stub class (see definePersonStub: type-graphql attaches field resolvers to their class for every
 * schema built in the process). The descriptions are the service centre's, word for word.
 */
export function defineReferralStub() {
  @Directive('@key(fields: "id")')
  @ObjectType('Referral', { description: REFERRAL_DESCRIPTION })
  class ReferralStub {
    @Field(() => ID, { description: REFERRAL_ID_DESCRIPTION })
    id: string;
  }
  /** Reference resolver: no database lookup; the department's decision loads through a DataLoader. */
  const referralStubReference = {
    __resolveReference(ref: { id: string }): ReferralStub {
      return Object.assign(new ReferralStub(), { id: String(ref.id).toLowerCase() });
    },
  };
  return { ReferralStub, referralStubReference };
}

/**
 * The access rule of a record type a decision may name: its type-wide `@Protected` declaration (class and owner), or,
 * failing one, the department's default records class (department.record) — fail closed.
 */
export function recordTypeRule(entity: Function, department: string): AccessDeclaration {
  const declared = getMetadataStorage()
    .classExtensions.filter((e) => e.target === entity)
    .map((e) => e.extensions[ACCESS_EXTENSION] as AccessDeclaration | undefined)
    .find((d) => d && d.class);
  // as typeRule applies it: the declared owner, else the class's own
  return declared ? (declared.owner ? { class: declared.class, owner: declared.owner } : { class: declared.class }) : { class: 'department.record', owner: department };
}

/**
 * Whether the caller may see a department's record reached through a referral decision: the outcome of the record
 * type's class for the caller, with the record's own township (and village) — not the application's — is the value
 * (or its collapsed view). A caseworker of the application's township does not see a medical claim recorded in another
 * township (health.medical: omitted out of scope), exactly as their own `Person.medicalClaims` does not list it.
 */
export function recordVisible(identity: SubgraphContext['identity'], rule: AccessDeclaration, record: unknown): boolean {
  const scope = rowScope(identity, record);
  // a record that carries no township is in nobody's township scope (fails closed)
  const inScopeOfRecord = scope.inScope ?? inScope(identity, null);
  const o = outcomeFor(identity, rule.class, { owner: rule.owner, inScope: inScopeOfRecord });
  return o === 'value' || o === 'collapsed';
}

/** One of a department's record types a decision may name (`recordId`). */
export interface ReferralRecordSource<R = any> {
  entity: new () => R;
  /** the persons the record is of (its person, its applicant, its recipient): the applicant must be one of them */
  personsOf: (record: R) => (string | null | undefined)[];
}

export interface ReferralDepartmentOptions {
  /** the department code (programmes.json), e.g. EDUCATION */
  department: string;
  /**
   * The department's name in the schema, PascalCase: types `<Name>ReferralDecision`, the field `Referral.<name>Decision`
   * and the mutation `decide<Name>Referral` (mutation and field names must be unique across subgraphs).
   */
  name: string;
  /** the department in Chinese, for descriptions (e.g. 市教育体育局) */
  title: string;
  /** the GraphQL type of the record an acceptance names (an entity class, or a union of them) */
  recordType: () => any;
  /** what the record is, for descriptions (e.g. '教育救助记录 EducationAid') */
  recordDescription: string;
  /** where records are looked up (in order; the first with the id wins) */
  records: ReferralRecordSource[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECISION_CLASS = 'referral.decision' as const;

/** FORBIDDEN (reason OTHER_DEPARTMENTS_REFERRAL) for a ticket of another department. */
function otherDepartments(department: string): GraphQLError {
  return new GraphQLError(`this ticket is a referral to another department, not to ${department}: decide it in that department's subgraph`, {
    extensions: { code: 'FORBIDDEN', reason: 'OTHER_DEPARTMENTS_REFERRAL' },
  });
}

/** Throw FORBIDDEN unless the identity may see decisions of `department` at all (the message depends only on the role). */
export function assertMayReadReferralDecisions(identity: SubgraphContext['identity'], department: string): void {
  if (outcomeFor(identity, DECISION_CLASS, { owner: department }) === 'FORBIDDEN')
    throw new GraphQLError(
      `referral decisions are ${department}'s records (${DECISION_CLASS}): its officers, the service centre, caseworkers and approvers of the township, auditors`,
      { extensions: { code: 'FORBIDDEN' } },
    );
}

/** The decision as the caller may see it: the row, or null when it is out of the caller's scope (another township). */
export function visibleDecision(identity: SubgraphContext['identity'], department: string, d: ReferralDecision | null): ReferralDecision | null {
  if (!d) return null;
  return outcomeFor(identity, DECISION_CLASS, { owner: department, inScope: inScope(identity, d.townshipCode) }) === 'value' ? d : null;
}

/**
 * Decide a referral (one transaction): the department's officers only (assertCanWrite); the ticket must verify (BAD_USER_INPUT
 * BAD_TICKET) and name this department (FORBIDDEN OTHER_DEPARTMENTS_REFERRAL); ACCEPTED names a record of the applicant or of a
 * member of the household the ticket names (RECORD_REQUIRED, NOT_FOUND, RECORD_NOT_OF_APPLICANT) and no reason code
 * (REASON_WITH_ACCEPTANCE), REFUSED gives the reason code (REASON_REQUIRED) and no record (RECORD_WITH_REFUSAL); the note
 * is at most 500 characters (TOO_LONG); a referral is decided once (CONFLICT ALREADY_DECIDED), except a retry with the same
 * idempotency key and input, which returns the first decision. Audited; nothing is written when anything fails.
 */
export async function decideReferral(ctx: SubgraphContext, o: Pick<ReferralDepartmentOptions, 'department' | 'name' | 'records'>, input: DecideReferralInput): Promise<ReferralDecision> {
  assertCanWrite(ctx.identity, o.department);
  const ticket = verifyReferralTicket(input.ticket);
  if (!ticket) throw badInput('`ticket` is not a referral ticket signed by the service centre (Referral.ticket)', 'ticket', 'BAD_TICKET');
  if (ticket.department !== o.department) throw otherDepartments(o.department);
  const reason = input.reason ?? null;
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw badInput('`note` has more than 500 characters', 'note', 'TOO_LONG');
  const recordId = input.recordId ? input.recordId.toLowerCase() : null;
  if (recordId && !UUID.test(recordId)) throw badInput('`recordId` is not an id (a UUID)', 'recordId', 'BAD_ID');
  if (input.outcome === ReferralOutcome.ACCEPTED && !recordId && o.records.length)
    throw badInput(`an accepted referral names the record ${o.department} created for it (recordId)`, 'recordId', 'RECORD_REQUIRED');
  if (input.outcome === ReferralOutcome.REFUSED && !reason) throw badInput('a refusal gives its reason code (ReferralRefusalReason)', 'reason', 'REASON_REQUIRED');
  if (input.outcome === ReferralOutcome.ACCEPTED && reason) throw badInput('an acceptance gives no refusal reason (a note may say more)', 'reason', 'REASON_WITH_ACCEPTANCE');
  if (input.outcome === ReferralOutcome.REFUSED && recordId) throw badInput('a refusal names no record', 'recordId', 'RECORD_WITH_REFUSAL');
  // a record may be of a member of the applicant's household (an education aid is the child's): the registry is asked, before
  // the write transaction, only when the record named is not the applicant's own
  const personId = ticket.applicantId.toLowerCase();
  const allowed = new Set([personId]);
  if (recordId && ticket.householdId) {
    const peek = await findRecord(ctx.db.manager, o.records, recordId);
    if (peek && !peek.source.personsOf(peek.record).some((p) => p && String(p).toLowerCase() === personId)) {
      const household = await assertHouseholdInRegistry(ctx, ticket.householdId, 'recordId');
      for (const m of household?.members ?? []) allowed.add(m.id.toLowerCase());
    }
  }
  const operation = `decide${o.name}Referral`;
  return auditedWrite(ctx, (tx) =>
    idempotent(ctx, tx, operation, input, {
      authorize: () => assertCanWrite(ctx.identity, o.department),
      reload: (id) => tx.getRepository(ReferralDecision).findOneBy({ id }),
      create: async () => {
        const repo = tx.getRepository(ReferralDecision);
        // decisions on one applicant's referrals run one after the other (the second sees the first)
        await lockPersonForWrite(tx, personId);
        if (await repo.findOneBy({ id: ticket.referralId })) throw conflict('this referral has already been decided', 'ALREADY_DECIDED');
        if (recordId) {
          const found = await findRecord(tx, o.records, recordId);
          if (!found) throw notFound(`${o.department} has no record with this id (recordId)`);
          if (!found.source.personsOf(found.record).some((p) => p && allowed.has(String(p).toLowerCase())))
            throw badInput('the record is not one of the applicant\'s (or, when the application names the household, of a member\'s)', 'recordId', 'RECORD_NOT_OF_APPLICANT');
        }
        const row = repo.create({
          id: ticket.referralId, applicationId: ticket.applicationId, department: ticket.department, programme: ticket.programme, personId,
          townshipCode: ticket.townshipCode, referredOn: ticket.createdOn, outcome: input.outcome, reason, note, recordId,
          decidedOn: decisionDay(), decidedBy: ctx.identity.subject,
        });
        await repo.insert(row);
        ctx.audit.noteWrite({
          entity: 'ReferralDecision', key: row.id, personId, action: 'create',
          changes: { outcome: [null, row.outcome], recordId: [null, row.recordId], reason: [null, row.reason], note: [null, row.note], decidedOn: [null, row.decidedOn] },
        });
        return row;
      },
    }),
  );
}

/** The day of a decision: the kit's clock (AIDGRAPH_TODAY when it is a date: the demo and end-to-end clock; else today in China). */
function decisionDay(): string {
  return clockToday();
}

async function findRecord(tx: EntityManager, sources: ReferralRecordSource[], id: string): Promise<{ source: ReferralRecordSource; record: any } | null> {
  for (const source of sources) {
    const record = await tx.getRepository(source.entity).findOneBy({ id } as never);
    if (record) return { source, record };
  }
  return null;
}

/**
 * Everything a department subgraph needs for referrals: its Referral stub (list `ReferralStub` in `orphanedTypes`, the
 * reference resolver under `Referral`), the decision type `<Name>ReferralDecision`, the field `Referral.<name>Decision`,
 * the mutation `decide<Name>Referral`, and the entity (add `ReferralDecision` to the subgraph's entities and a migration
 * calling createReferralDecisionTable). Access: class referral.decision, owned by the department: its officers, the
 * service centre's, caseworkers and approvers of the application's township (others: null), auditors; FORBIDDEN to other
 * departments' officers and to analysts.
 */
export function defineReferralDecisions(o: ReferralDepartmentOptions) {
  const { ReferralStub, referralStubReference } = defineReferralStub();
  const fieldName = `${o.name[0].toLowerCase()}${o.name.slice(1)}Decision`;
  const decisionsById = defineLoader<string, ReferralDecision | null>(async (ids, ctx) =>
    inKeyOrder(ids, await ctx.db.getRepository(ReferralDecision).findBy({ id: In([...ids]) }), (d) => d.id),
  );
  const recordsById = defineLoader<string, { row: { id: string }; rule: AccessDeclaration } | null>(async (ids, ctx) => {
    const rows: { row: { id: string }; rule: AccessDeclaration }[] = [];
    for (const s of o.records) {
      const rule = recordTypeRule(s.entity, o.department);
      for (const row of (await ctx.db.getRepository(s.entity).findBy({ id: In([...ids]) } as never)) as { id: string }[]) rows.push({ row, rule });
    }
    return groupedByKey(ids, rows, (r) => String(r.row.id)).map((g) => g[0] ?? null);
  });
  const noteRule = referralNoteClass(o.department);

  @Protected({ class: 'referral.decision', owner: o.department })
  @ObjectType(`${o.name}ReferralDecision`, {
    description: `协同办理决定 The decision of ${o.title} (${o.department}) on a referral (kept in its own database): accepted with the ${o.recordDescription} it created, or refused with a reason code (its note is ${o.department}'s own). Class referral.decision: ${o.department} officers, the service centre's officers, caseworkers and approvers of the application's township, auditors; FORBIDDEN to other departments' officers and analysts.`,
  })
  class Decision {
    @Field(() => ReferralOutcome, { description: '结果 ACCEPTED or REFUSED.' })
    outcome: ReferralOutcome;

    @Field(() => ReferralRefusalReason, { nullable: true, description: '不予受理原因 Why it was refused, a code (null when ACCEPTED).' })
    reason: ReferralRefusalReason | null;

    @Field(() => String, {
      nullable: true,
      description: `备注 ${o.department}'s own words on the decision (null when none was given). Class ${noteRule.class} of ${o.department}: its officers, caseworkers and approvers of the application's township, auditors; FORBIDDEN to other departments' officers (the service centre's included: it sees the reason code).`,
    })
    @Protected(noteRule)
    note: string | null;

    @Field(() => String, { description: '决定日期 The day it was decided (ISO YYYY-MM-DD, China time).' })
    decidedOn: string;

    @Field(() => String, { description: '转办日期 The day the referral was made (the application\'s acceptance, ISO YYYY-MM-DD).' })
    referredOn: string;
  }

  @Resolver(() => Decision)
  class DecisionResolver {
    @FieldResolver(() => ReferralStub, { description: 'The referral decided (the service centre resolves its application, programme and applicant).' })
    referral(@Root() d: ReferralDecision): InstanceType<typeof ReferralStub> {
      return Object.assign(new ReferralStub(), { id: d.id });
    }

    @FieldResolver(o.recordType, {
      nullable: true,
      description:
        `记录 The ${o.recordDescription} ${o.department} created for the application (ACCEPTED; null when REFUSED), under its own access rules: ` +
        'null unless the caller may see that record (its class, with the record\'s own township: a caseworker of the application\'s township does not see a record handled in another).',
    })
    async record(@Root() d: ReferralDecision, @Ctx() ctx: SubgraphContext): Promise<unknown> {
      if (!d.recordId) return null;
      const found = await recordsById(ctx).load(d.recordId);
      return found && recordVisible(ctx.identity, found.rule, found.row) ? found.row : null;
    }

    @Mutation(() => Decision, {
      name: `decide${o.name}Referral`,
      description:
        `协同办理 Decide a referral to ${o.department} (${o.title}; its officers only, FORBIDDEN otherwise): ACCEPTED with recordId (the ${o.recordDescription} ` +
        `of the applicant, or of a member of the household the application names) or REFUSED with a reason code; either with an optional note. BAD_USER_INPUT BAD_TICKET for a ticket the service centre did not sign; ` +
        'FORBIDDEN OTHER_DEPARTMENTS_REFERRAL for another department\'s ticket; BAD_USER_INPUT RECORD_REQUIRED, REASON_REQUIRED, REASON_WITH_ACCEPTANCE, ' +
        'RECORD_WITH_REFUSAL, RECORD_NOT_OF_APPLICANT, TOO_LONG (note); NOT_FOUND for an unknown record; CONFLICT ALREADY_DECIDED for a second ' +
        'decision. A retry with the same idempotencyKey returns the first decision. Nothing is changed when it fails.',
    })
    decide(@Arg('input', () => DecideReferralInput, { description: 'The ticket and the decision.' }) input: DecideReferralInput, @Ctx() ctx: SubgraphContext): Promise<ReferralDecision> {
      return decideReferral(ctx, o, input);
    }
  }

  @Resolver(() => ReferralStub)
  class ReferralDecisionFieldResolver {
    @FieldResolver(() => Decision, {
      name: fieldName,
      nullable: true,
      description: `协同办理决定 The decision of ${o.title} (${o.department}) on this referral, from its own database; null while undecided, for a referral to another department, or out of the caller's township. FORBIDDEN to other departments' officers and analysts.`,
    })
    @Protected({ class: 'referral.decision', owner: o.department })
    async decision(@Root() r: { id: string }, @Ctx() ctx: SubgraphContext): Promise<ReferralDecision | null> {
      assertMayReadReferralDecisions(ctx.identity, o.department);
      return visibleDecision(ctx.identity, o.department, await decisionsById(ctx).load(String(r.id).toLowerCase()));
    }
  }

  return {
    ReferralStub,
    referralStubReference,
    ReferralDecisionType: Decision,
    resolvers: [DecisionResolver, ReferralDecisionFieldResolver] as const,
    fieldName,
  };
}
