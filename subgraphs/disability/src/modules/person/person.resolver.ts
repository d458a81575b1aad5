import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { Protected, VerificationDisabilityFact, addCalendarDays, inScope, withheldAt, type SubgraphContext } from '@aidgraph/subgraph-kit';
import { PersonStub } from './person.stub';
import { DisabilityCertificate } from '../disability-certificate/disability-certificate.entity';
import { certificatesByPersonId } from '../disability-certificate/disability-certificate.loader';
import { RehabilitationService } from '../rehabilitation-service/rehabilitation-service.entity';
import { rehabilitationByPersonId } from '../rehabilitation-service/rehabilitation-service.loader';
import { DisabilitySubsidy } from '../disability-subsidy/disability-subsidy.entity';
import { subsidiesByPersonId } from '../disability-subsidy/disability-subsidy.loader';
import { DEPARTMENT } from '../disability-certificate/disability-certificate.entity';
import { DisabilityCertificateStatus } from '../disability-certificate/disability-certificate.enums';

/**
 * The days each certificate was in force, for household economic verification: from its issue date to its expiry, cut
 * at the day before its revocation (REVOKED) or before the issue of the next certificate of the same person (REPLACED:
 * superseded by it). `rows` are one person's certificates, newest issue first (the loader's order).
 */
export function certificateFacts(rows: readonly DisabilityCertificate[]): VerificationDisabilityFact[] {
  return rows.map((c, i) => {
    let validTo = c.expiresOn;
    if (c.status === DisabilityCertificateStatus.REVOKED && c.revokedOn) validTo = minDate(validTo, addCalendarDays(c.revokedOn, -1));
    if (c.status === DisabilityCertificateStatus.REPLACED) {
      // the certificate issued after it (rows are newest first, so an earlier index), the nearest one
      const next = rows.slice(0, i).filter((n) => n.issuedOn >= c.issuedOn && n.id !== c.id).map((n) => n.issuedOn).sort()[0];
      validTo = next ? minDate(validTo, addCalendarDays(next, -1)) : addCalendarDays(c.issuedOn, -1); // replaced by what we cannot see: never counted
    }
    return Object.assign(new VerificationDisabilityFact(), {
      personId: c.personId, certificateId: c.id, category: c.category, grade: Number(c.grade), validFrom: c.issuedOn, validTo,
    });
  });
}
const minDate = (a: string, b: string) => (a < b ? a : b);

/**
 * The fields the disabled persons' federation adds to Person; each loads through a per-request DataLoader. Each is
 * sensitive as a whole (any of them reveals a disability, a nursing subsidy a severe one): other departments' officers
 * get FORBIDDEN for the field, and every read is noted in the audit log.
 */
@Resolver(() => PersonStub)
export class PersonDisabilityResolver {
  @FieldResolver(() => [DisabilityCertificate], {
    nullable: true,
    description:
      '残疾人证 The person\'s disability certificates (市残联), newest issue first, including REPLACED and REVOKED ones; empty ' +
      'when there are none, null when the disability subgraph cannot answer. A caseworker sees those handled in their ' +
      'township. Sensitive disability data: FORBIDDEN for other departments\' officers (the federation, caseworkers ' +
      'and auditors see it; number, category and grade see DisabilityCertificate). Empty for analysts (count with ' +
      'disabilityCertificates(filter) { totalCount }).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async disabilityCertificates(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilityCertificate[]> {
    if (withheldAt(ctx.identity, 'Person.disabilityCertificates')) return [];
    const rows = await certificatesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [RehabilitationService], {
    nullable: true,
    description:
      '康复救助 The person\'s rehabilitation services (市残联), latest start first; empty when there are none, null when the ' +
      'disability subgraph cannot answer. A caseworker sees those handled in their township. Sensitive disability data: ' +
      'FORBIDDEN for other departments\' officers. Empty for analysts (count with rehabilitationServices(filter) { totalCount }).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async rehabilitationServices(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<RehabilitationService[]> {
    if (withheldAt(ctx.identity, 'Person.rehabilitationServices')) return [];
    const rows = await rehabilitationByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @FieldResolver(() => [DisabilitySubsidy], {
    nullable: true,
    description:
      '残疾人两项补贴 The person\'s living and nursing subsidy grants (市残联), latest start first; empty when there are none, ' +
      'null when the disability subgraph cannot answer. A caseworker sees those handled in their township. Sensitive ' +
      'disability data: FORBIDDEN for other departments\' officers. Empty for analysts (count with disabilitySubsidies(filter) ' +
      '{ totalCount }: a LIVING subsidy gives the household\'s category).',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async disabilitySubsidies(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<DisabilitySubsidy[]> {
    if (withheldAt(ctx.identity, 'Person.disabilitySubsidies')) return [];
    const rows = await subsidiesByPersonId(ctx).load(p.id);
    return rows.filter((r) => inScope(ctx.identity, r.townshipCode));
  }

  @Directive('@inaccessible')
  @FieldResolver(() => [VerificationDisabilityFact], {
    nullable: true,
    description:
      '核对用残疾人证 INTERNAL (@inaccessible: not in the API schema, only the query planner fetches it): the person\'s ' +
      'disability certificates as household economic verification reads them (category, grade, the days each was in force), ' +
      'required by civil affairs\' Household.verification. Answered with the caller\'s token under the rules of ' +
      'Person.disabilityCertificates (class health.disability): a caseworker gets the certificates handled in their township ' +
      'only, other departments\' officers (civil affairs\' too) and village assistants FORBIDDEN, analysts an empty list.',
  })
  @Protected({ sensitiveOf: DEPARTMENT })
  async verificationDisabilityFacts(@Root() p: PersonStub, @Ctx() ctx: SubgraphContext): Promise<VerificationDisabilityFact[]> {
    if (withheldAt(ctx.identity, 'Person.disabilityCertificates')) return [];
    const rows = await certificatesByPersonId(ctx).load(p.id);
    // the validity of each is computed over all the person's certificates (a replacement ends the one it replaced), then
    // only those the caller may see are answered
    const visible = new Set(rows.filter((r) => inScope(ctx.identity, r.townshipCode)).map((r) => r.id));
    return certificateFacts(rows).filter((f) => visible.has(f.certificateId));
  }
}
