import { Arg, Args, Ctx, Directive, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { AuditEntry } from './audit-entry.entity';
import { PageArgs, PageInfo, listOrder, paginate, type ListOrderInput } from '../graphql/pagination';
import { forbidden, badInput } from '../errors';
import type { SubgraphContext } from '../context';
import { packId, unpackId, unpackIds } from './ids';
import { COORDINATES } from '../access/classification';
import { Protected } from '../access/policy';

@Directive('@shareable')
@Protected('auditLog')
@ObjectType('AuditEntry', { description: '审计日志条目 One entry of a subgraph\'s tamper-evident audit log (auditors only).' })
export class AuditEntryType {
  @Field(() => Int, { description: 'Position in this subgraph\'s chain, from 1.' })
  seq: number;
  @Field({ description: 'When, ISO 8601 UTC.' })
  at: string;
  @Field({ description: 'The staff account (token subject).' })
  subject: string;
  @Field({ description: 'The caller\'s role.' })
  role: string;
  @Field(() => String, { nullable: true, description: 'The caller\'s scope: its village code (a village assistant), township code or department code.' })
  scope: string | null;
  @Field(() => String, { nullable: true, description: 'The GraphQL operation name the caller gave.' })
  operation: string | null;
  @Field({ description: 'The request id (the gateway\'s, passed to every subgraph of the request).' })
  requestId: string;
  @Field({ description: '"read" (personal data read: one entry per request), "refusal" (access refused: FORBIDDEN / UNAUTHENTICATED, one entry per request) or "write" (a record created, changed or removed).' })
  kind: string;
  @Field(() => [ID], { description: 'The persons concerned (registry ids).' })
  personIds: string[];
  @Field({
    description:
      'JSON: for a read, {fields: [schema coordinates read, e.g. "Person.name", "MedicalClaim.diagnosis"], households?: [household ids], ' +
      'records?: ["Type:key" of records of no registry person]}; for a refusal, [{coordinate, path, code, reason, count}]; for a write, ' +
      '{entity, key, personId, action, changes: {field: [before, after]}}. (Entries written before issue 14 hold a read as [{entity, key, personId, fields}].)',
  })
  detail: string;
  @Field({ description: 'SHA-256 of the previous entry\'s hash and this entry\'s content (hex).' })
  hash: string;
  @Field(() => [String], {
    description:
      'For a read, the classes of data read (`identifier.name`, `income`, `health.medical`, ...), derived from its coordinates by the ' +
      'access policy\'s classification (classification.ts; not stored); empty for other kinds.',
  })
  classes: string[];
}

@Directive('@shareable')
@ObjectType('AuditLogEdge', { description: 'One audit log entry with its cursor.' })
class AuditLogEdge {
  @Field({ description: 'Opaque cursor of this entry.' })
  cursor: string;
  @Field(() => AuditEntryType, { description: 'The entry.' })
  node: AuditEntryType;
}

/** The orders of an audit log (orderBy): by seq only (AuditLogOrder.field[ID] in classification.ts), ASC oldest first. */
export const AuditLogOrdering = listOrder('AuditLog', {}, {
  idProperty: 'seq',
  idKind: 'integer',
  idDescription: 'By seq (the default): the order the entries were appended, ASC oldest first, DESC newest first.',
});

@Directive('@shareable')
@ObjectType('AuditLogConnection', { description: 'A page of a subgraph\'s audit log, by seq (oldest first unless orderBy says DESC) (Relay connection).' })
export class AuditLogConnection {
  @Field(() => [AuditLogEdge], { description: 'The entries of this page, in the order asked for (default oldest first).' })
  edges: AuditLogEdge[];
  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to continue from.' })
  pageInfo: PageInfo;
  @Field(() => Int, { description: 'Entries matching the filter.' })
  totalCount: number;
}

@InputType('AuditLogFilter', { description: 'Filters of an audit log; all given filters must hold.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only entries concerning this person (registry id).' })
  personId?: string | null;
  @Field(() => String, { nullable: true, description: 'Only entries by this staff account.' })
  subject?: string | null;
  @Field(() => String, { nullable: true, description: '"read", "refusal" or "write".' })
  kind?: string | null;
}

