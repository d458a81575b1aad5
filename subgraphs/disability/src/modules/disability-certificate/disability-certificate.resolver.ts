import { Arg, Args, Ctx, FieldResolver, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  assertCountOnlyList, assertFiltersAllowed, PageArgs, Protected, TownshipType, assertMayReadDepartment,
  connectionType, listOrder, paginate, scopeWhere, type ListOrderInput, type SubgraphContext, checkUuid,
} from '@aidgraph/subgraph-kit';
import { PersonStub } from '../person/person.stub';
import { DEPARTMENT, DisabilityCertificate } from './disability-certificate.entity';
import { isSevereGrade } from './disability-certificate.enums';
import {
  CorrectDisabilityCertificateInput, DisabilityCertificateFilter, IssueDisabilityCertificateInput, RevokeDisabilityCertificateInput,
} from './disability-certificate.input';
import { correctDisabilityCertificate, issueDisabilityCertificate, revokeDisabilityCertificate } from './disability-certificate.service';
import { checkTownship } from '../common/validation';

@ObjectType({ description: 'A page of disability certificates (Relay connection).' })
export class DisabilityCertificateConnection extends connectionType(DisabilityCertificate, 'DisabilityCertificate', 'A page of disability certificates.') {}

/** The orders of disabilityCertificates (orderBy): each key is classified (classification.ts, DisabilityCertificateOrder.field[KEY]). */
export const DisabilityCertificateOrdering = listOrder('DisabilityCertificate', {
  ISSUED_ON: { property: 'issuedOn', kind: 'date', description: '发证日期 By issue date (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
  EXPIRES_ON: { property: 'expiresOn', kind: 'date', description: '有效期至 By expiry date (ISO date order). FORBIDDEN to analysts (dates are null for them).' },
});

@Resolver(() => DisabilityCertificate)
export class DisabilityCertificateResolver {
  @Query(() => DisabilityCertificateConnection, {
    nullable: true,
    description:
      '残疾人证 Disability certificates, filtered, in the order asked for (orderBy: ' + DisabilityCertificateOrdering.summary + '; default by id, stable). A caseworker sees those handled in their ' +
      'township. BAD_USER_INPUT for a malformed filter; FORBIDDEN for other departments\' officers (a certificate reveals a ' +
      'disability). Analysts may only count (select totalCount alone, which answers them null: no count for them: the statistics queries answer only those who see the rows; coarse filters): ' +
      'FORBIDDEN with rows or cursors, as a record links a disability to a person whom (gender, age band, township) singles ' +
      'out (class health.disability).',
  })
  async disabilityCertificates(
    @Args() page: PageArgs,
    @Arg('orderBy', () => DisabilityCertificateOrdering.input, { nullable: true, description: `The order: ${DisabilityCertificateOrdering.summary}, ascending or descending; ties broken by id. Keys the caller may not see are FORBIDDEN.` }) orderBy: ListOrderInput | null,
    @Arg('filter', () => DisabilityCertificateFilter, { nullable: true, description: 'Filters; all given must hold.' }) filter: DisabilityCertificateFilter | null,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DisabilityCertificateConnection> {
    assertMayReadDepartment(ctx.identity, DEPARTMENT);
    assertCountOnlyList(ctx.identity, 'Query.disabilityCertificates', info);
    assertFiltersAllowed(ctx.identity, 'DisabilityCertificateFilter', filter, info);
    const f = filter ?? {};
    const qb = ctx.db.getRepository(DisabilityCertificate).createQueryBuilder('c');
    const scope = scopeWhere(ctx.identity, { villageCode: false });
    if (scope.townshipCode) qb.andWhere('c.townshipCode = :scope', { scope: scope.townshipCode });
    if (f.townshipCode) qb.andWhere('c.townshipCode = :township', { township: checkTownship(f.townshipCode, 'filter.townshipCode') });
    if (f.category) qb.andWhere('c.category = :category', { category: f.category });
    if (f.grade != null) qb.andWhere('c.grade = :grade', { grade: f.grade });
    if (f.severe != null) qb.andWhere(f.severe ? 'c.grade <= 2' : 'c.grade > 2');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.personId) qb.andWhere('c.personId = :personId', { personId: checkUuid(f.personId, 'filter.personId') });
    return DisabilityCertificateConnection.of(await paginate(qb, page, { ordering: DisabilityCertificateOrdering, orderBy, identity: ctx.identity }));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '残疾人证号 Certificate number: the holder\'s 18-character resident ID number, the category digit (1-7), the grade ' +
      'digit (1-4) and, for a reissue, B1-B9 (20 or 22 characters, canonical form). Classes health.disability (FORBIDDEN ' +
      'for other departments\' officers) and identifier.idNumber (null for analysts: no fragment of an ID number).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  @Protected('identifier.idNumber')
  number(@Root() c: DisabilityCertificate): string {
    return c.number;
  }

  @FieldResolver(() => Boolean, { description: '重度 True for grades 1-2 (severe disability). Sensitive, like `grade`.' })
  @Protected({ sensitiveOf: DEPARTMENT })
  severe(@Root() c: DisabilityCertificate): boolean {
    return isSevereGrade(c.grade);
  }

  @FieldResolver(() => PersonStub, { nullable: true, description: 'The holder (resolved by the civil-affairs registry). Null when the registry has no such person or the person is outside the caller\'s scope (the rest of the record, and of the list, still answers).' })
  person(@Root() c: DisabilityCertificate): PersonStub {
    return Object.assign(new PersonStub(), { id: c.personId });
  }

  @FieldResolver(() => TownshipType, { nullable: true, description: 'The township whose federation office handles the holder.' })
  township(@Root() c: DisabilityCertificate): TownshipType | null {
    return TownshipType.of(c.townshipCode);
  }

  @Mutation(() => DisabilityCertificate, {
    description:
      'Issue a disability certificate (federation officers). BAD_USER_INPUT when the number does not agree with itself, ' +
      'the category, the grade or the given holder ID number (extensions.field and reason name it); CONFLICT when the ' +
      'person already holds a valid certificate not named in replacesCertificateId, the number exists, or the ID part is ' +
      'another person\'s; FORBIDDEN for other roles.',
  })
  issueDisabilityCertificate(
    @Arg('input', { description: 'The certificate.' }) input: IssueDisabilityCertificateInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisabilityCertificate> {
    return issueDisabilityCertificate(ctx, input);
  }

  @Mutation(() => DisabilityCertificate, {
    description: 'Correct a certificate record (federation officers). NOT_FOUND for an unknown id; the same checks as on issue.',
  })
  correctDisabilityCertificate(
    @Arg('input', { description: 'The record and the fields to correct.' }) input: CorrectDisabilityCertificateInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisabilityCertificate> {
    return correctDisabilityCertificate(ctx, input);
  }

  @Mutation(() => DisabilityCertificate, {
    description:
      'Revoke (注销) a valid certificate (federation officers); the holder\'s active subsidies end on that date. NOT_FOUND ' +
      'for an unknown id, CONFLICT when it is not VALID.',
  })
  revokeDisabilityCertificate(
    @Arg('input', { description: 'The certificate, the date and the reason.' }) input: RevokeDisabilityCertificateInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DisabilityCertificate> {
    return revokeDisabilityCertificate(ctx, input);
  }
}
