import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  PROGRAMMES, PageArgs, Protected, TownshipType, assertCountOnlyList, assertFiltersAllowed, badInput, checkCalendarDate, connectionType, isTownshipCode, isVillageCode, listOrder,
  paginate, scopeQuery, type ListOrderInput, type SubgraphContext,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { HouseholdStub } from '../household/household.stub';
import { VerificationRunStub } from '../verification/verification-run.stub';
import { ApplicationDocument, ApplicationTransition, AssistanceApplication, HouseholdVisit } from './application.entity';
import { APPLICATION_CLASS, DEPARTMENT } from './application.enums';
import {
  AcceptApplicationInput, ApplicationChangeInput, AssistanceApplicationFilter, PreliminaryDecisionInput, RecordHouseholdVisitInput, RecordObjectionInput,
  RecordVerificationInput, RefuseApplicationInput, SubmitApplicationInput,
} from './application.input';
import {
  acceptApplication, applicationInScope, assertMayReadApplications, closeApplication, completeInvestigation, confirmApplication, preliminaryDecision, recordHouseholdVisit,
  recordObjection, recordVerification, refuseApplication, submitApplication,
} from './application.service';
import { documentsByApplicationId, transitionsByApplicationId, visitsByApplicationId } from './application.loader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD = { class: APPLICATION_CLASS, owner: DEPARTMENT };

@ObjectType({ description: 'A page of applications (Relay connection).' })
export class AssistanceApplicationConnection extends connectionType(AssistanceApplication, 'AssistanceApplication', 'A page of applications (救助申请).') {}

/** The orders of applications (orderBy); each key declares the class of the value it orders by (`access`). */
export const AssistanceApplicationOrdering = listOrder('AssistanceApplication', {
  STEP_ENTERED_ON: { property: 'stepEnteredOn', kind: 'date', description: '进入本环节日期 By the date the application entered its step: ASC is a township\'s queue, longest waiting first.', access: RECORD },
  SUBMITTED_ON: { property: 'submittedOn', kind: 'date', description: '申请日期 By submission date (ISO date order).', access: RECORD },
});

/** Child rows carry their application's township and village, so the type-wide rule scopes them as the application. */
function scoped<T extends object>(rows: T[], app: AssistanceApplication): T[] {
  return rows.map((r) => Object.assign(r, { townshipCode: app.townshipCode, villageCode: app.villageCode }));
}

const MUTATION_NOTE =
  ' Takes expectedVersion (CONFLICT STALE_VERSION when the application changed since); an illegal step change is CONFLICT ILLEGAL_TRANSITION ' +
  '(extensions from, to); FORBIDDEN for another role or another township; NOT_FOUND for an unknown id. A refused call changes nothing.';