function toType(e: AuditEntry): AuditEntryType {
  let detail = e.detail;
  if (e.kind === 'read' && detail.includes('"households"')) {
    try {
      const d = JSON.parse(detail) as { households?: string[] };
      if (Array.isArray(d.households)) detail = JSON.stringify({ ...d, households: d.households.map(unpackId) });
    } catch {
      // shown as stored
    }
  }
  // the table stores ids packed (audit/ids.ts); auditors see registry ids
  return Object.assign(new AuditEntryType(), { ...e, personIds: unpackIds(e.personIds), detail, classes: classesRead(e) });
}

/** The classes of data a read entry's coordinates belong to (the access policy's classification), sorted. */
function classesRead(e: AuditEntry): string[] {
  if (e.kind !== 'read') return [];
  try {
    const fields = (JSON.parse(e.detail) as { fields?: unknown }).fields;
    if (!Array.isArray(fields)) return [];
    const classes = new Set<string>();
    for (const f of fields) {
      const c = (COORDINATES as Record<string, { class?: string } | undefined>)[String(f)]?.class;
      if (c) classes.add(c);
    }
    return [...classes].sort();
  } catch {
    return [];
  }
}

/**
 * The auditors' query of one subgraph's audit log, as a root field named `fieldName` (each subgraph has its own log,
 * e.g. `civilAffairsAuditLog`). Other roles get FORBIDDEN.
 */
export function auditLogResolver(fieldName: string, subgraph: string): Function {
  @Resolver()
  class AuditLogResolver {
    @Protected('auditLog') // the resolver refuses every role but auditors first (the same message as before)
    @Query(() => AuditLogConnection, {
      nullable: true,
      name: fieldName,
      description:
        `审计日志 The ${subgraph} subgraph's audit log: who read which persons' personal data (which fields), whose access was refused, and who ` +
        'changed what. Auditors only (FORBIDDEN otherwise). Answers from the hot table only: entries older than the retention ' +
        '(AUDIT_RETENTION_DAYS) that `npm run audit:archive` moved into sealed segment files (AUDIT_ARCHIVE_DIR) are not listed here.',
    })
    async auditLog(
      @Args() page: PageArgs,
      @Arg('orderBy', () => AuditLogOrdering.input, { nullable: true, description: 'The order: by seq (ID), ascending (oldest first, the default) or descending (newest first).' }) orderBy: ListOrderInput | null,
      @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Only the entries matching all given filters.' }) filter: AuditLogFilter | null,
      @Ctx() ctx: SubgraphContext,
    ): Promise<AuditLogConnection> {
      if (ctx.identity.role !== 'auditor') throw forbidden('only auditors may read the audit log');
      const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('a');
      if (filter?.personId) {
        if (!/^[0-9a-f-]{36}$/i.test(filter.personId)) throw badInput('`personId` is not a registry id', 'filter.personId', 'BAD_ID');
        // packed ids (audit/ids.ts), and plain ones in entries written before they were packed
        qb.andWhere('(a.personIds LIKE :packed OR a.personIds LIKE :pid)', { packed: `%${packId(filter.personId.toLowerCase())}%`, pid: `%${filter.personId.toLowerCase()}%` });
      }
      if (filter?.subject) qb.andWhere('a.subject = :subject', { subject: filter.subject });
      if (filter?.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
      const p = await paginate(qb, page, { ordering: AuditLogOrdering, orderBy, identity: ctx.identity });
      const c = new AuditLogConnection();
      c.edges = p.edges.map((e) => Object.assign(new AuditLogEdge(), { cursor: e.cursor, node: toType(e.node) }));
      c.pageInfo = p.pageInfo;
      c.totalCount = await p.totalCount();
      return c;
    }
  }
  return AuditLogResolver;
}
