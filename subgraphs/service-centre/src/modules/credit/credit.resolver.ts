import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PageArgs, Protected, assertCountOnlyList, assertFiltersAllowed, badInput, outcomeFor, checkCalendarDate, connectionType, forbidden, isTownshipCode, listOrder, paginate, scopeQuery,
  type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { AssistanceApplication } from '../application/application.entity';
import { APPLICATION_CLASS, DEPARTMENT } from '../application/application.enums';
import { applicationInScope } from '../application/application.service';
import { PersonStub } from '../person/person.stub';
import { today } from '../time-limit/today';
import { ApplicationCommitment, DishonestyRecord } from './credit.entity';
import { DishonestyRecordFilter, RecordDishonestyInput, RevokeDishonestyRecordInput } from './credit.input';
import { COMMITMENT_TEXTS, CREDIT_CLASS, DishonestConduct, DishonestyStatus, LEGAL_BASES, commitmentText, dishonestyStatus } from './credit.policy';
import {
  applicationById, assertMayReadCredit, commitmentByApplicationId, dishonestyRecordsByPersonId, recordDishonesty, recordInScope, recordsFlagging, revokeDishonestyRecord,
} from './credit.service';
import { exportJsonLines } from './credit.export';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREDIT = { class: CREDIT_CLASS, owner: DEPARTMENT };

/** 告知承诺书文本 One version of the commitment text (commitment-texts.json). Not personal data. */
@Protected('public')
@ObjectType({ description: '告知承诺书文本 One version of the commitment text applicants sign (commitment-texts.json), with its effective dates.' })
export class CommitmentTextType {
  @Field({ description: 'The text\'s id (kept for ever).' })
  id: string;

  @Field({ description: '标题 Title.' })
  title: string;

  @Field({ description: '生效日期 First day in force (ISO date).' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: '失效日期 Last day in force (ISO date); null while in force.' })
  effectiveTo: string | null;

  @Field(() => [String], { description: '承诺条款 The clauses the applicant commits to.' })
  clauses: string[];
}

/**
 * 信用提示 The credit flag of an application: whether its applicant had a dishonesty record in force on the submission date
 * (not revoked, the date within its period). Computed when read, so a record revoked later (an appeal upheld) no longer
 * flags. It does not refuse the application: a new application is decided on its own facts, with closer checks.
 */
@Protected(CREDIT)
@ObjectType({
  description:
    '信用提示 The credit flag of an application (class credit): whether the applicant had a dishonesty record (失信记录) in force on the ' +
    'submission date. It does not refuse the application (社会救助暂行办法 第六十八条 stops the assistance obtained by the fraud and ' +
    'fines it; eligibility for a new application rests on the household\'s income and assets, art. 9): the window takes it and ' +
    'the township checks it more closely. Records revoked later (an appeal upheld) do not flag.',
})
export class ApplicantCreditFlag {
  /** the applicant (the audit log attributes the read to the person) */
  personId: string;
  /** the application's township and village: the flag is scoped as its application */
  townshipCode: string;
  villageCode: string | null;

  @Field({ description: '是否提示 true when at least one record was in force on `on`.' })
  flagged: boolean;

  @Field({ description: '判断日期 The date judged: the application\'s submission date (ISO).' })
  on: string;

  @Field(() => [ID], { description: '失信记录 The ids of the records in force on `on` (dishonestyRecord(id) shows each to those who see its township).' })
  recordIds: string[];

  @Field(() => [DishonestConduct], { description: '失信行为 The conduct of those records (each once).' })
  conducts: DishonestConduct[];

  @Field(() => String, { nullable: true, description: '最晚结束日期 The last day any of those records is in force; null when not flagged.' })
  until: string | null;
}

@ObjectType({ description: 'A page of dishonesty records (Relay connection).' })
export class DishonestyRecordConnection extends connectionType(DishonestyRecord, 'DishonestyRecord', 'A page of dishonesty records (失信记录).') {}

/** The orders of dishonesty records (orderBy); each key declares the class of the value it orders by. */
export const DishonestyRecordOrdering = listOrder('DishonestyRecord', {
  STARTS_ON: { property: 'startsOn', kind: 'date', description: '开始日期 By the start of the period.', access: CREDIT },
  DECIDED_ON: { property: 'decidedOn', kind: 'date', description: '认定日期 By the date made.', access: CREDIT },
});

