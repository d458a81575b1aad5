import { Arg, Args, Ctx, Directive, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { AuditEntry } from './audit-entry.entity';
import { PageArgs, PageInfo, paginate } from '../graphql/pagination';
import { forbidden, badInput } from '../errors';
import type { SubgraphContext } from '../context';

@Directive('@shareable')
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
  @Field(() => String, { nullable: true, description: 'The caller\'s scope: township or department code.' })
  scope: string | null;
  @Field(() => String, { nullable: true, description: 'The GraphQL operation name the caller gave.' })
  operation: string | null;
  @Field({ description: 'The request id (the gateway\'s, passed to every subgraph of the request).' })
  requestId: string;
  @Field({ description: '"read" (protected fields read) or "write" (a record created, changed or removed).' })
  kind: string;
  @Field(() => [ID], { description: 'The persons concerned (registry ids).' })
  personIds: string[];
  @Field({ description: 'JSON: for a read, [{entity, key, personId, fields}]; for a write, {entity, key, personId, action, changes: {field: [before, after]}}.' })
  detail: string;
  @Field({ description: 'SHA-256 of the previous entry\'s hash and this entry\'s content (hex).' })
  hash: string;
}

@Directive('@shareable')
@ObjectType('AuditLogEdge', { description: 'One audit log entry with its cursor.' })
class AuditLogEdge {
  @Field({ description: 'Opaque cursor of this entry.' })
  cursor: string;
  @Field(() => AuditEntryType, { description: 'The entry.' })
  node: AuditEntryType;
}

@Directive('@shareable')
@ObjectType('AuditLogConnection', { description: 'A page of a subgraph\'s audit log, oldest first (Relay connection).' })
export class AuditLogConnection {
  @Field(() => [AuditLogEdge], { description: 'The entries of this page, oldest first.' })
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
  @Field(() => String, { nullable: true, description: '"read" or "write".' })
  kind?: string | null;
}

function toType(e: AuditEntry): AuditEntryType {
  return Object.assign(new AuditEntryType(), { ...e, personIds: e.personIds ? e.personIds.split(' ') : [] });
}

/**
 * The auditors' query of one subgraph's audit log, as a root field named `fieldName` (each subgraph has its own log,
 * e.g. `civilAffairsAuditLog`). Other roles get FORBIDDEN.
 */
export function auditLogResolver(fieldName: string, subgraph: string): Function {
  @Resolver()
  class AuditLogResolver {
    @Query(() => AuditLogConnection, {
      name: fieldName,
      description: `审计日志 The ${subgraph} subgraph's audit log: who read which persons' protected fields and who changed what. Auditors only.`,
    })
    async auditLog(
      @Args() page: PageArgs,
      @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Only the entries matching all given filters.' }) filter: AuditLogFilter | null,
      @Ctx() ctx: SubgraphContext,
    ): Promise<AuditLogConnection> {
      if (ctx.identity.role !== 'auditor') throw forbidden('only auditors may read the audit log');
      const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('a');
      if (filter?.personId) {
        if (!/^[0-9a-f-]{36}$/i.test(filter.personId)) throw badInput('`personId` is not a registry id', 'filter.personId', 'BAD_ID');
        qb.andWhere('a.personIds LIKE :pid', { pid: `%${filter.personId.toLowerCase()}%` });
      }
      if (filter?.subject) qb.andWhere('a.subject = :subject', { subject: filter.subject });
      if (filter?.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
      const p = await paginate(qb, page, 'seq');
      const c = new AuditLogConnection();
      c.edges = p.edges.map((e) => Object.assign(new AuditLogEdge(), { cursor: e.cursor, node: toType(e.node) }));
      c.pageInfo = p.pageInfo;
      c.totalCount = await p.totalCount();
      return c;
    }
  }
  return AuditLogResolver;
}