@Resolver(() => AssistanceApplication)
export class AssistanceApplicationResolver {
  @Query(() => AssistanceApplication, {
    nullable: true,
    description: '救助申请 One application by id; null when there is none or it is outside the caller\'s township or village. Class application: FORBIDDEN to other departments\' officers and to analysts.',
  })
  @Protected(RECORD)
  async application(@Arg('id', () => ID, { description: 'The application\'s id.' }) id: string, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication | null> {
    if (!UUID.test(id)) throw badInput('`id` is not an id (a UUID)', 'id', 'BAD_ID');
    const app = await ctx.db.getRepository(AssistanceApplication).findOneBy({ id: id.toLowerCase() });
    return app && applicationInScope(ctx.identity, app) ? app : null;
  }

  @Query(() => AssistanceApplicationConnection, {
    nullable: true,
    description:
      '救助申请 Applications for staff, filtered, in the order asked for (orderBy: ' + AssistanceApplicationOrdering.summary + '; default by id). ' +
      'A township\'s queue: filter { township, step }, orderBy { field: STEP_ENTERED_ON, direction: ASC } (longest waiting first). ' +
      'Caseworkers and approvers see their township\'s, village assistants their village\'s. BAD_USER_INPUT for a malformed filter. ' +
      'Class application: FORBIDDEN to other departments\' officers; analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows).',
  })
  async applications(
    @Args() page: PageArgs,
    @Arg('orderBy', () => AssistanceApplicationOrdering.input, { nullable: true, description: `The order: ${AssistanceApplicationOrdering.summary}, ascending or descending; ties broken by id.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => AssistanceApplicationFilter, { nullable: true, description: 'Only the applications matching all given filters.' }) filter: AssistanceApplicationFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AssistanceApplicationConnection> {
    assertMayReadApplications(ctx.identity);
    assertCountOnlyList(ctx.identity, 'Query.applications', info);
    assertFiltersAllowed(ctx.identity, 'AssistanceApplicationFilter', filter, info);
    const f = filter ?? {};
    if (f.township != null && !isTownshipCode(f.township)) throw badInput('`township` is not a Jiaozhou township code', 'filter.township', 'UNKNOWN_TOWNSHIP');
    if (f.village != null && !isVillageCode(f.village)) throw badInput('`village` is not a 12-digit village or community code', 'filter.village', 'UNKNOWN_VILLAGE');
    if (f.programme != null && !PROGRAMMES.some((p) => p.code === f.programme)) throw badInput('`programme` is not a programme code of programmes.json', 'filter.programme', 'UNKNOWN_PROGRAMME');
    if (f.submittedFrom != null) checkCalendarDate(f.submittedFrom, 'filter.submittedFrom');
    if (f.submittedTo != null) checkCalendarDate(f.submittedTo, 'filter.submittedTo');
    if (f.applicantId != null && !UUID.test(f.applicantId)) throw badInput('`applicantId` is not a registry id (a UUID)', 'filter.applicantId', 'BAD_ID');
    const qb = ctx.db.getRepository(AssistanceApplication).createQueryBuilder('r');
    scopeQuery(qb, 'r', ctx.identity, { villageCode: true });
    if (f.township) qb.andWhere('r.townshipCode = :township', { township: f.township });
    if (f.village) qb.andWhere('r.villageCode = :village', { village: f.village });
    if (f.step) qb.andWhere('r.step = :step', { step: f.step });
    // programmes is a JSON list of codes: a code is matched with its quotes (codes are UPPER_SNAKE, none contains another quoted)
    if (f.programme) qb.andWhere('r.programmes LIKE :programme', { programme: `%"${f.programme}"%` });
    if (f.channel) qb.andWhere('r.channel = :channel', { channel: f.channel });
    if (f.submittedFrom) qb.andWhere('r.submittedOn >= :from', { from: f.submittedFrom });
    if (f.submittedTo) qb.andWhere('r.submittedOn <= :to', { to: f.submittedTo });
    if (f.applicantId) qb.andWhere('r.applicantId = :applicantId', { applicantId: f.applicantId.toLowerCase() });
    return AssistanceApplicationConnection.of(await paginate(qb, page, { ordering: AssistanceApplicationOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: '申请人 The applicant (resolved by the civil-affairs registry; null outside the caller\'s scope there).' })
  applicant(@Root() r: AssistanceApplication): PersonStub {
    return Object.assign(new PersonStub(), { id: r.applicantId });
  }

  @FieldResolver(() => HouseholdStub, { nullable: true, description: '家庭 The applicant\'s household in the registry; null when not given.' })
  household(@Root() r: AssistanceApplication): HouseholdStub | null {
    return r.householdId ? Object.assign(new HouseholdStub(), { id: r.householdId }) : null;
  }

  @FieldResolver(() => VerificationRunStub, {
    nullable: true,
    description:
      '核对结果 The civil-affairs household verification run (家庭经济状况核对) recorded at the VERIFICATION step, resolved through ' +
      'the graph by civil affairs (its figures under civil affairs\' rules, class income: caseworkers and approvers of the ' +
      'township, civil-affairs officers, auditors); null before the verification, after an objection sent the case back, ' +
      'and for applications verified before runs existed.',
  })
  verification(@Root() r: AssistanceApplication): VerificationRunStub | null {
    return r.verificationRunId ? Object.assign(new VerificationRunStub(), { id: r.verificationRunId }) : null;
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: '乡镇/街道 The township that handles the application.' })
  township(@Root() r: AssistanceApplication): TownshipType | null {
    return TownshipType.of(r.townshipCode);
  }

  @FieldResolver(() => String, { nullable: true, description: '村/社区 The 12-digit village or community code: the applicant\'s village of registration (from the registry); null only when the registry did not answer it and none was given.' })
  villageCode(@Root() r: AssistanceApplication): string | null {
    return r.villageCode;
  }

  @FieldResolver(() => [String], { description: '申请项目 The requested programmes (codes of programmes.json), as requested.' })
  programmes(@Root() r: AssistanceApplication): string[] {
    return r.programmes;
  }

  @FieldResolver(() => [ApplicationTransition], { description: '办理记录 Every transition, oldest first: who, role, when, from, to, note.' })
  async transitions(@Root() r: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<ApplicationTransition[]> {
    return scoped(await transitionsByApplicationId(ctx).load(r.id), r);
  }

  @FieldResolver(() => [ApplicationDocument], { description: '申请材料 The documents the application needs (the table in force on its submission date) and their states.' })
  async documents(@Root() r: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<ApplicationDocument[]> {
    return scoped(await documentsByApplicationId(ctx).load(r.id), r);
  }

  @FieldResolver(() => [HouseholdVisit], { description: '入户调查 The household visits, oldest first.' })
  async visits(@Root() r: AssistanceApplication, @Ctx() ctx: SubgraphContext): Promise<HouseholdVisit[]> {
    return scoped(await visitsByApplicationId(ctx).load(r.id), r);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '提交申请 Submit an application: a caseworker at its township\'s window (channel WINDOW) or a village assistant for its village (channel ' +
      'VILLAGE_ASSISTANT, 帮办代办). The applicant must be an active registry person of the township (NOT_FOUND NOT_IN_REGISTRY, CONFLICT ' +
      'PERSON_NOT_ACTIVE, BAD_USER_INPUT NOT_THE_PERSONS_TOWNSHIP); CONFLICT DUPLICATE_APPLICATION when an open application of the person ' +
      'requests one of the programmes; BAD_USER_INPUT PROGRAMME_NOT_HANDLED (field programmes[i]) for a programme of a department that decides no ' +
      'referral in AidGraph (REFERRAL_DEPARTMENTS; EMPLOYMENT by default: apply at its department\'s window); ' +
      'FORBIDDEN for other roles or another township or village. A retry with the same idempotencyKey returns the first result.',
  })
  submitApplication(@Arg('input', { description: 'The application.' }) input: SubmitApplicationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return submitApplication(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '受理 Accept (SUBMITTED → INVESTIGATION: the documents\' states, the one-time notice 一次性告知 of every missing document, the referrals to ' +
      'the other departments) or not accept (→ NOT_ACCEPTED, with the reason). Caseworkers of the township.' + MUTATION_NOTE,
  })
  acceptApplication(@Arg('input', { description: 'The decision.' }) input: AcceptApplicationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return acceptApplication(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '入户调查 Record a household visit (date, staff, findings) during the investigation (CONFLICT NOT_IN_INVESTIGATION otherwise). Caseworkers of the ' +
      'township, village assistants of the village. A retry with the same idempotencyKey returns the first result.' + MUTATION_NOTE,
  })
  recordHouseholdVisit(@Arg('input', { description: 'The visit.' }) input: RecordHouseholdVisitInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return recordHouseholdVisit(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description: '调查完成 Complete the investigation (INVESTIGATION → VERIFICATION; CONFLICT VISIT_MISSING without a visit since it began). Caseworkers.' + MUTATION_NOTE,
  })
  completeInvestigation(@Arg('input', { description: 'The application.' }) input: ApplicationChangeInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return completeInvestigation(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '核对 Record the economic verification (VERIFICATION → PRELIMINARY_REVIEW; on a CONFIRMED urgent application it stays ' +
      'CONFIRMED): the id of civil affairs\' stored verification run of the applicant\' household (verifyHousehold), checked ' +
      'with civil affairs under the caller\'s rights before anything is written: BAD_USER_INPUT REQUIRED or BAD_ID ' +
      '(verificationRunId), NOT_FOUND VERIFICATION_RUN_NOT_FOUND, CONFLICT NOT_THE_APPLICANTS_HOUSEHOLD or ' +
      'VERIFICATION_BEFORE_SUBMISSION, REGISTRY_UNAVAILABLE when civil affairs cannot be asked. Caseworkers.' + MUTATION_NOTE,
  })
  recordVerification(@Arg('input', { description: 'The verification.' }) input: RecordVerificationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return recordVerification(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '初审 The preliminary decision (PRELIMINARY_REVIEW → PUBLIC_NOTICE for 7 calendar days from today, or → REFUSED with written reasons). Caseworkers.' + MUTATION_NOTE,
  })
  preliminaryDecision(@Arg('input', { description: 'The decision.' }) input: PreliminaryDecisionInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return preliminaryDecision(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description: '异议 Record an objection during the public notice (PUBLIC_NOTICE → INVESTIGATION; CONFLICT NOTICE_ENDED after it). Caseworkers and approvers.' + MUTATION_NOTE,
  })
  recordObjection(@Arg('input', { description: 'The objection.' }) input: RecordObjectionInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return recordObjection(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description:
      '审核确认 Confirm (PUBLIC_NOTICE → CONFIRMED after the notice has ended, CONFLICT NOTICE_NOT_ENDED before; an urgent 先行救助 application from ' +
      'INVESTIGATION, VERIFICATION or PRELIMINARY_REVIEW). Township approvers.' + MUTATION_NOTE,
  })
  confirmApplication(@Arg('input', { description: 'The application.' }) input: ApplicationChangeInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return confirmApplication(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description: '不予批准 Refuse with written reasons (PUBLIC_NOTICE → REFUSED after the notice; an urgent application before it). Township approvers.' + MUTATION_NOTE,
  })
  refuseApplication(@Arg('input', { description: 'The refusal.' }) input: RefuseApplicationInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return refuseApplication(ctx, input);
  }

  @Mutation(() => AssistanceApplication, {
    description: '办结 Close a decided application (NOT_ACCEPTED, CONFIRMED, REFUSED → CLOSED; an urgent one after its follow-up, CONFLICT FOLLOW_UP_PENDING). Caseworkers.' + MUTATION_NOTE,
  })
  closeApplication(@Arg('input', { description: 'The application.' }) input: ApplicationChangeInput, @Ctx() ctx: SubgraphContext): Promise<AssistanceApplication> {
    return closeApplication(ctx, input);
  }
}