/** The commitment and the credit flag, added to the application. */
@Resolver(() => AssistanceApplication)
export class ApplicationCreditResolver {
  @FieldResolver(() => ApplicationCommitment, {
    nullable: true,
    description: '告知承诺书 The commitment the applicant signed with the application; null for applications submitted before commitments were kept (migration 1796500000000). Class application.',
  })
  @Protected({ class: APPLICATION_CLASS, owner: DEPARTMENT })
  async commitment(@Root() r: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<ApplicationCommitment | null> {
    const c = await commitmentByApplicationId(ctx).load(r.id);
    return c ? Object.assign(c, { townshipCode: r.townshipCode, villageCode: r.villageCode }) : null;
  }

  @FieldResolver(() => ApplicantCreditFlag, {
    nullable: true,
    description:
      '信用提示 Whether the applicant had a dishonesty record in force on the submission date (class credit: the township\'s caseworkers ' +
      'and approvers, the service centre and civil affairs, auditors; FORBIDDEN to village assistants). The application is taken all the same.',
  })
  @Protected(CREDIT)
  async applicantCreditFlag(@Root() r: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<ApplicantCreditFlag> {
    const records = recordsFlagging(await dishonestyRecordsByPersonId(ctx).load(r.applicantId), r.submittedOn);
    return Object.assign(new ApplicantCreditFlag(), {
      personId: r.applicantId, townshipCode: r.townshipCode, villageCode: r.villageCode, flagged: records.length > 0, on: r.submittedOn,
      recordIds: records.map((x) => x.id), conducts: [...new Set(records.flatMap((x) => x.conducts))],
      until: records.length ? records.map((x) => x.endsOn).sort().at(-1)! : null,
    });
  }
}

@Resolver(() => DishonestyRecord)
export class DishonestyRecordResolver {
  @Query(() => [CommitmentTextType], { nullable: true, description: '告知承诺书文本 Every version of the commitment text, oldest first (commitment-texts.json). Not personal data.' })
  @Protected('public')
  commitmentTexts(): CommitmentTextType[] {
    return COMMITMENT_TEXTS.map((t) => Object.assign(new CommitmentTextType(), t));
  }

  @Query(() => DishonestyRecord, { nullable: true, description: '失信记录 One dishonesty record; null when there is none or it is outside the caller\'s township. Class credit (FORBIDDEN to village assistants, other departments, analysts).' })
  @Protected(CREDIT)
  async dishonestyRecord(@Arg('id', () => ID, { description: 'The record\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<DishonestyRecord | null> {
    assertMayReadCredit(ctx.identity);
    if (!UUID.test(id)) throw badInput('`id` is not an id (a UUID)', 'id', 'BAD_ID');
    const r = await ctx.db.getRepository(DishonestyRecord).findOneBy({ id: id.toLowerCase() });
    return r && recordInScope(ctx.identity, r) ? r : null;
  }

  @Query(() => DishonestyRecordConnection, {
    nullable: true,
    description:
      '失信记录 Dishonesty records, filtered (township, person, application, status today), scoped: a caseworker or township approver ' +
      'lists its township\'s, civil-affairs and service-centre officers and auditors every one. Class credit: FORBIDDEN to village ' +
      'assistants, other departments and the public; analysts may select only totalCount, answered null. orderBy: ' + DishonestyRecordOrdering.summary + '.',
  })
  async dishonestyRecords(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DishonestyRecordOrdering.input, { nullable: true, description: `The order: ${DishonestyRecordOrdering.summary}; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DishonestyRecordFilter, { nullable: true, description: 'Only the records matching all given filters.' }) filter: DishonestyRecordFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DishonestyRecordConnection> {
    // analysts: a bare totalCount at most, answered null (count only, kit classification: Query.dishonestyRecords); others as the class says
    if (outcomeFor(ctx.identity, CREDIT_CLASS, { owner: DEPARTMENT, coordinate: 'Query.dishonestyRecords' }) !== 'countOnly') assertMayReadCredit(ctx.identity);
    assertCountOnlyList(ctx.identity, 'Query.dishonestyRecords', info);
    assertFiltersAllowed(ctx.identity, 'DishonestyRecordFilter', filter, info);
    const f = filter ?? {};
    if (f.township != null && !isTownshipCode(f.township)) throw badInput('`township` is not a Jiaozhou township code', 'filter.township', 'UNKNOWN_TOWNSHIP');
    if (f.personId != null && !UUID.test(f.personId)) throw badInput('`personId` is not a registry id (a UUID)', 'filter.personId', 'BAD_ID');
    if (f.applicationId != null && !UUID.test(f.applicationId)) throw badInput('`applicationId` is not an id (a UUID)', 'filter.applicationId', 'BAD_ID');
    const qb = ctx.db.getRepository(DishonestyRecord).createQueryBuilder('r');
    // the records carry a village, but village assistants never get here (class credit): scope by township alone
    scopeQuery(qb, 'r', ctx.identity, { villageCode: false });
    if (f.township) qb.andWhere('r.townshipCode = :township', { township: f.township });
    if (f.personId) qb.andWhere('r.personId = :personId', { personId: f.personId.toLowerCase() });
    if (f.applicationId) qb.andWhere('r.applicationId = :applicationId', { applicationId: f.applicationId.toLowerCase() });
    if (f.status) {
      const t = today();
      if (f.status === DishonestyStatus.REVOKED) qb.andWhere('r.revokedOn IS NOT NULL');
      else qb.andWhere('r.revokedOn IS NULL');
      if (f.status === DishonestyStatus.EXPIRED) qb.andWhere('r.endsOn < :t', { t });
      if (f.status === DishonestyStatus.IN_FORCE) qb.andWhere('r.startsOn <= :t AND r.endsOn >= :t', { t });
      if (f.status === DishonestyStatus.PENDING) qb.andWhere('r.startsOn > :t AND r.endsOn >= :t', { t });
    }
    return DishonestyRecordConnection.of(await paginate(qb, page, { ordering: DishonestyRecordOrdering, orderBy, identity: ctx.identity }));
  }

  @Query(() => String, {
    nullable: true,
    description:
      '信用信息报送 The dishonesty records as the credit-sharing platform takes them: JSON Lines, format aidgraph.dishonesty/1 (one object ' +
      'per record, keys format, recordId, personId, townshipCode, conducts, legalBases, decidedOn, startsOn, endsOn, status, revokedOn, ' +
      'version, asOf; no name, ID number or free text: see the service-centre README), every record with its status as of `asOf`. ' +
      'Auditors only (FORBIDDEN otherwise); the operators\' path is the command line `npm run credit-export`.',
  })
  @Protected(CREDIT)
  async dishonestyRecordsExport(
    @Arg('asOf', () => String, { nullable: true, description: 'The date the statuses are computed for (ISO date); default today.' }) asOf: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<string> {
    if (ctx.identity.role !== 'auditor') throw forbidden('the credit-platform export is for auditors (operators use `npm run credit-export`)');
    const on = asOf != null ? checkCalendarDate(asOf, 'asOf') : today();
    const rows = await ctx.db.getRepository(DishonestyRecord).find({ order: { decidedOn: 'ASC', id: 'ASC' } });
    for (const r of rows) ctx.audit.noteRead('DishonestyRecord', r, 'export');
    return exportJsonLines(rows, on);
  }

  @FieldResolver(() => DishonestyStatus, { description: '状态 The status today (the service clock): IN_FORCE, EXPIRED, REVOKED or PENDING.' })
  status(@Root() r: DishonestyRecord): DishonestyStatus {
    return dishonestyStatus(r, today());
  }

  @FieldResolver(() => [String], { description: '法律依据全文 The citations of the legal bases, in the order of legalBases.' })
  legalBasisCitations(@Root() r: DishonestyRecord): string[] {
    return r.legalBases.map((c) => LEGAL_BASES.find((l) => l.code === c)?.citation ?? c);
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: '当事人 The person (resolved by the civil-affairs registry).' })
  person(@Root() r: DishonestyRecord): PersonStub {
    return Object.assign(new PersonStub(), { id: r.personId });
  }

  @FieldResolver(() => AssistanceApplication, { nullable: true, description: '申请 The application on which the fraud was confirmed; null outside the caller\'s scope of applications.' })
  async application(@Root() r: DishonestyRecord, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication | null> {
    const app = await applicationById(ctx).load(r.applicationId);
    return app && applicationInScope(ctx.identity, app) ? app : null;
  }

  @Mutation(() => DishonestyRecord, {
    description:
      '失信认定 Make a dishonesty record for the applicant of an application (fraud confirmed: 社会救助暂行办法 第六十八条): township approvers ' +
      'of the application\'s township and civil-affairs officers (FORBIDDEN for other roles, before any lookup). BAD_USER_INPUT for a bad conduct list, legal ' +
      'basis (ART68_REQUIRED, UNKNOWN_LEGAL_BASIS), period (DATE_IN_FUTURE, BAD_DATE_ORDER, PERIOD_TOO_LONG, BEFORE_SUBMISSION); NOT_FOUND ' +
      'for an unknown application and, for a township approver, for one of another township alike (the answer does not tell that the id exists); CONFLICT NOT_INVESTIGATED (extensions.step) unless the household investigation (入户调查) was completed — a ' +
      'fraud is confirmed by the investigation, so the application must be at VERIFICATION or later (or an urgent confirmed one whose ' +
      'follow-up investigation is done), never SUBMITTED, NOT_ACCEPTED or INVESTIGATION; CONFLICT RECORD_EXISTS when the application has a record not revoked. A retry with the same idempotencyKey ' +
      'returns the first record. Audited.',
  })
  recordDishonesty(@Arg('input', { description: 'The record.' }) input: RecordDishonestyInput, @Ctx() ctx: SubgraphContext): Promise<DishonestyRecord> {
    return recordDishonesty(ctx, input);
  }

  @Mutation(() => DishonestyRecord, {
    description:
      '撤销失信记录 Revoke a dishonesty record with the reason (e.g. an appeal upheld): the same roles as make one. CONFLICT STALE_VERSION, ' +
      'ALREADY_REVOKED; NOT_FOUND for an unknown id and, for a township approver, for a record of another township alike. A refused call changes nothing. Audited.',
  })
  revokeDishonestyRecord(@Arg('input', { description: 'The revocation.' }) input: RevokeDishonestyRecordInput, @Ctx() ctx: SubgraphContext): Promise<DishonestyRecord> {
    return revokeDishonestyRecord(ctx, input);
  }
}

/** The commitment text of an id, for the commitment's `title` (kept separate: the entity stores the id only). */
@Resolver(() => ApplicationCommitment)
export class ApplicationCommitmentResolver {
  @FieldResolver(() => String, { nullable: true, description: '承诺书标题 The title of the text signed.' })
  title(@Root() c: ApplicationCommitment): string | null {
    return commitmentText(c.textId)?.title ?? null;
  }
}
